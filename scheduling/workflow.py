"""An exam session's states and the only transitions allowed between them, with who may make
each. scheduling.services.session_transition is the one function that applies them."""

from portal.constants import Role
from scheduling.constants import SessionStatus as S

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, S.OPEN): Role.SCHEDULER,  # booking opens
    (S.DRAFT, S.CANCELLED): Role.SCHEDULER,
    (S.OPEN, S.CLOSED): Role.SCHEDULER,  # booking closes
    (S.OPEN, S.CANCELLED): Role.SCHEDULER,
    (S.CLOSED, S.OPEN): Role.SCHEDULER,  # ...and may reopen
    (S.CLOSED, S.HELD): Role.SCHEDULER,
    (S.CLOSED, S.CANCELLED): Role.SCHEDULER,
}


def allowed(from_state: str, to_state: str) -> bool:
    return (from_state, to_state) in TRANSITIONS


def actor_role(from_state: str, to_state: str) -> str:
    return TRANSITIONS[(from_state, to_state)]
