"""Signed certificates, legalised copies and result letters are certification signatures that
allow no later change (DocMDP level 1): an annotation appended over the holder's name, or a
second signature, as an incremental update that leaves the signed bytes alone, makes validation
fail; the untouched PDF still validates. (Each PDF is signed exactly once: the legalised copy is
rendered anew with its legalisation mark, never the signed original signed a second time; the
result letter goes through the same portal.signing.pdf_sign.)

Before, the signatures were approval signatures: pyHanko already reported an annotation as a
change, but a second signature counts as form filling, which an approval signature allows, so
the portal's signature still validated (and Acrobat shows annotations after an approval
signature as allowed changes)."""

import io

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from certificates.constants import CertificateStatus, FileState
from certificates.documents import certificate_pdf_store, legalised_pdf_store
from portal.signing import coroutine_run, demo_certificate_create, pdf_sign
from tests.certificates.test_signing import (  # noqa: F401 - demo_p12 and signing_key: fixtures
    PASSPHRASE,
    demo_certificate,
    demo_p12,
    signing_key,
)
from tests.factories import CertificateFactory, pdf_bytes

pytestmark = pytest.mark.django_db


def validate(pdf: bytes, p12):
    """The status of the portal's signature (the first one), trusting the demo key only."""
    certificate = asn1_x509.Certificate.load(demo_certificate(p12).public_bytes(Encoding.DER))
    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    status = coroutine_run(
        async_validate_pdf_signature(
            signature, ValidationContext(trust_roots=[certificate], allow_fetching=False)
        )
    )
    return status, signature


def with_annotation_over_the_name(pdf: bytes) -> bytes:
    """What a forger does with a PDF editor: a white box and new text over the holder's name,
    saved as an incremental update (the signed bytes stay as they were)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    page_ref, _ = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    annotation = generic.DictionaryObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/FreeText"),
            generic.pdf_name("/Rect"): generic.ArrayObject(
                [generic.NumberObject(n) for n in (200, 300, 640, 340)]
            ),
            generic.pdf_name("/Contents"): generic.TextStringObject("Nama Orang Lain, S.I.Pust."),
            generic.pdf_name("/DA"): generic.pdf_string("/Helv 18 Tf 0 g"),
        }
    )
    annotations = page.get("/Annots", generic.ArrayObject())
    annotations = annotations.get_object() if hasattr(annotations, "get_object") else annotations
    annotations = generic.ArrayObject([*annotations, writer.add_object(annotation)])
    page[generic.pdf_name("/Annots")] = annotations
    writer.update_container(page)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


@pytest.fixture
def certificate(signing_key):  # noqa: F811 - the fixture imported above
    certificate = CertificateFactory(
        status=CertificateStatus.SHIPPING,
        number="UKP/2026/000123",
        pdf_state=FileState.PENDING,
        legalised_pdf_state=FileState.PENDING,
    )
    assert certificate_pdf_store(certificate_id=certificate.pk)
    assert legalised_pdf_store(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    return certificate


@pytest.mark.parametrize("field", ["pdf", "legalised_pdf"])
def test_the_signed_certificate_is_certified_and_validates_untouched(
    certificate,
    signing_key,  # noqa: F811
    field,
):
    with getattr(certificate, field).open("rb") as stored:
        status, signature = validate(stored.read(), signing_key)

    assert status.bottom_line
    assert signature.docmdp_level == MDPPerm.NO_CHANGES


@pytest.mark.parametrize("field", ["pdf", "legalised_pdf"])
def test_an_annotation_over_the_name_makes_validation_fail(
    certificate,
    signing_key,  # noqa: F811
    field,
):
    with getattr(certificate, field).open("rb") as stored:
        forged = with_annotation_over_the_name(stored.read())

    status, _signature = validate(forged, signing_key)

    assert status.intact  # the signed bytes themselves were not touched...
    assert not status.docmdp_ok  # ...but the update is one the signature does not allow
    assert not status.bottom_line


class CarelessSigner(signers.PdfSigner):
    """A signing tool that does not honour the author's DocMDP restrictions (pyHanko does)."""

    def _enforce_certification_constraints(self, reader):
        return None


def stranger_signature(pdf: bytes, p12, *, signer_class=signers.PdfSigner) -> bytes:
    signer = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=PASSPHRASE.encode())
    output = io.BytesIO()
    coroutine_run(
        signer_class(signers.PdfSignatureMetadata(field_name="Lain"), signer=signer).async_sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False), output=output
        )
    )
    return output.getvalue()


def test_a_second_signature_appended_later_makes_validation_fail(
    certificate,
    signing_key,  # noqa: F811
    tmp_path,
):
    """An approval signature allows later form filling, and a signature is form filling: a
    stranger's signature appended to an approval-signed certificate left the portal's valid."""
    stranger = demo_certificate_create(tmp_path / "lain.p12", PASSPHRASE)
    with certificate.pdf.open("rb") as stored:
        countersigned = stranger_signature(stored.read(), stranger, signer_class=CarelessSigner)

    status, _signature = validate(countersigned, signing_key)

    assert status.intact
    assert not status.docmdp_ok
    assert not status.bottom_line


def test_pyhanko_itself_refuses_to_sign_a_certificate_again(
    certificate,
    signing_key,  # noqa: F811
    tmp_path,
):
    stranger = demo_certificate_create(tmp_path / "lain.p12", PASSPHRASE)
    with certificate.pdf.open("rb") as stored, pytest.raises(SigningError, match="forbids"):
        stranger_signature(stored.read(), stranger)


def test_every_pdf_the_portal_signs_is_certified(signing_key):  # noqa: F811
    """The result letter, and anything signed later, goes through pdf_sign."""
    status, signature = validate(pdf_sign(pdf_bytes(), reason="Surat Keterangan"), signing_key)

    assert status.bottom_line
    assert signature.docmdp_level == MDPPerm.NO_CHANGES
