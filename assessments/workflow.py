"""Who may do what to an institution's engagement (seed 004), and when.

TRANSITIONS is the one table of the engagement's states: each allowed (from, to) pair with who
moves it. assessments.services.engagements.engagement_transition is the one function that
moves a state; it asks `transition_refusal`. The other predicates answer for pages (show a
button) and services (refuse) alike; they return the error to raise, or None, or a bool.

Roles at LAN for this service (portal.StaffRole at the provider):
- Tim Verifikasi: verifies institution accounts before their first request;
- Pejabat Penandatangan (Kepala Puslatbang PKASN or the official named): replies to the request,
  confirms the SPK's terms, signs the SPK (Pihak Kedua) and the reports;
- Panitia Penjadwalan (the Balai's staff): prepares the intake (sessions, team, asesi per
  session, attendance), marks the intake held;
- Asesor (Tim Penilaian Kompetensi): sees the engagements whose sessions they sit on, records
  attendance there, writes or uploads the reports;
- Bendahara Penerima: issues the invoice, confirms or returns proofs of payment.
"""

from django.utils.translation import gettext as _

from assessments.constants import EngagementState
from casework.exceptions import CaseError, CaseForbidden
from portal.constants import Role
from portal.roles import holds_role_for_service
from registration.conflicts import ConflictOfInterest, conflict_reason_for

# Who moves a state: the institution's operator, a staff role at the provider, or the portal
# itself (as a consequence of another act: both signatures in, the last report delivered).
OPERATOR = "operator"
SYSTEM = "system"

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (EngagementState.DRAFT, EngagementState.REQUESTED): frozenset({OPERATOR}),
    (EngagementState.DRAFT, EngagementState.CANCELLED): frozenset({OPERATOR}),
    (EngagementState.REQUESTED, EngagementState.AGREEMENT): frozenset({Role.SIGNING_OFFICIAL}),
    (EngagementState.REQUESTED, EngagementState.DECLINED): frozenset({Role.SIGNING_OFFICIAL}),
    (EngagementState.REQUESTED, EngagementState.CANCELLED): frozenset({OPERATOR}),
    (EngagementState.AGREEMENT, EngagementState.PREPARATION): frozenset({SYSTEM}),
    (EngagementState.AGREEMENT, EngagementState.CANCELLED): frozenset({OPERATOR}),
    (EngagementState.PREPARATION, EngagementState.REPORTING): frozenset({Role.SCHEDULER}),
    (EngagementState.REPORTING, EngagementState.COMPLETED): frozenset({SYSTEM}),
}

# Roles that act on this kind of service at the provider; an assessor only through sessions.
STAFF_ROLES = (
    Role.VERIFIER,
    Role.SIGNING_OFFICIAL,
    Role.SCHEDULER,
    Role.TREASURER,
    Role.ASSESSOR,
)


def _active(user) -> bool:
    return user.is_authenticated and user.is_active


def is_operator(user, engagement) -> bool:
    """An operator of the engagement's institution (any of them: a colleague may take over).
    Kept on the engagement per user: the page's parts and their predicates ask it about six
    times for the one instance a request loaded."""
    if not _active(user):
        return False
    known = engagement.__dict__.setdefault("_operator_of", {})
    if user.pk not in known:
        known[user.pk] = engagement.institution.operators.filter(pk=user.pk).exists()
    return known[user.pk]


def institution_usable_refusal(institution, user) -> Exception | None:
    """May `user` act for the institution: they operate it, and the provider verified it."""
    if not (_active(user) and institution.operators.filter(pk=user.pk).exists()):
        return CaseForbidden(_("Anda bukan operator instansi ini."))
    if institution.verified_at is None:
        return CaseError(
            _(
                "Akun instansi Anda belum diverifikasi oleh penyelenggara. Permohonan dapat "
                "diajukan setelah verifikasi."
            )
        )
    return None


def holds(user, role: Role, engagement) -> bool:
    return _active(user) and holds_role_for_service(user, role, engagement.service)


def is_session_assessor(user, engagement) -> bool:
    """An assessor of the service who sits on one of the engagement's intake sessions."""
    return (
        holds(user, Role.ASSESSOR, engagement)
        and engagement.sessions.filter(assessors=user).exists()
    )


def staff_may_see(user, engagement) -> bool:
    """The provider's staff who act on this service see its engagements; an assessor only those
    whose sessions they sit on."""
    if not _active(user):
        return False
    if any(holds(user, role, engagement) for role in STAFF_ROLES if role != Role.ASSESSOR):
        return True
    return is_session_assessor(user, engagement)


def engagement_visible_to(user, engagement) -> bool:
    """The institution's operators and the provider's staff on the service; anyone else gets
    404 (an asesi sees only their own participation and report)."""
    return is_operator(user, engagement) or staff_may_see(user, engagement)


def transition_refusal(engagement, user, to_state: str) -> Exception | None:
    """May `user` move the engagement to `to_state` now (SYSTEM moves pass user=None)?"""
    actors = TRANSITIONS.get((engagement.state, to_state))
    if actors is None:
        return CaseError(
            _("Permohonan berstatus “%(state)s” tidak dapat diubah menjadi “%(to)s”.")
            % {
                "state": EngagementState(engagement.state).label,
                "to": EngagementState(to_state).label,
            }
        )
    if user is None:
        return None if SYSTEM in actors else CaseForbidden(_("Perubahan ini perlu petugas."))
    if OPERATOR in actors and is_operator(user, engagement):
        return None
    if any(role in Role.values and holds(user, Role(role), engagement) for role in actors):
        return None
    return CaseForbidden(_("Anda tidak dapat mengubah status permohonan ini."))


def participant_visible_to(user, participant) -> bool:
    """An asesi's own record: themself, their institution's operators, the provider's staff."""
    if not _active(user):
        return False
    if participant.account_id is not None and participant.account_id == user.pk:
        return True
    return engagement_visible_to(user, participant.engagement)


def participant_conflict_reason(participant, user, engagement) -> str | None:
    """Why `user` may not act on this asesi's participation (registration.conflicts): their
    own, a declared relative's (by NIP), or someone of the work unit they declared at the
    engagement's institution; None when they may. `engagement` is the participant's, passed
    so that a roster reads its institution once."""
    return conflict_reason_for(
        staff=user,
        nip=participant.nip,
        work_unit=participant.work_unit,
        institution=engagement.institution.name,
        user_id=participant.account_id,
    )


class ParticipantConflict(CaseForbidden, ConflictOfInterest):
    """A refusal for a conflict of interest: the pages that show CaseForbidden's message show
    it; any other answers 403 with the reason (registration.middleware)."""


def participant_conflict_refusal(participant, user, engagement) -> ParticipantConflict | None:
    """Nobody records the attendance of, writes or signs the report of an asesi they conflict
    with: the error saying why, naming the asesi, or None."""
    if reason := participant_conflict_reason(participant, user, engagement):
        return ParticipantConflict(
            _("Konflik kepentingan dengan asesi %(name)s: %(reason)s. Dikerjakan petugas lain.")
            % {"name": participant.name, "reason": reason}
        )
    return None


def report_visible_to(user, report) -> bool:
    """A delivered report reaches the institution's operators; an individual report also its
    asesi, and no other asesi. The provider's staff on the service see every report."""
    if not _active(user):
        return False
    engagement = report.engagement
    if staff_may_see(user, engagement):
        return True
    if report.delivered_at is None:
        return False
    if is_operator(user, engagement):
        return True
    participant = report.participant
    return participant is not None and participant.account_id == user.pk


def is_staff_of(user, engagement, *roles: Role) -> bool:
    return any(holds(user, role, engagement) for role in roles)
