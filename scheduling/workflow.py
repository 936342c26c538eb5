"""The states of exam sessions and of results, the only transitions allowed between them, and
who may make each. scheduling.services applies the session table, scheduling.results the result
table; the application follows through registration.services.application_transition."""

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
