"""PAdES signatures with the configured PKCS#12 key, the demo key of `make run`, and the clear
error when production has no key. The real pyHanko signs and validates: nothing is mocked."""

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from django.conf import settings
from django.core.management import CommandError, call_command
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.signers.pdf_signer import PdfSigningSession
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from portal.signing import (
    DEMO_SUBJECT,
    SigningKeyMissing,
    coroutine_run,
    demo_certificate_create,
    pdf_sign,
)
from tests.factories import pdf_bytes
from tests.test_settings import run_manage

PASSPHRASE = "uji-tanda-tangan"


@pytest.fixture(scope="session")
def demo_p12(tmp_path_factory) -> Path:
    """One demo key for the whole run: RSA key generation is the slow part."""
    return demo_certificate_create(tmp_path_factory.mktemp("signing") / "demo.p12", PASSPHRASE)


@pytest.fixture
def signing_key(settings, demo_p12) -> Path:
    settings.CERT_SIGNING_P12 = str(demo_p12)
    settings.CERT_SIGNING_PASSPHRASE = PASSPHRASE
    return demo_p12


def demo_certificate(path: Path) -> x509.Certificate:
    _key, certificate, _chain = pkcs12.load_key_and_certificates(
        path.read_bytes(), PASSPHRASE.encode()
    )
    return certificate


def signature_status(pdf: bytes, p12: Path):
    """The validation of the PDF's only signature, trusting the demo certificate (and nothing
    else), plus the signature dictionary."""
    certificate = asn1_x509.Certificate.load(demo_certificate(p12).public_bytes(Encoding.DER))
    signatures = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    assert len(signatures) == 1
    status = coroutine_run(
        async_validate_pdf_signature(
            signatures[0], ValidationContext(trust_roots=[certificate], allow_fetching=False)
        )
    )
    return status, signatures[0].sig_object


def assert_signed_pades(pdf: bytes) -> None:
    """Signed once, intact, PAdES, by the configured key (the only trusted one)."""
    status, signature = signature_status(pdf, Path(settings.CERT_SIGNING_P12))
    assert status.intact
    assert status.valid
    assert status.trusted
    assert status.bottom_line
    assert status.md_algorithm == "sha256"
    assert signature["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert status.coverage.name == "ENTIRE_FILE"


def test_a_signed_pdf_validates_as_intact_trusted_pades(signing_key):
    signed = pdf_sign(pdf_bytes(), reason="Sertifikat Kompetensi UKP/2026/000001", name="Dr. A")

    assert_signed_pades(signed)
    _status, signature = signature_status(signed, signing_key)
    assert signature["/Reason"] == "Sertifikat Kompetensi UKP/2026/000001"
    assert signature["/Name"] == "Dr. A"


def test_signing_appends_an_update_and_keeps_the_rendered_bytes(signing_key):
    original = pdf_bytes()

    signed = pdf_sign(original, reason="Uji")

    assert signed.startswith(original)
    assert len(signed) > len(original)


def test_a_changed_byte_breaks_the_signature(signing_key):
    signed = bytearray(pdf_sign(pdf_bytes(), reason="Uji"))
    # Inside the first revision (covered by /ByteRange), not inside /Contents.
    position = signed.index(b"/MediaBox")
    signed[position + 1 : position + 2] = b"X"

    status, _signature = signature_status(bytes(signed), signing_key)

    assert not status.intact
    assert not status.bottom_line


def test_a_signature_by_another_key_is_not_trusted(signing_key, tmp_path):
    stranger = demo_certificate_create(tmp_path / "lain.p12", PASSPHRASE)

    status, _signature = signature_status(pdf_sign(pdf_bytes(), reason="Uji"), stranger)

    assert status.intact
    assert not status.trusted


def test_the_demo_certificate_signs_documents_for_five_years(demo_p12):
    certificate = demo_certificate(demo_p12)

    subject = certificate.subject.get_attributes_for_oid(x509.oid.NameOID.COMMON_NAME)
    assert subject[0].value == DEMO_SUBJECT
    assert "(DEMO)" in DEMO_SUBJECT
    assert certificate.issuer == certificate.subject  # self-signed
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature
    assert usage.content_commitment  # nonRepudiation
    assert not usage.key_cert_sign
    lifetime = certificate.not_valid_after_utc - datetime.now(UTC)
    assert timedelta(days=5 * 365 - 2) < lifetime <= timedelta(days=5 * 365)


@pytest.mark.parametrize(
    ("configured", "passphrase", "message"),
    [
        ("", "", "Certificate signing key not configured: set CERT_SIGNING_P12"),
        ("tidak-ada/kunci.p12", PASSPHRASE, "does not exist"),
        ("KEY", "salah", "cannot be opened: wrong CERT_SIGNING_PASSPHRASE"),
    ],
)
def test_a_missing_or_unusable_key_is_a_clear_error_when_signing(
    settings, demo_p12, tmp_path, configured, passphrase, message
):
    settings.DEBUG = False
    settings.CERT_SIGNING_P12 = str(demo_p12) if configured == "KEY" else configured
    if configured.startswith("tidak-ada"):
        settings.CERT_SIGNING_P12 = str(tmp_path / configured)
    settings.CERT_SIGNING_PASSPHRASE = passphrase

    with pytest.raises(SigningKeyMissing, match=message):
        pdf_sign(pdf_bytes(), reason="Uji")


def test_production_starts_without_a_key_and_refuses_to_sign_saying_why(tmp_path):
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from portal.signing import pdf_sign; pdf_sign(b'%PDF-1.7', reason='x')",
        env_overrides={"DEBUG": "false", "CERT_SIGNING_P12": "", "CERT_SIGNING_PASSPHRASE": ""},
        tmp_path=tmp_path,
    )

    assert result.returncode != 0
    assert "SigningKeyMissing" in result.stderr
    assert "set CERT_SIGNING_P12" in result.stderr


def test_on_a_laptop_the_demo_command_creates_the_key_the_settings_sign_with(tmp_path):
    laptop = {"DEBUG": "true", "CERT_SIGNING_P12": "", "CERT_SIGNING_PASSPHRASE": ""}
    created = run_manage("signing_demo_certificate", env_overrides=laptop, tmp_path=tmp_path)

    assert created.returncode == 0, created.stderr
    key = tmp_path / "signing" / "demo-signing.p12"
    assert key.is_file()
    signed = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from portal.signing import pdf_sign; from tests.factories import pdf_bytes; "
        "print(len(pdf_sign(pdf_bytes(), reason='x')) > 1000)",
        env_overrides=laptop,
        tmp_path=tmp_path,
    )
    assert signed.returncode == 0, signed.stderr
    assert signed.stdout.strip() == "True"


def test_the_demo_command_refuses_in_production_unless_forced(settings, tmp_path):
    settings.DEBUG = False
    settings.CERT_SIGNING_P12 = str(tmp_path / "demo.p12")
    settings.CERT_SIGNING_PASSPHRASE = PASSPHRASE

    with pytest.raises(CommandError, match="DEBUG mati"):
        call_command("signing_demo_certificate")
    assert not (tmp_path / "demo.p12").exists()

    call_command("signing_demo_certificate", "--force", stdout=io.StringIO())
    first = (tmp_path / "demo.p12").read_bytes()
    output = io.StringIO()
    call_command("signing_demo_certificate", "--force", stdout=output)

    assert "sudah ada" in output.getvalue()
    assert (tmp_path / "demo.p12").read_bytes() == first  # never replaces a key
    assert demo_certificate(tmp_path / "demo.p12").subject.rfc4514_string().startswith("CN=")


def test_signing_works_where_an_event_loop_is_already_running(signing_key):
    """pyHanko's own sync wrappers call asyncio.run(), which refuses inside a running loop."""

    async def sign_from_async_code():
        return pdf_sign(pdf_bytes(), reason="Uji")

    assert_signed_pades(coroutine_run(sign_from_async_code()))


def test_later_signatures_reuse_the_first_ones_room_and_still_validate(
    signing_key, settings, tmp_path, monkeypatch
):
    """The room for the signature is measured by a trial signature once per key, not per PDF."""
    fresh = tmp_path / "fresh.p12"  # a key file no earlier test signed with: nothing measured yet
    fresh.write_bytes(signing_key.read_bytes())
    settings.CERT_SIGNING_P12 = str(fresh)
    trials = []
    measure = PdfSigningSession.estimate_signature_container_size

    async def counted(self, *args, **kwargs):
        trials.append(1)
        return await measure(self, *args, **kwargs)

    monkeypatch.setattr(PdfSigningSession, "estimate_signature_container_size", counted)

    signed = [pdf_sign(pdf_bytes(), reason=f"Uji {index}") for index in range(3)]

    assert len(trials) == 1
    for pdf in signed:
        assert_signed_pades(pdf)
