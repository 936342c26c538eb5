"""A complaint's states, the only transitions between them, and who may make each: the complaint
team, or the reporter (whoever holds the tracking code). complaints.services applies them."""

from complaints.constants import ComplaintStatus as S
from portal.constants import Role, Stage

REPORTER = "reporter"

_TEAM = frozenset({Role.COMPLAINT_HANDLER})

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.RECEIVED, S.VERIFIED): _TEAM,  # within the verification time limit
    (S.VERIFIED, S.IN_PROGRESS): _TEAM,
    (S.VERIFIED, S.ANSWERED): _TEAM,  # an information request answered at once
    (S.IN_PROGRESS, S.ANSWERED): _TEAM,
    (S.ANSWERED, S.IN_PROGRESS): _TEAM | {REPORTER},  # the reporter adds information
    (S.ANSWERED, S.CLOSED): _TEAM,
    (S.CLOSED, S.IN_PROGRESS): frozenset({REPORTER}),  # reopened within the set period
    # Not for us, not admissible, or already reported: from any open state.
    **{
        (start, end): _TEAM
        for start in (S.RECEIVED, S.VERIFIED, S.IN_PROGRESS)
        for end in (S.FORWARDED, S.REJECTED, S.DUPLICATE)
    },
}

# States in which the complaint is still the team's work (queues, digests, time limits).
OPEN = frozenset({S.RECEIVED, S.VERIFIED, S.IN_PROGRESS})
# States that end the complaint; the reporter may be offered the survey.
FINAL = frozenset({S.CLOSED, S.FORWARDED, S.REJECTED, S.DUPLICATE})

# The time limit of each open state, in working days from the service's configuration (seed 002:
# follow-up within 3 working days; verification within 3).
STAGE_LIMITS: dict[str, str] = {
    S.RECEIVED: Stage.COMPLAINT_VERIFICATION,
    S.VERIFIED: Stage.COMPLAINT_FOLLOW_UP,
    S.IN_PROGRESS: Stage.COMPLAINT_FOLLOW_UP,
}


def allowed(from_state: str, to_state: str) -> bool:
    return (from_state, to_state) in TRANSITIONS


def actor_kinds(from_state: str, to_state: str) -> frozenset[str]:
    return TRANSITIONS[(from_state, to_state)]
