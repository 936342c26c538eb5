"""Digital signatures on the portal's PDFs (PAdES baseline B-B, pyHanko): certificates, result
letters, and the engine's decision letters and products. The key and certificate of the signing
official are given as a PKCS#12 file and passphrase (settings CERT_SIGNING_P12,
CERT_SIGNING_PASSPHRASE); `make run` creates a self-signed demo certificate so a laptop signs
too."""

import asyncio
import datetime
import io
import os
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEMO_SUBJECT = "Pejabat Penandatangan (DEMO) Perpustakaan Nasional RI"
DEMO_VALID_YEARS = 5


class SigningKeyMissing(ImproperlyConfigured):
    """No usable signing key: raised when a PDF is signed, not at start-up, so the rest of the
    portal runs while operations installs the key (the re-drive then signs what waited)."""


def _signing_key() -> tuple[Path, bytes]:
    path = settings.CERT_SIGNING_P12
    if not path:
        raise SigningKeyMissing(
            "Certificate signing key not configured: set CERT_SIGNING_P12 (path of the signing "
            "official's PKCS#12 file) and CERT_SIGNING_PASSPHRASE."
        )
    path = Path(path)
    if not path.is_file():
        hint = " Run `manage.py signing_demo_certificate` for a demo key." if settings.DEBUG else ""
        raise SigningKeyMissing(
            f"Certificate signing key CERT_SIGNING_P12={str(path)!r} does not exist.{hint}"
        )
    return path, (settings.CERT_SIGNING_PASSPHRASE or "").encode()


@lru_cache(maxsize=4)
def _signer(path: str, passphrase: bytes, modified_ns: int):
    """Parsed once per key file (and again when the file changes): a batch signs forty PDFs."""
    from asn1crypto import tsp
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.sign import attributes, signers
    from pyhanko.sign.general import as_signing_certificate_v2, get_pyca_cryptography_hash

    class KeptCertificateId(attributes.SigningCertificateV2Provider):
        """The signing-certificate-v2 attribute (the certificate's hash and issuer) from its
        DER, encoded once per key. pyHanko builds it anew for every signature, and asn1crypto
        encodes such a freshly built value field by field, several times over while it is
        wrapped into the signed attributes: about 40 ms of CPU per PDF, a fifth of a
        certificate's cost. Parsed from bytes, the value keeps its encoding."""

        def __init__(self, der: bytes):
            self.der = der

        async def build_attr_value(self, dry_run=False):
            return tsp.SigningCertificateV2.load(self.der)

    class KeptAttributes:
        """pyHanko's signed attributes with the signing certificate's one kept (above)."""

        def __init__(self, spec, kept):
            self.spec, self.kept = spec, kept

        def signed_attr_providers(self, data_digest: bytes, digest_algorithm: str):
            for provider in self.spec.signed_attr_providers(
                data_digest=data_digest, digest_algorithm=digest_algorithm
            ):
                if type(provider) is attributes.SigningCertificateV2Provider:
                    yield self.kept
                else:
                    yield provider

    class KeptKeySigner(signers.SimpleSigner):
        """SimpleSigner parses and checks the private key again for every signature (a tenth
        of a second for RSA, twice per PDF): keep the parsed key for the common RSA case; and
        keep the encoded signing-certificate attribute (KeptCertificateId)."""

        def __init__(self, *, private_key, **kwargs):
            super().__init__(**kwargs)
            self.private_key = private_key
            self.kept_certificate_id = KeptCertificateId(
                as_signing_certificate_v2(self.signing_cert).dump()
            )

        def _signed_attr_provider_spec(self, *args, **kwargs):
            spec = super()._signed_attr_provider_spec(*args, **kwargs)
            return KeptAttributes(spec, self.kept_certificate_id)

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            if not (
                isinstance(self.private_key, RSAPrivateKey)
                and mechanism.signature_algo == "rsassa_pkcs1v15"
            ):
                return super().sign_raw(data, digest_algorithm)
            return self.private_key.sign(
                data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm)
            )

    data = Path(path).read_bytes()
    try:
        private_key, _certificate, _chain = pkcs12.load_key_and_certificates(
            data, passphrase or None
        )
        loaded = signers.SimpleSigner.load_pkcs12_data(
            data, other_certs=[], passphrase=passphrase or None
        )
    except ValueError as exc:
        raise SigningKeyMissing(
            f"Certificate signing key CERT_SIGNING_P12={path!r} cannot be opened: wrong "
            "CERT_SIGNING_PASSPHRASE, or not a PKCS#12 file with a key and certificate."
        ) from exc
    return KeptKeySigner(
        private_key=private_key,
        signing_cert=loaded.signing_cert,
        signing_key=loaded.signing_key,
        cert_registry=loaded.cert_registry,
    )


def pdf_sign(pdf: bytes, *, reason: str, name: str | None = None) -> bytes:
    """Sign the PDF with the configured key as an incremental update, so the rendered bytes stay
    untouched and any reader shows the signature. `name` is the signer's name as shown by PDF
    readers (the certificate's subject when None).

    The signature certifies the document and allows no later change (DocMDP, permission level
    1): an annotation, a filled field or another signature appended afterwards makes every
    validator (Acrobat, pyHanko) report the document as changed. An approval signature would
    let a forger paste a new name over the holder's as an annotation, or add a signature of
    their own, and the portal's would still show as valid. Every PDF the portal signs is
    final and signed once: the certificate, its legalised copy (rendered anew with its mark,
    not the signed original signed again) and the result letter."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    path, passphrase = _signing_key()
    signer = _signer(str(path), passphrase, os.stat(path).st_mtime_ns)
    metadata = signers.PdfSignatureMetadata(
        field_name="TandaTanganElektronik",
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location="Jakarta",
        name=name,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    output = io.BytesIO()
    # pyHanko sizes the signature's placeholder by making a whole trial signature first; the
    # size depends only on the key and certificate, so it is measured once per signer.
    reserved = getattr(signer, "reserved_bytes", None)
    coroutine_run(
        signers.PdfSigner(metadata, signer=signer).async_sign_pdf(
            writer, output=output, bytes_reserved=reserved
        )
    )
    if reserved is None:
        signer.reserved_bytes = _reserved_bytes(output.getvalue())
    return output.getvalue()


def _reserved_bytes(signed: bytes) -> int:
    """The room pyHanko reserved for the signature container in a PDF it signed, counted as it
    counts it: in hexadecimal digits, two per byte."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    signature = PdfFileReader(io.BytesIO(signed)).embedded_signatures[-1]
    return 2 * len(signature.sig_object.get_object()["/Contents"])


def coroutine_run(coroutine):
    """Run one of pyHanko's coroutines to the end from synchronous code. Its own sync wrappers
    call asyncio.run(), which refuses to start where an event loop already runs in the thread
    (an async server, a Playwright-driven test); then it runs in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def demo_certificate_create(path: Path | str, passphrase: str) -> Path:
    """Write a self-signed RSA signing certificate as PKCS#12: for laptops and demos only, a PDF
    reader shows its signature as made by an untrusted "(DEMO)" signer."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(
                NameOID.ORGANIZATION_NAME, "Perpustakaan Nasional Republik Indonesia"
            ),
            x509.NameAttribute(NameOID.COMMON_NAME, DEMO_SUBJECT),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365 * DEMO_VALID_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        name=DEMO_SUBJECT.encode(),
        key=key,
        cert=certificate,
        cas=None,
        encryption_algorithm=serialization.BestAvailableEncryption(passphrase.encode()),
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_bytes(data)
    return path
