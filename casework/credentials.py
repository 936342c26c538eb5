"""The engine's signed product as a Verifiable Credential: the Surat Keterangan Hasil Uji
Kompetensi the portal renders and signs for a case (IssuedDocument), as an Open Badges 3.0
credential (W3C VC Data Model 2.0) secured as a vc+jwt with the provider's key, the same key
and status list as the provider's certificates (portal.credentials).

Only the portal's own product: the LSP's certificate (ExternalProduct) is the LSP's, recorded
here from its scan, and is never issued as the portal's credential. An issued document cannot
be revoked today, so its bit in the status list stays 0 and no revoked-index source is
registered for it."""

from django.utils import timezone
from django.utils.translation import gettext as _

from casework.exceptions import CaseError
from casework.models import IssuedDocument
from portal.credentials.issuer import CONTEXT_OB, CONTEXT_VC, issuer_profile
from portal.credentials.keys import credential_sign
from portal.credentials.status import status_entry
from portal.credentials.subject import holder_identifiers


def issued_document_credential_refusal(document: IssuedDocument) -> str | None:
    """Why no credential is given for this document now, or None."""
    if document.issued_at is None:
        return _("Kredensial digital tersedia setelah surat keterangan diterbitkan.")
    if document.status_list_id is None:
        return _("Kredensial digital surat ini belum tersedia; hubungi petugas sertifikat.")
    return None


def issued_document_credential_document(document: IssuedDocument) -> dict:
    """The credential (unsecured form) of a document with its case, service, provider,
    assessment and status list select_related."""
    case = document.case
    service = case.service
    provider = service.provider
    issuer = issuer_profile(provider)
    assessment = getattr(case, "assessment", None)
    narrative = _("Surat Keterangan Hasil Uji Kompetensi %(service)s.") % {"service": service.name}
    if assessment is not None:
        narrative += " " + _("Hasil: %(outcome)s.") % {"outcome": assessment.get_outcome_display()}
    title = _("Surat Keterangan Hasil Uji Kompetensi")
    return {
        "@context": [CONTEXT_VC, CONTEXT_OB],
        "id": f"urn:uuid:{document.public_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{title}: {service.name}",
        "description": _("Surat keterangan nomor %(number)s") % {"number": document.number},
        "issuer": issuer,
        "validFrom": timezone.localtime(document.issued_at).isoformat(timespec="seconds"),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": holder_identifiers(
                name=case.name, nip=case.nip, product_id=document.public_id
            ),
            "achievement": {
                "id": f"{issuer['id']}#{service.slug}-surat-keterangan-hasil",
                "type": ["Achievement"],
                "achievementType": "Assessment",
                "name": title,
                "description": service.name,
                "criteria": {"narrative": narrative},
                "creator": {"id": issuer["id"], "type": ["Profile"], "name": provider.name},
            },
        },
        "credentialStatus": status_entry(
            provider=provider, status_list=document.status_list, index=document.status_list_index
        ),
    }


def issued_document_credential_jwt(*, document: IssuedDocument) -> str:
    """The document's credential as a vc+jwt signed with the provider's active key; refused
    with the reason issued_document_credential_refusal gives."""
    refusal = issued_document_credential_refusal(document)
    if refusal is not None:
        raise CaseError(refusal)
    return credential_sign(
        provider=document.case.service.provider,
        document=issued_document_credential_document(document),
        issued_at=document.issued_at,
    )
