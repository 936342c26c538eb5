"""Fixtures for the objection tests: an application rejected by the panel and one with a
published result, both through the services, and a way to move a decision's moment."""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from portal.constants import Role
from portal.models import Event, Service
from registration.constants import ApplicationStatus
from scheduling.constants import Attendance, Outcome, ResultStatus, SessionMode, SessionStatus
from scheduling.models import ExamSession, Result
from scheduling.results import result_publish, result_record
from scheduling.services import seat_attendance_mark, seat_take
from tests.factories import SERVICE_SLUG, ApplicationFactory
from verification.services import application_claim, application_decide

REJECTION_NOTE = "Ijazah yang diunggah bukan ijazah terakhir."


def local(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def decision_move(application, day: datetime.date) -> None:
    """Pretend the application's decision was taken on `day` (the rejection's event, or the
    result's publication)."""
    moment = local(day)
    Event.objects.filter(
        object_id=application.pk, kind="status", to_state=ApplicationStatus.REJECTED
    ).update(created_at=moment)
    Result.objects.filter(seat__application=application, status=ResultStatus.PUBLISHED).update(
        published_at=moment
    )


@pytest.fixture
def rejected(verifier):
    """A submitted application the verification panel rejected (today)."""
    application = ApplicationFactory(submitted=True)
    application_claim(application=application, verifier=verifier)
    return application_decide(
        application=application,
        verifier=verifier,
        decision=ApplicationStatus.REJECTED,
        note=REJECTION_NOTE,
    )


@pytest.fixture
def head_assessor(make_user):
    return make_user("ketua-panel", Role.ASSESSOR, first_name="Bambang Sutrisno")


@pytest.fixture
def make_failed(make_user, head_assessor):
    """An application whose failed result the head of panel published (today)."""
    scheduler = make_user("penjadwal", Role.SCHEDULER)

    def make():
        now = timezone.now()
        session = ExamSession.objects.create(
            service=Service.objects.get(slug=SERVICE_SLUG),
            head_assessor=head_assessor,
            starts_at=now + timedelta(days=14),
            ends_at=now + timedelta(days=14, hours=3),
            mode=SessionMode.ONLINE,
            meeting_link="https://zoom.example.test/j/123",
            platform="Zoom",
            capacity=10,
            booking_opens_at=now - timedelta(days=1),
            booking_closes_at=now + timedelta(days=7),
            status=SessionStatus.OPEN,
        )
        application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
        seat = seat_take(session=session, application=application, actor=scheduler)
        ExamSession.objects.filter(pk=session.pk).update(
            starts_at=now - timedelta(hours=3),
            ends_at=now - timedelta(hours=1),
            booking_closes_at=now - timedelta(days=1),
            status=SessionStatus.CLOSED,
        )
        seat_attendance_mark(seat=seat, attendance=Attendance.PRESENT, actor=head_assessor)
        result_record(seat=seat, actor=head_assessor, outcome=Outcome.FAILED, score="55")
        result_publish(session=session, actor=head_assessor)
        application.refresh_from_db()
        return application

    return make
