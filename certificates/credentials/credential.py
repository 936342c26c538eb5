"""The holder's credential: their signed certificate as an Open Badges 3.0 credential (W3C VC
Data Model 2.0), secured as a JWT signed with the provider's active key.

Made on request from the certificate's frozen data: only for a signed, numbered certificate that
is not revoked, and only once it has its status-list index. The holder is named as
portal.credentials.subject says: the name in clear, the NIP salted and hashed."""

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from certificates.exceptions import CertificateError
from certificates.models import Certificate
from portal.credentials.issuer import CONTEXT_OB, CONTEXT_VC, issuer_profile
from portal.credentials.keys import credential_sign
from portal.credentials.status import status_entry
from portal.credentials.subject import holder_identifiers


def credential_refusal(certificate: Certificate) -> str | None:
    """Why no credential is given for this certificate now, or None."""
    if certificate.revoked_at is not None:
        return _("Sertifikat ini dicabut.")
    if not certificate.number or certificate.signed_at is None:
        return _("Kredensial digital tersedia setelah sertifikat ditandatangani.")
    if certificate.status_list_id is None:
        return _("Kredensial digital sertifikat ini belum tersedia; hubungi petugas sertifikat.")
    return None


def credential_status_of(certificate: Certificate) -> dict | None:
    """The credentialStatus its credential carries (its bit in the provider's status list), for
    a certificate with its status list and provider select_related; None before it has one."""
    if certificate.status_list_id is None:
        return None
    return status_entry(
        provider=certificate.application.service.provider,
        status_list=certificate.status_list,
        index=certificate.status_list_index,
    )


def credential_document(certificate: Certificate) -> dict:
    """The credential (unsecured form) of a certificate with select_related provider data."""
    service = certificate.application.service
    provider = service.provider
    issuer = issuer_profile(provider)
    achievement_id = f"{issuer['id']}#{service.slug}-{slugify(certificate.level)}"
    return {
        "@context": [CONTEXT_VC, CONTEXT_OB],
        "id": f"urn:uuid:{certificate.public_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{service.name}: {certificate.level}",
        "description": _("Sertifikat nomor %(number)s") % {"number": certificate.number},
        "issuer": issuer,
        "validFrom": timezone.localtime(certificate.signed_at).isoformat(timespec="seconds"),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": holder_identifiers(
                name=certificate.name, nip=certificate.nip, product_id=certificate.public_id
            ),
            "achievement": {
                "id": achievement_id,
                "type": ["Achievement"],
                "achievementType": "Certification",
                "name": certificate.level,
                "description": service.name,
                "criteria": {
                    "narrative": _("Lulus %(service)s untuk jenjang %(level)s.")
                    % {"service": service.name, "level": certificate.level}
                },
                "creator": {"id": issuer["id"], "type": ["Profile"], "name": provider.name},
            },
        },
        "credentialStatus": credential_status_of(certificate),
    }


def credential_jwt(*, certificate: Certificate) -> str:
    """The credential as a vc+jwt signed with the provider's active key; refused with the
    reason credential_refusal gives."""
    refusal = credential_refusal(certificate)
    if refusal is not None:
        raise CertificateError(refusal)
    return credential_sign(
        provider=certificate.application.service.provider,
        document=credential_document(certificate),
        issued_at=certificate.signed_at,
    )
