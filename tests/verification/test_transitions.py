"""Every pair of application states through the one transition function: the allowed ones
(registration.workflow.TRANSITIONS) work for the right actor only, every other pair is refused."""

import functools

import pytest

from portal.constants import Role
from portal.models import Event
from registration import workflow
from registration.constants import ApplicationStatus
from registration.exceptions import InvalidTransition
from registration.models import Application
from registration.services import application_transition
from tests.factories import ApplicationFactory
from tests.module_data import module_data
from tests.users import PASSWORD, one_user_per_role, user_make

pytestmark = pytest.mark.django_db

PAIRS = [(a, b) for a in ApplicationStatus for b in ApplicationStatus]
ALLOWED = [pair for pair in PAIRS if pair in workflow.TRANSITIONS]
FORBIDDEN = [pair for pair in PAIRS if pair not in workflow.TRANSITIONS]


def pair_id(pair) -> str:
    return f"{pair[0]}->{pair[1]}"


@pytest.fixture(scope="module")
def staff(django_db_setup, django_db_blocker, tmp_path_factory):
    """One user for each staff role, made once for the module's 1,400 tests (tests/module_data.py);
    the application's candidate is made per test."""

    def users(_media) -> dict:
        return one_user_per_role(functools.partial(user_make, password=PASSWORD))

    yield from module_data(django_db_blocker, tmp_path_factory.mktemp("staff"), users)


def status_events(application) -> int:
    return Event.objects.filter(object_id=application.pk, kind="status").count()


def assert_unchanged(application, from_state) -> None:
    assert Application.objects.get(pk=application.pk).status == from_state
    assert status_events(application) == 0


def actor_for(kind, application, staff):
    return application.candidate if kind == workflow.CANDIDATE else staff[kind]


ALLOWED_BY_KIND = [(pair, kind) for pair in ALLOWED for kind in sorted(workflow.TRANSITIONS[pair])]


def test_the_table_only_names_known_states_and_actors():
    states = set(ApplicationStatus)
    for (from_state, to_state), kinds in workflow.TRANSITIONS.items():
        assert {from_state, to_state} <= states
        assert kinds and kinds <= {workflow.CANDIDATE, *Role}
    assert FORBIDDEN  # the walk below covers both halves
    assert len(ALLOWED) + len(FORBIDDEN) == len(ApplicationStatus) ** 2


@pytest.mark.parametrize(("pair", "kind"), ALLOWED_BY_KIND, ids=lambda v: str(v))
def test_allowed_transition_by_a_right_actor_changes_the_status_and_is_recorded(staff, pair, kind):
    from_state, to_state = pair
    application = ApplicationFactory(status=from_state)
    actor = actor_for(kind, application, staff)

    result = application_transition(
        application=application, to=to_state, actor=actor, note="uji transisi"
    )

    assert result.status == to_state
    assert Application.objects.get(pk=application.pk).status == to_state
    event = Event.objects.get(object_id=application.pk, kind="status")
    assert (event.actor, event.from_state, event.to_state, event.note) == (
        actor,
        from_state,
        to_state,
        "uji transisi",
    )


@pytest.mark.parametrize("kind", [workflow.CANDIDATE, *Role])
@pytest.mark.parametrize("pair", FORBIDDEN, ids=pair_id)
def test_forbidden_transition_is_refused_and_leaves_the_status_unchanged(staff, pair, kind):
    from_state, to_state = pair
    application = ApplicationFactory(status=from_state)

    with pytest.raises(InvalidTransition):
        application_transition(
            application=application, to=to_state, actor=actor_for(kind, application, staff)
        )

    assert_unchanged(application, from_state)


WRONG_BY_KIND = [
    (pair, kind)
    for pair in ALLOWED
    for kind in [workflow.CANDIDATE, *Role]
    if kind not in workflow.TRANSITIONS[pair]
]


@pytest.mark.parametrize(("pair", "kind"), WRONG_BY_KIND, ids=lambda v: str(v))
def test_allowed_transition_by_the_wrong_kind_of_actor_is_refused(staff, pair, kind):
    """E.g. a verifier cannot submit for the candidate, a candidate cannot verify, a scheduler
    cannot claim for verification."""
    from_state, to_state = pair
    application = ApplicationFactory(status=from_state)

    with pytest.raises(InvalidTransition):
        application_transition(
            application=application, to=to_state, actor=actor_for(kind, application, staff)
        )

    assert_unchanged(application, from_state)


@pytest.mark.parametrize(
    "pair", [p for p in ALLOWED if workflow.CANDIDATE in workflow.TRANSITIONS[p]], ids=pair_id
)
def test_candidate_transition_by_another_candidate_is_refused(outsider, pair):
    from_state, to_state = pair
    application = ApplicationFactory(status=from_state)

    with pytest.raises(InvalidTransition):
        application_transition(application=application, to=to_state, actor=outsider)

    assert_unchanged(application, from_state)
