"""The application's states and the only transitions allowed between them, with who may make
each. registration.services.application_transition is the one function that applies them."""

from portal.constants import Role
from registration.constants import ApplicationStatus as S

CANDIDATE = "candidate"

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, S.SUBMITTED): CANDIDATE,
    (S.RETURNED, S.SUBMITTED): CANDIDATE,
    (S.SUBMITTED, S.IN_REVIEW): Role.VERIFIER,  # a verifier claims it
    (S.IN_REVIEW, S.SUBMITTED): Role.VERIFIER,  # ...or gives it back to the queue
    (S.IN_REVIEW, S.RETURNED): Role.VERIFIER,
    (S.IN_REVIEW, S.VERIFIED): Role.VERIFIER,
    (S.IN_REVIEW, S.REJECTED): Role.VERIFIER,
}

# The candidate may change the application and its documents only in these states.
EDITABLE = frozenset({S.DRAFT, S.RETURNED})


def allowed(from_state: str, to_state: str) -> bool:
    return (from_state, to_state) in TRANSITIONS


def actor_kind(from_state: str, to_state: str) -> str:
    return TRANSITIONS[(from_state, to_state)]
