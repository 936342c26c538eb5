"""Saving a session: a new one is a draft; moving an existing one in time or place re-sends
every seated candidate's invitation (same UID, next SEQUENCE) and re-arms the reminder; other
edits send nothing; capacity never drops below the seats taken."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from registration.constants import ApplicationStatus
from scheduling.constants import SessionStatus
from scheduling.exceptions import SchedulingError
from scheduling.models import ExamSession, Seat
from scheduling.services import seat_take, session_save
from tests.factories import ApplicationFactory
from tests.scheduling.test_invitations import invitation

pytestmark = pytest.mark.django_db


def seated(session, count):
    seats = []
    for _ in range(count):
        application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
        seats.append(
            seat_take(session=session, application=application, actor=application.candidate)
        )
    return seats


def test_a_new_session_is_a_draft_with_its_assessors(make_session, scheduler, assessor):
    template = make_session()
    session = ExamSession(
        service=template.service,
        starts_at=template.starts_at,
        ends_at=template.ends_at,
        mode=template.mode,
        meeting_link=template.meeting_link,
        platform=template.platform,
        capacity=5,
        booking_opens_at=template.booking_opens_at,
        booking_closes_at=template.booking_closes_at,
        status=SessionStatus.OPEN,
    )

    saved = session_save(session=session, fields=[], assessors=[assessor], actor=scheduler)

    assert saved.status == SessionStatus.DRAFT
    assert list(saved.assessors.all()) == [assessor]


def test_moving_the_session_sends_updated_invitations_and_rearms_reminders(
    make_session, scheduler, django_capture_on_commit_callbacks
):
    session = make_session()
    seats = seated(session, 2)
    Seat.objects.filter(session=session).update(reminded_at=timezone.now())
    mail.outbox.clear()

    session.starts_at += timedelta(days=1)
    session.ends_at += timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        session_save(
            session=session, fields=["starts_at", "ends_at"], assessors=[], actor=scheduler
        )

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        seat.application.candidate.email for seat in seats
    )
    for message in mail.outbox:
        assert message.subject == "Perubahan jadwal uji kompetensi Anda"
        calendar, event = invitation(message)
        assert str(calendar["METHOD"]) == "REQUEST"
        assert event["SEQUENCE"] == 2  # taken (1), then changed (2)
        assert event.decoded("DTSTART") == timezone.localtime(session.starts_at).replace(
            microsecond=0
        )
    assert not Seat.objects.filter(session=session, reminded_at__isnull=False).exists()


def test_other_edits_send_nothing(make_session, scheduler, django_capture_on_commit_callbacks):
    session = make_session()
    seated(session, 1)
    mail.outbox.clear()

    session.capacity = 20
    session.instructions = "Siapkan KTP."
    with django_capture_on_commit_callbacks(execute=True):
        session_save(
            session=session, fields=["capacity", "instructions"], assessors=[], actor=scheduler
        )

    assert mail.outbox == []
    assert ExamSession.objects.get(pk=session.pk).capacity == 20


def test_capacity_cannot_drop_below_the_seats_taken(make_session, scheduler):
    session = make_session(capacity=3)
    seated(session, 2)

    session.capacity = 1
    with pytest.raises(SchedulingError, match="2 kursi"):
        session_save(session=session, fields=["capacity"], assessors=[], actor=scheduler)

    assert ExamSession.objects.get(pk=session.pk).capacity == 3


@pytest.mark.parametrize("status", [SessionStatus.HELD, SessionStatus.CANCELLED])
def test_a_finished_session_cannot_be_edited(make_session, scheduler, status):
    session = make_session(status=status)

    session.capacity = 50
    with pytest.raises(SchedulingError, match="tidak dapat diubah"):
        session_save(session=session, fields=["capacity"], assessors=[], actor=scheduler)


def test_only_the_committee_saves_sessions(make_session, assessor):
    session = make_session()

    with pytest.raises(SchedulingError):
        session_save(session=session, fields=["capacity"], assessors=[], actor=assessor)
