"""The public check of a certificate: its verification link (the QR code's target) and what an
answer may tell.

Numbers are sequential, so anyone can ask for every one of them. The number alone therefore
tells only the status: valid, revoked (with its date and reason, which are public), not yet valid
or unknown. The holder's name and level and the date of issue are told only with the
certificate's verification token, which only the QR code on the certificate, the address printed
under it and the candidate's own certificate page carry (128 random bits, compared in constant
time). A wrong token is answered exactly as no token: the answer never tells whether a guess was
near, nor that a token belongs to another number."""

import secrets
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from certificates.models import Certificate

QR_PARAMETER = "t"  # /certificates/verify/<number>/?t=<token>: short, for a small QR code


def verification_url(certificate: Certificate) -> str:
    """The certificate's full verification link, token included: the target of its QR code."""
    path = reverse("certificate_verify", kwargs={"number": certificate.number})
    query = urlencode({QR_PARAMETER: certificate.verification_token})
    return f"{settings.PORTAL_BASE_URL}{path}?{query}"


def token_matches(certificate: Certificate, token: str) -> bool:
    """Whether `token` is this certificate's, in constant time (bytes: compare_digest refuses
    text that is not ASCII, and a token from the address may be anything)."""
    if not token or not certificate.verification_token:
        return False
    return secrets.compare_digest(
        token.encode("utf-8", "replace"), certificate.verification_token.encode()
    )


def _local_date(moment) -> date | None:
    return timezone.localdate(moment) if moment else None


def verification_answer(*, number: str, certificate: Certificate | None, token: str = "") -> dict:
    """The public answer for a number. A certificate counts only once it is signed; before that
    (or when the number is unknown) nothing but the status is told, so that the pipeline of
    other people's certificates stays private. A revocation is told whatever the stage. The
    holder's data (name, level, date of issue) only with the right token: then `complete`."""
    answer = {
        "number": number,
        "status": "unknown",
        "complete": False,
        "name": None,
        "level": None,
        "issued_on": None,
        "issuer": None,
        "revoked_on": None,
        "revocation_reason": None,
    }
    if certificate is None:
        return answer
    revoked = certificate.revoked_at is not None
    if certificate.signed_at is None and not revoked:
        return {**answer, "status": "not_yet_valid"}
    answer.update(
        status="revoked" if revoked else "valid",
        # The agency of the service's provider, as printed on the certificate.
        issuer=certificate.application.service.provider.issuer,
        revoked_on=_local_date(certificate.revoked_at),
        revocation_reason=certificate.revocation_reason if revoked else None,
    )
    if token_matches(certificate, token):
        answer.update(
            complete=True,
            name=certificate.name,
            level=certificate.level,
            issued_on=_local_date(certificate.issued_at or certificate.signed_at),
        )
    return answer
