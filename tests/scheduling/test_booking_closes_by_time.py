"""Booking closes by itself at booking_closes_at (or at the start, whichever is first): the
service refuses a candidate from that moment, the periodic task records the session as closed,
and the committee's pages show it closed even before the task has run."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from portal.events import event_list
from registration.constants import ApplicationStatus
from scheduling.constants import SessionStatus
from scheduling.exceptions import BookingClosed
from scheduling.models import ExamSession
from scheduling.services import seat_take, session_bookings_close_due
from scheduling.tasks import close_due_bookings, drive_waiting_lists
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def past_its_close(session: ExamSession) -> ExamSession:
    """Move the session's booking close into the past (as time would)."""
    ExamSession.objects.filter(pk=session.pk).update(
        booking_closes_at=timezone.now() - timedelta(minutes=1)
    )
    session.refresh_from_db()
    return session


def test_a_candidate_cannot_book_after_the_close_though_nobody_closed_it(make_session):
    session = past_its_close(make_session())
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED)

    assert session.status == SessionStatus.OPEN
    with pytest.raises(BookingClosed):
        seat_take(session=session, application=application, actor=application.candidate)


def test_the_periodic_task_closes_what_is_due_once_and_leaves_the_rest(make_session):
    due = past_its_close(make_session())
    started = make_session()
    ExamSession.objects.filter(pk=started.pk).update(
        starts_at=timezone.now() - timedelta(minutes=5),
        booking_closes_at=timezone.now() + timedelta(days=1),  # bad data: the start still wins
    )
    still_open = make_session()

    assert close_due_bookings() == 2
    assert close_due_bookings() == 0
    assert session_bookings_close_due() == 0

    statuses = dict(ExamSession.objects.values_list("pk", "status"))
    assert statuses == {
        due.pk: SessionStatus.CLOSED,
        started.pk: SessionStatus.CLOSED,
        still_open.pk: SessionStatus.OPEN,
    }
    (change,) = event_list(subject=due).filter(kind="status")
    assert (change.from_state, change.to_state, change.actor) == (
        SessionStatus.OPEN,
        SessionStatus.CLOSED,
        None,
    )
    assert "otomatis" in change.note


def test_both_periodic_tasks_are_in_the_beat_schedule():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert {close_due_bookings.name, drive_waiting_lists.name} <= tasks


def test_the_committee_sees_a_session_past_its_close_as_closed(client, make_session, scheduler):
    session = past_its_close(make_session())
    client.force_login(scheduler)

    detail = client.get(reverse("scheduling_session", args=[session.pk])).content.decode()
    listing = client.get(reverse("scheduling_sessions")).content.decode()

    for page in (detail, listing):
        assert '<span class="badge badge--warning">Pemesanan ditutup</span>' in page
        assert '<span class="badge badge--success">Dibuka untuk pemesanan</span>' not in page
