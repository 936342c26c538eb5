"""Every pair of session states: the allowed ones work for a scheduler, the rest are refused."""

import itertools

import pytest

from portal.events import event_list
from scheduling import workflow
from scheduling.constants import SessionStatus
from scheduling.exceptions import InvalidTransition
from scheduling.services import session_transition

pytestmark = pytest.mark.django_db

PAIRS = [(a, b) for a, b in itertools.product(SessionStatus, SessionStatus) if a != b]
ALLOWED = [pair for pair in PAIRS if workflow.allowed(*pair)]
FORBIDDEN = [pair for pair in PAIRS if not workflow.allowed(*pair)]


def test_the_table_allows_exactly_the_agreed_transitions():
    S = SessionStatus
    assert set(workflow.SESSION_TRANSITIONS) == {
        (S.DRAFT, S.OPEN),
        (S.OPEN, S.CLOSED),
        (S.CLOSED, S.OPEN),
        (S.OPEN, S.CANCELLED),
        (S.CLOSED, S.CANCELLED),
        (S.CLOSED, S.HELD),
        (S.DRAFT, S.CANCELLED),
    }


@pytest.mark.parametrize(("from_state", "to_state"), ALLOWED)
def test_a_scheduler_makes_an_allowed_transition_and_it_is_recorded(
    make_session, scheduler, from_state, to_state
):
    session = make_session(status=from_state)

    session_transition(session=session, to=to_state, actor=scheduler, note="catatan")

    session.refresh_from_db()
    assert session.status == to_state
    event = event_list(subject=session).get()
    assert (event.kind, event.from_state, event.to_state) == ("status", from_state, to_state)
    assert (event.actor, event.note) == (scheduler, "catatan")


@pytest.mark.parametrize(("from_state", "to_state"), FORBIDDEN)
def test_a_forbidden_transition_is_refused_and_the_status_stays(
    make_session, scheduler, from_state, to_state
):
    session = make_session(status=from_state)

    with pytest.raises(InvalidTransition, match="tidak dapat diubah"):
        session_transition(session=session, to=to_state, actor=scheduler)

    session.refresh_from_db()
    assert session.status == from_state
    assert not event_list(subject=session).exists()


@pytest.mark.parametrize(("from_state", "to_state"), ALLOWED)
def test_someone_without_the_scheduler_role_is_refused(
    make_session, verifier, from_state, to_state
):
    session = make_session(status=from_state)

    with pytest.raises(InvalidTransition, match="tidak memiliki peran"):
        session_transition(session=session, to=to_state, actor=verifier)

    session.refresh_from_db()
    assert session.status == from_state
