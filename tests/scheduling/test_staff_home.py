"""The staff home shows the committee and the assessors their work, with links to it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from registration.constants import ApplicationStatus
from scheduling.constants import SessionStatus
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def counter(response, label: str) -> int:
    """The number shown in the counter with this label."""
    text = response.text
    at = text.index(f'<span class="counter__label">{label}</span>')
    number = text.rindex('<span class="counter__number">', 0, at)
    return int(text[number:at].split(">")[1].split("<")[0])


def test_committee_sees_who_awaits_a_seat_and_the_coming_sessions(client, scheduler, make_session):
    ApplicationFactory.create_batch(3, status=ApplicationStatus.VERIFIED)
    ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    make_session(status=SessionStatus.OPEN)
    make_session(status=SessionStatus.DRAFT)
    make_session(status=SessionStatus.OPEN, starts_at=timezone.now() - timedelta(days=1))
    client.force_login(scheduler)

    response = client.get("/staf/")

    assert counter(response, "Menunggu jadwal") == 3
    assert counter(response, "Sesi dibuka") == 1
    assert counter(response, "Sesi mendatang") == 2
    assert 'href="/penjadwalan/"' in response.text
    assert "Penilaian ujian" not in response.text


def test_assessor_sees_sessions_awaiting_results_and_those_to_publish(
    client, assessor, head_assessor, make_session
):
    past = timezone.now() - timedelta(hours=4)
    mine_as_head = make_session(starts_at=past, status=SessionStatus.CLOSED)
    mine_as_head.assessors.add(assessor)
    mine_as_head.head_assessor = assessor
    mine_as_head.save()
    member = make_session(starts_at=past, status=SessionStatus.CLOSED, head_assessor=head_assessor)
    member.assessors.add(assessor, head_assessor)
    make_session(starts_at=past, status=SessionStatus.CLOSED).assessors.add(head_assessor)
    make_session().assessors.add(assessor)  # not started yet
    client.force_login(assessor)

    response = client.get("/staf/")

    assert counter(response, "Sesi menunggu hasil") == 2
    assert counter(response, "Perlu Anda umumkan") == 1
    assert 'href="/penilaian/"' in response.text
    assert "Penjadwalan ujian" not in response.text
