"""The application's states and the only transitions allowed between them, with who may make
each (the candidate who owns it, and/or staff roles). registration.services.application_transition
is the one function that applies them. Below them, the same for account claims
(registration.services.account_claim_transition).

Beside the tables, "may this person do this now?": one predicate per rule, asked by the pages
(to show a form or a button) and by the services (to refuse). A `*_refusal` function returns
the error the service raises, saying why, or None when the action is allowed."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from portal.constants import SENSITIVE_ROLES, Role
from portal.roles import holds_role_at
from registration.constants import ApplicationStatus as S
from registration.constants import ClaimStatus, Verdict
from registration.exceptions import ApplicationError

CANDIDATE = "candidate"

_CANDIDATE = frozenset({CANDIDATE})
_VERIFIER = frozenset({Role.VERIFIER})
_CANDIDATE_OR_SCHEDULER = frozenset({CANDIDATE, Role.SCHEDULER})
_ASSESSOR = frozenset({Role.ASSESSOR})

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.DRAFT, S.SUBMITTED): _CANDIDATE,
    (S.RETURNED, S.SUBMITTED): _CANDIDATE,
    (S.SUBMITTED, S.IN_REVIEW): _VERIFIER,  # a verifier claims it
    (S.IN_REVIEW, S.SUBMITTED): _VERIFIER,  # ...or gives it back to the queue
    (S.IN_REVIEW, S.RETURNED): _VERIFIER,
    (S.IN_REVIEW, S.VERIFIED): _VERIFIER,
    (S.IN_REVIEW, S.REJECTED): _VERIFIER,
    # An objection to the rejection accepted by the panel (objections.services): back to the
    # verification queue.
    (S.REJECTED, S.SUBMITTED): _VERIFIER,
    # A seat in an exam session: booked by the candidate or assigned by the committee, and
    # given back the same way (scheduling.services).
    (S.VERIFIED, S.SCHEDULED): _CANDIDATE_OR_SCHEDULER,
    # Publishing a session's results (scheduling.results): the head of panel is an assessor.
    # An absent candidate goes back to "awaiting schedule"; an amendment may turn a published
    # pass into a fail or the other way round.
    (S.SCHEDULED, S.PASSED): _ASSESSOR,
    (S.SCHEDULED, S.FAILED): _ASSESSOR,
    (S.SCHEDULED, S.VERIFIED): _CANDIDATE_OR_SCHEDULER | _ASSESSOR,
    (S.PASSED, S.FAILED): _ASSESSOR,
    (S.FAILED, S.PASSED): _ASSESSOR,
}

# The candidate may change the application and its documents only in these states.
EDITABLE = frozenset({S.DRAFT, S.RETURNED})


def allowed(from_state: str, to_state: str) -> bool:
    return (from_state, to_state) in TRANSITIONS


def actor_kinds(from_state: str, to_state: str) -> frozenset[str]:
    return TRANSITIONS[(from_state, to_state)]


def application_edit_refusal(application, user) -> ApplicationError | None:
    """May the user change the application (purpose, levels, documents) or submit it now? Its
    candidate, while it is a draft or returned for revision."""
    if application.candidate_id != user.pk:
        return ApplicationError(_("Pengajuan ini bukan milik Anda."))
    if application.status not in EDITABLE:
        return ApplicationError(
            _("Pengajuan sudah diajukan dan tidak dapat diubah sampai dikembalikan.")
        )
    return None


def document_replaceable(*, application, current) -> bool:
    """May the candidate upload (a new version of) this document now? While editable, yes,
    except after a return for a document the panel accepted: then only what needs revision,
    or the replacement uploaded for it since (still unchecked, so a wrong pick can be fixed)."""
    if application.status not in EDITABLE:
        return False
    return not (
        application.status == S.RETURNED
        and current is not None
        and current.verdict == Verdict.VALID
    )


# --- Account claims ---------------------------------------------------------------------------
# A claim exists only once its address was confirmed (it is created SUBMITTED); the panel
# approves it (the account passes to the claimant) or rejects it with a reason. Both are final:
# a claimant refused may file a new claim with better documents.
CLAIM_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED): _VERIFIER,
    (ClaimStatus.SUBMITTED, ClaimStatus.REJECTED): _VERIFIER,
}


def claim_allowed(from_state: str, to_state: str) -> bool:
    return (from_state, to_state) in CLAIM_TRANSITIONS


def claim_actor_kinds(from_state: str, to_state: str) -> frozenset[str]:
    return CLAIM_TRANSITIONS[(from_state, to_state)]


def claim_decidable(claim) -> bool:
    """May the panel still decide this claim? (Asked by the page to show the form.)"""
    return any(from_state == claim.status for from_state, _to in CLAIM_TRANSITIONS)


# --- Staff roles --------------------------------------------------------------------------------
# A role is held at a provider (portal.models.StaffRole). A superuser gives and takes any role
# anywhere; an Administrator at a provider the ordinary roles at that provider only. The
# SENSITIVE_ROLES open reporters' identities, signatures, certificates or the admin itself: an
# Administrator who could hand them out could give them to itself, so only a superuser does.


# Roles that may be held for one service only (portal.StaffRole.service): external staff, such
# as an LSP's assessors on seed 002's certification. The other roles act for the provider.
EXTERNAL_ROLES = frozenset({Role.ASSESSOR})


def staff_role_service_refusal(
    *, provider_id: int, role: str, service_id: int | None
) -> ValidationError | None:
    """May `role` at the provider be held for this service only (None: provider-wide)? Only
    an external role, and only for one of that provider's own services. (Asked by the admin's
    role rows to show the error, and by services.user_staff_roles_set to refuse.)"""
    if service_id is None:
        return None
    if role not in EXTERNAL_ROLES:
        return ValidationError(
            _(
                "Peran %(role)s berlaku untuk seluruh penyelenggara; hanya asesor (petugas "
                "eksternal) yang dapat dibatasi pada satu layanan. Kosongkan layanannya."
            )
            % {"role": Role(role).label}
        )
    from portal.models import Service

    if not Service.objects.filter(pk=service_id, provider_id=provider_id).exists():
        return ValidationError(
            _("Layanan itu bukan layanan penyelenggara ini. Pilih layanan penyelenggaranya.")
        )
    return None


def staff_role_change_refusal(*, actor, provider_id: int, role: str) -> PermissionDenied | None:
    """May `actor` grant or revoke `role` at the provider? (Asked by the admin to offer the
    choices, and by registration.services.user_staff_roles_set to refuse.)"""
    if not (actor.is_authenticated and actor.is_active):
        return PermissionDenied(_("Akun ini tidak dapat mengubah peran."))
    if actor.is_superuser:
        return None
    if role in SENSITIVE_ROLES:
        return PermissionDenied(
            _("Hanya superuser yang dapat memberikan atau mencabut peran %(role)s.")
            % {"role": Role(role).label}
        )
    if not holds_role_at(actor, Role.ADMINISTRATOR, provider_id):
        return PermissionDenied(
            _("Peran di penyelenggara ini hanya diatur oleh administratornya atau superuser.")
        )
    return None
