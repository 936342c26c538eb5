"""The states of exam sessions and of results, the only transitions allowed between them, and
who may make each. scheduling.services applies the session table, scheduling.results the result
table; the application follows through registration.services.application_transition."""

from django.utils.translation import gettext as _

from portal.constants import Role
from scheduling.constants import ResultStatus as R
from scheduling.constants import SessionStatus as S

# A result's head of panel is a role the session gives, not a group: the result table names it.
HEAD_OF_PANEL = "head_of_panel"

_SCHEDULER = frozenset({Role.SCHEDULER})

SESSION_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.DRAFT, S.OPEN): _SCHEDULER,  # booking opens
    (S.DRAFT, S.CANCELLED): _SCHEDULER,
    (S.OPEN, S.CLOSED): _SCHEDULER,  # booking closes
    (S.OPEN, S.CANCELLED): _SCHEDULER,  # everyone seated goes back to "awaiting schedule"
    (S.CLOSED, S.OPEN): _SCHEDULER,  # ...and may reopen
    (S.CLOSED, S.HELD): _SCHEDULER | {HEAD_OF_PANEL},  # publishing results marks it held
    (S.CLOSED, S.CANCELLED): _SCHEDULER,
}

# A session's data (time, place, capacity, panel) may be edited in these states.
EDITABLE_SESSION_STATUSES = (S.DRAFT, S.OPEN, S.CLOSED)

# Drafts are recorded by the session's assessors; the head of panel publishes them; a published
# result changes only by an amendment with a reason (published -> published).
RESULT_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (R.DRAFT, R.DRAFT): frozenset({Role.ASSESSOR}),
    (R.DRAFT, R.PUBLISHED): frozenset({HEAD_OF_PANEL}),
    (R.PUBLISHED, R.PUBLISHED): frozenset({HEAD_OF_PANEL}),
}


def allowed(from_state: str, to_state: str) -> bool:
    return (from_state, to_state) in SESSION_TRANSITIONS


def actor_kinds(from_state: str, to_state: str) -> frozenset[str]:
    return SESSION_TRANSITIONS[(from_state, to_state)]


def result_allowed(from_state: str, to_state: str) -> bool:
    return (from_state, to_state) in RESULT_TRANSITIONS


def result_actor_kinds(from_state: str, to_state: str) -> frozenset[str]:
    return RESULT_TRANSITIONS[(from_state, to_state)]


def seat_change_refusal(session, *, by_committee: bool, now) -> str | None:
    """Why a seat in this session may not be given up or moved now, or None if it may: nobody
    once the session has started, is held or cancelled; the candidate only until its booking
    window closes."""
    if session.status in (S.HELD, S.CANCELLED) or session.starts_at <= now:
        return _("Kursi pada sesi yang sudah berlangsung tidak dapat diubah.")
    if not by_committee and now >= session.booking_closes_at:
        return _(
            "Batas waktu perubahan jadwal sesi ini sudah lewat. "
            "Hubungi panitia bila Anda berhalangan."
        )
    return None
