"""A new exam session is refused by scheduling.services.session_save itself when it breaks a
rule, and none is stored. Apart from test_rules_in_services.py, whose module data holds a
session."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.constants import Role
from scheduling.constants import SessionMode
from scheduling.exceptions import SessionInvalid
from scheduling.models import ExamSession
from scheduling.services import session_save
from tests.scheduling.conftest import session_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduler(make_user):
    return make_user("penjadwal", Role.SCHEDULER)


@pytest.fixture
def assessor(make_user):
    return make_user("asesor", Role.ASSESSOR, first_name="Dewi Lestari")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"meeting_link": ""}, "meeting_link"),
        ({"mode": SessionMode.OFFLINE, "meeting_link": "", "platform": ""}, "venue"),
        ({"starts_at": timezone.now() - timedelta(hours=1)}, "starts_at"),
        ({"capacity": 0}, "capacity"),
    ],
    ids=["online-without-link", "offline-without-venue", "starts-in-the-past", "no-capacity"],
)
def test_a_new_session_is_refused_when_it_breaks_a_rule(scheduler, assessor, changes, field):
    values = session_values(head_assessor=assessor, **changes)
    values["ends_at"] = values["starts_at"] + timedelta(hours=3)
    values["booking_closes_at"] = values["starts_at"] - timedelta(hours=1)
    values["booking_opens_at"] = values["booking_closes_at"] - timedelta(days=1)

    with pytest.raises(SessionInvalid) as refusal:
        session_save(
            session=ExamSession(**values), fields=[], assessors=[assessor], actor=scheduler
        )

    assert field in refusal.value.errors
    assert not ExamSession.objects.exists()
