"""The engagement's states move only as assessments.workflow.TRANSITIONS says, by whom it says:
every pair of states and every kind of actor walked."""

import itertools

import pytest

from assessments.constants import EngagementState
from assessments.services.engagements import engagement_transition
from assessments.workflow import OPERATOR, SYSTEM, TRANSITIONS
from casework.exceptions import CaseError, CaseForbidden
from portal.constants import Role
from portal.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def actors(lan_staff, institution_operator, other_unit_staff, make_user):
    return {
        OPERATOR: institution_operator,
        SYSTEM: None,
        **{str(role): user for role, user in lan_staff.items()},
        "other unit": other_unit_staff,
        "outsider": make_user("orang-luar"),
    }


def test_every_pair_and_actor(make_engagement, actors):
    engagement = make_engagement(EngagementState.DRAFT)
    for from_state, to_state in itertools.product(EngagementState.values, repeat=2):
        allowed = TRANSITIONS.get((from_state, to_state), frozenset())
        for name, actor in actors.items():
            type(engagement).objects.filter(pk=engagement.pk).update(state=from_state)
            if name in allowed:
                moved = engagement_transition(engagement=engagement, actor=actor, to_state=to_state)
                assert moved.state == to_state
                event = Event.objects.filter(object_id=engagement.pk, kind="state").latest("pk")
                assert (event.from_state, event.to_state) == (from_state, to_state)
            else:
                with pytest.raises((CaseError, CaseForbidden)):
                    engagement_transition(engagement=engagement, actor=actor, to_state=to_state)
                engagement.refresh_from_db()
                assert engagement.state == from_state, (from_state, to_state, name)


def test_the_table_names_only_known_actors():
    known = {OPERATOR, SYSTEM, *Role.values}
    for actors in TRANSITIONS.values():
        assert actors <= known


def test_a_closed_engagement_records_when(make_engagement, lan_staff):
    engagement = make_engagement(EngagementState.REQUESTED)
    moved = engagement_transition(
        engagement=engagement,
        actor=lan_staff[Role.SIGNING_OFFICIAL],
        to_state=EngagementState.DECLINED,
        note="Jadwal tim penuh pada periode yang diminta.",
    )
    assert moved.closed_at is not None
