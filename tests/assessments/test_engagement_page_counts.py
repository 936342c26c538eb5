"""The engagement page reads each part's data once (issue 19: the participants were read four
times, the invoice and its proofs twice, the closures once per clock, the operator check six
times): the same count with 3 asesi as with 9, for the staff and the operator."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.constants import EngagementState, IntakeMode
from assessments.models import IntakeSession, Participant
from assessments.services import payments
from portal.constants import Role

pytestmark = pytest.mark.django_db

# The most queries the page may make here (33 before issue 19 for the scheduler): the staff
# read 19, the operator 21, the login, the session and the roles included.
BUDGET = 21


def _engagement(make_engagement, lan_staff, asesi: int, on_commit):
    engagement = make_engagement(
        EngagementState.PREPARATION,
        agreement=True,
        signed_on=datetime.date(2026, 12, 10),
        participants=asesi,
    )
    starts = timezone.make_aware(datetime.datetime(2027, 2, 19, 8, 0))
    session = IntakeSession.objects.create(
        engagement=engagement,
        mode=IntakeMode.ONLINE,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=4),
        platform="Zoom",
        link="https://zoom.example/j/1",
        support_team="Budi, 0812",
        created_by=lan_staff[Role.SCHEDULER],
    )
    session.assessors.add(lan_staff[Role.ASSESSOR])
    for number in range(asesi):
        Participant.objects.create(
            engagement=engagement,
            nip=f"19900115201403{number:04d}",
            name=f"Asesi {number}",
            position="Analis",
            work_unit="BKPSDM",
            email=f"asesi{number}@example.test",
            session=session if number % 2 else None,
        )
    with on_commit(execute=True):
        payments.invoice_issue(engagement=engagement, actor=lan_staff[Role.TREASURER])
    return engagement


def _count(client, user, engagement) -> int:
    client.force_login(user)
    url = reverse("assessments_engagement", args=[engagement.public_id])
    client.get(url)  # warm what a process keeps (roles, translations)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_page_reads_each_part_once_whatever_the_asesi(
    client, make_engagement, lan_staff, institution_operator, django_capture_on_commit_callbacks
):
    small = _engagement(make_engagement, lan_staff, 3, django_capture_on_commit_callbacks)
    large = _engagement(make_engagement, lan_staff, 9, django_capture_on_commit_callbacks)
    for reader in (lan_staff[Role.SCHEDULER], lan_staff[Role.TREASURER], institution_operator):
        counts = [_count(client, reader, engagement) for engagement in (small, large)]
        assert counts[0] == counts[1], (reader, counts)
        assert counts[0] <= BUDGET, (reader, counts)
