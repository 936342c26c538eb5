"""The certificate's stages, the only transitions between them, and who may make each.
certificates.services applies them; the candidate appears as CANDIDATE (the owner only).

Below the table, "may this person do this now?": one predicate per rule, asked by the staff and
candidate pages (to show a button or a form) and by the services (to refuse). A `*_refusal`
function returns the error the service raises, saying why, or None when the action is allowed.
"""

from django.utils.translation import gettext as _

from certificates.constants import CertificateStatus as C
from certificates.constants import FileState
from certificates.exceptions import CertificateError, InvalidTransition
from portal.constants import Role, Stage
from portal.roles import holds_role_at, not_appointed_message, role_provider_ids, signing_office
from registration.conflicts import conflict_reason

CANDIDATE = "candidate"

_OFFICER = frozenset({Role.CERTIFICATE_OFFICER})

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (C.DATA_CHECK, C.ISSUANCE): _OFFICER,  # data validated (singly or in a batch)
    (C.ISSUANCE, C.DISPOSITION): _OFFICER,  # numbered; Ahli Madya -> Ahli Utama only
    (C.ISSUANCE, C.SIGNING): _OFFICER,  # numbered; everyone else
    (C.DISPOSITION, C.SIGNING): frozenset({Role.BKPSDM_OFFICER}),  # approved
    (C.DISPOSITION, C.DATA_CHECK): frozenset({Role.BKPSDM_OFFICER}),  # returned with a note
    (C.SIGNING, C.LEGALISATION): frozenset({Role.SIGNING_OFFICIAL}),
    (C.LEGALISATION, C.SHIPPING): _OFFICER,  # legalised copy made
    (C.SHIPPING, C.SENT): _OFFICER,  # courier, tracking number, date sent
    (C.SENT, C.DELIVERED): frozenset({CANDIDATE, Role.CERTIFICATE_OFFICER}),
}

# The stages with a time limit in the service's configuration (seed 000); the others are
# "tentative" there and have none.
STAGE_LIMITS: dict[str, str] = {
    C.DATA_CHECK: Stage.DATA_VALIDATION,
    C.ISSUANCE: Stage.ISSUANCE,
    C.LEGALISATION: Stage.LEGALISATION,
}


def _stage_roles() -> dict[str, frozenset[Role]]:
    """Which staff roles work on each stage: those allowed to move a certificate out of it."""
    roles: dict[str, set[Role]] = {}
    for (from_state, _to_state), kinds in TRANSITIONS.items():
        roles.setdefault(from_state, set()).update(k for k in kinds if k in Role.values)
    return {
        stage: frozenset(Role(kind) for kind in roles[stage])
        for stage in C.values
        if roles.get(stage)
    }


# The staff queues follow the table: a stage is worked by whoever may move a certificate on.
STAGE_ROLES = _stage_roles()


def stages_of(roles) -> list[str]:
    """The stages a holder of these roles works on, in pipeline order."""
    return [stage for stage, needed in STAGE_ROLES.items() if set(roles) & needed]


def stage_providers(user) -> dict[str, frozenset[int]]:
    """The stages the user works on, in pipeline order, each with the providers (ids) where
    they hold a role of that stage: the certificates its queue and counts may show. A
    certificate officer at one provider and signing official at another works the officer's
    stages of the first and the signing of the second only."""
    scopes = {stage: role_provider_ids(user, *roles) for stage, roles in STAGE_ROLES.items()}
    return {stage: ids for stage, ids in scopes.items() if ids}


def provider_id_of(certificate) -> int:
    """The provider whose staff work on the certificate: its application's service's."""
    return certificate.application.service.provider_id


def allowed(from_state: str, to_state: str) -> bool:
    return (from_state, to_state) in TRANSITIONS


def actor_kinds(from_state: str, to_state: str) -> frozenset[str]:
    return TRANSITIONS[(from_state, to_state)]


def kinds_of(certificate, user) -> set[str]:
    """The roles the user holds at the certificate's provider, plus CANDIDATE for its owner."""
    kinds: set[str] = set()
    if role_provider_ids(user):  # staff somewhere: which of their roles are held here?
        provider_id = provider_id_of(certificate)
        kinds = {role for role in Role if holds_role_at(user, role, provider_id)}
    if user.is_authenticated and certificate.application.candidate_id == user.pk:
        kinds.add(CANDIDATE)
    return kinds


def _stage_refusal(certificate, stage: str) -> CertificateError | None:
    if certificate.revoked_at is not None:
        return CertificateError(_("Sertifikat ini sudah dicabut."))
    if certificate.status != stage:
        return InvalidTransition(
            _("Sertifikat ini sedang pada tahap “%(stage)s”; tindakan itu tidak dapat dilakukan.")
            % {"stage": C(certificate.status).label}
        )
    return None


def transition_refusal(certificate, to: str, user) -> CertificateError | None:
    """May the user move the certificate on to `to` now? Along the table, by a role it names
    for that step, never once revoked; data is validated only once the candidate's correction
    request is answered, and legalised only once the signed PDF is ready."""
    if certificate.revoked_at is not None:
        return CertificateError(_("Sertifikat ini sudah dicabut."))
    if not allowed(certificate.status, to):
        return InvalidTransition(
            _("Sertifikat pada tahap “%(stage)s” tidak dapat diubah ke “%(to)s”.")
            % {"stage": C(certificate.status).label, "to": C(to).label}
        )
    acting_as = actor_kinds(certificate.status, to) & kinds_of(certificate, user)
    if not acting_as:
        return InvalidTransition(_("Anda tidak memiliki peran untuk melakukannya."))
    if CANDIDATE not in acting_as and (refusal := conflict_refusal(certificate, user)):
        return refusal
    # The certificate prints the signing office and its holder's name: only the person the
    # provider appointed to it signs, and the name printed is theirs (certificates.documents).
    if to == C.LEGALISATION and signing_office(user, provider_id_of(certificate)) is None:
        return InvalidTransition(not_appointed_message())
    if to == C.ISSUANCE and certificate.correction_request:
        return CertificateError(
            _("Peserta meminta perbaikan data; perbaiki datanya dahulu sebelum divalidasi.")
        )
    if to == C.SHIPPING and certificate.pdf_state != FileState.READY:
        return CertificateError(
            _("PDF sertifikat bertanda tangan belum selesai dibuat; coba lagi beberapa saat lagi.")
        )
    return None


def data_edit_refusal(certificate, user) -> CertificateError | None:
    """May the user correct the data to be printed? A certificate officer of its provider,
    while it is checked."""
    if not holds_role_at(user, Role.CERTIFICATE_OFFICER, provider_id_of(certificate)):
        return CertificateError(_("Anda tidak memiliki peran untuk melakukannya."))
    return conflict_refusal(certificate, user) or _stage_refusal(certificate, C.DATA_CHECK)


def conflict_refusal(certificate, user) -> CertificateError | None:
    """Nobody validates, issues, signs or legalises the certificate of a candidate they
    conflict with (registration.conflicts)."""
    if reason := conflict_reason(staff=user, candidate=certificate.application.candidate):
        return CertificateError(
            _("Konflik kepentingan: %(reason)s. Sertifikat ini diproses petugas lain.")
            % {"reason": reason}
        )
    return None


def data_check_refusal(certificate, user) -> CertificateError | None:
    """May the user answer the data check (confirm it, or ask for a correction)? The owner,
    while the data is being checked."""
    if certificate.application.candidate_id != user.pk:
        return CertificateError(_("Hanya peserta pemilik sertifikat yang dapat melakukannya."))
    return _stage_refusal(certificate, C.DATA_CHECK)


def confirm_refusal(certificate, user) -> CertificateError | None:
    """May the user say the data is right? As data_check_refusal, once."""
    refusal = data_check_refusal(certificate, user)
    if refusal is None and certificate.candidate_confirmed_at is not None:
        return CertificateError(_("Anda sudah mengonfirmasi data sertifikat ini."))
    return refusal
