"""The exam reminder goes out on the last working day before the session, once per seat, to
seats that still stand, however often (and however concurrently) the hourly task runs."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.db import connection
from django.utils import timezone

from portal.calendar import add_working_days, is_working_day
from portal.models import Closure, OutboundEmail
from registration.constants import ApplicationStatus
from scheduling.constants import SessionStatus
from scheduling.models import Seat
from scheduling.reminders import seat_reminders_send
from scheduling.services import seat_move, seat_release, seat_take, session_transition
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
SUBJECT = "Pengingat: uji kompetensi Anda"

# Monday 13 September 2027: no holiday that week, so it is reminded on Friday the 10th.
MONDAY = date(2027, 9, 13)
FRIDAY_BEFORE = date(2027, 9, 10)


def at(day: date, hour: int = 10) -> datetime:
    """`hour` o'clock WIB on `day`."""
    return datetime.combine(day, time(hour), tzinfo=WIB)


def seated(make_session, day: date, **fields) -> Seat:
    """A verified candidate with a seat in a new session from 09.00 to 12.00 WIB on `day`."""
    session = fields.pop("session", None) or make_session(
        starts_at=at(day, 9), ends_at=at(day, 12), **fields
    )
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    return seat_take(session=session, application=application, actor=application.candidate)


def reminders_to(email: str) -> int:
    return OutboundEmail.objects.filter(subject__startswith=SUBJECT, to=[email]).count()


def test_the_calendar_is_as_these_tests_assume():
    assert is_working_day(FRIDAY_BEFORE)
    assert not is_working_day(date(2027, 9, 11))
    assert not is_working_day(date(2027, 9, 12))
    assert is_working_day(MONDAY)
    assert not is_working_day(date(2027, 8, 17))  # Hari Kemerdekaan
    assert is_working_day(date(2027, 8, 16))


def test_a_monday_session_is_reminded_on_the_friday_before_with_what_to_know(
    make_session, django_capture_on_commit_callbacks
):
    seat = seated(
        make_session,
        MONDAY,
        instructions="Siapkan KTP asli.\nMasuk 15 menit lebih awal.",
        meeting_link="https://zoom.example.test/j/987",
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        sent = seat_reminders_send(now=at(FRIDAY_BEFORE))

    assert sent == 1
    (message,) = mail.outbox
    assert message.to == [seat.application.candidate.email]
    assert message.subject == "Pengingat: uji kompetensi Anda Senin, 13 September 2027"
    assert "Senin, 13 September 2027, 09.00–12.00 WIB" in message.body  # noqa: RUF001
    assert "Daring (Zoom)" in message.body
    assert "https://zoom.example.test/j/987" in message.body
    assert "Siapkan KTP asli.\nMasuk 15 menit lebih awal." in message.body
    assert f"{settings.PORTAL_BASE_URL}/dashboard/" in message.body
    seat.refresh_from_db()
    assert seat.reminded_at == at(FRIDAY_BEFORE)


def test_the_service_preparation_is_used_when_the_session_has_none(
    make_session, django_capture_on_commit_callbacks
):
    seat = seated(make_session, MONDAY, instructions="")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        seat_reminders_send(now=at(FRIDAY_BEFORE))

    (message,) = mail.outbox
    assert seat.session.service.exam_preparation.splitlines()[0] in message.body


@pytest.mark.parametrize(
    "day",
    [date(2027, 9, 9), date(2027, 9, 11), date(2027, 9, 12), MONDAY],
    ids=["thursday-too-early", "saturday", "sunday", "the-day-itself"],
)
def test_no_reminder_on_any_other_day(make_session, day):
    seat = seated(make_session, MONDAY)

    assert seat_reminders_send(now=at(day, 8)) == 0

    assert reminders_to(seat.application.candidate.email) == 0


def test_weekend_sessions_are_reminded_on_friday_too(make_session):
    saturday = seated(make_session, date(2027, 9, 11))
    next_tuesday = seated(make_session, date(2027, 9, 14))

    assert seat_reminders_send(now=at(FRIDAY_BEFORE)) == 1

    assert reminders_to(saturday.application.candidate.email) == 1
    assert reminders_to(next_tuesday.application.candidate.email) == 0


def test_the_day_after_a_national_holiday_is_reminded_on_the_working_day_before_it(
    make_session,
):
    # Wednesday 18 August 2027 follows Independence Day (Tuesday 17th).
    seat = seated(make_session, date(2027, 8, 18))
    email = seat.application.candidate.email

    assert seat_reminders_send(now=at(date(2027, 8, 13))) == 0  # the Friday before: too early
    assert seat_reminders_send(now=at(date(2027, 8, 17))) == 0  # the holiday itself
    assert seat_reminders_send(now=at(date(2027, 8, 16))) == 1
    assert reminders_to(email) == 1


def test_a_local_closure_counts_as_a_holiday(make_session):
    Closure.objects.create(date=date(2027, 9, 15), name="Pemeliharaan gedung")
    thursday = seated(make_session, date(2027, 9, 16))

    assert seat_reminders_send(now=at(date(2027, 9, 15))) == 0
    assert seat_reminders_send(now=at(date(2027, 9, 14))) == 1
    assert reminders_to(thursday.application.candidate.email) == 1


def test_a_reminder_is_sent_once_however_often_the_task_runs(make_session):
    seat = seated(make_session, MONDAY)

    assert seat_reminders_send(now=at(FRIDAY_BEFORE, 9)) == 1
    assert seat_reminders_send(now=at(FRIDAY_BEFORE, 10)) == 0
    assert seat_reminders_send(now=at(FRIDAY_BEFORE, 15)) == 0

    assert reminders_to(seat.application.candidate.email) == 1
    seat.refresh_from_db()
    assert seat.reminded_at == at(FRIDAY_BEFORE, 9)


def test_released_moved_away_and_cancelled_seats_are_not_reminded(make_session, scheduler):
    monday = make_session(starts_at=at(MONDAY, 9))
    kept = seated(make_session, MONDAY, session=monday)
    released = seated(make_session, MONDAY, session=monday)
    seat_release(seat=released, actor=released.application.candidate)
    moved = seated(make_session, MONDAY, session=monday)
    later = make_session(starts_at=at(date(2027, 9, 20), 9))
    seat_move(seat=moved, to_session=later, actor=moved.application.candidate)
    cancelled = seated(make_session, MONDAY)
    session_transition(session=cancelled.session, to=SessionStatus.CANCELLED, actor=scheduler)

    assert seat_reminders_send(now=at(FRIDAY_BEFORE)) == 1

    assert reminders_to(kept.application.candidate.email) == 1
    for seat in (released, moved, cancelled):
        assert reminders_to(seat.application.candidate.email) == 0


def test_a_closed_session_is_still_reminded_but_a_held_one_is_not(make_session):
    closed = seated(make_session, MONDAY)
    held = seated(make_session, MONDAY)
    type(closed.session).objects.filter(pk=closed.session_id).update(status=SessionStatus.CLOSED)
    type(held.session).objects.filter(pk=held.session_id).update(status=SessionStatus.HELD)

    assert seat_reminders_send(now=at(FRIDAY_BEFORE)) == 1

    assert reminders_to(closed.application.candidate.email) == 1
    assert reminders_to(held.application.candidate.email) == 0


def test_a_moved_seat_is_reminded_again_for_its_new_session(make_session):
    seat = seated(make_session, MONDAY)
    assert seat_reminders_send(now=at(FRIDAY_BEFORE)) == 1
    later = make_session(starts_at=at(date(2027, 9, 20), 9))

    seat_move(seat=seat, to_session=later, actor=seat.application.candidate)

    seat.refresh_from_db()
    assert seat.reminded_at is None
    assert seat_reminders_send(now=at(date(2027, 9, 17))) == 1
    assert reminders_to(seat.application.candidate.email) == 2


def test_the_daytime_hourly_task_is_registered_with_the_worker_and_beat(settings):
    from config.celery import app

    app.loader.import_default_modules()

    assert "scheduling.tasks.send_exam_reminders" in app.tasks
    entry = settings.CELERY_BEAT_SCHEDULE["exam-reminders"]
    assert entry["task"] == "scheduling.tasks.send_exam_reminders"
    assert entry["schedule"] == crontab(minute=0, hour="7-21")
    assert entry["schedule"].hour == set(range(7, 22))  # every hour of the day, not the night


def test_the_task_sends_what_is_due_today(make_session):
    from scheduling.tasks import send_exam_reminders

    today = timezone.localdate()
    due = seated(make_session, add_working_days(today, 1))  # due today, if today is worked
    not_yet = seated(make_session, add_working_days(today, 2))

    sent = send_exam_reminders.apply().get()

    assert sent == (1 if is_working_day(today) else 0)
    assert reminders_to(due.application.candidate.email) == sent
    assert reminders_to(not_yet.application.candidate.email) == 0


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_one_reminder_per_seat(reference_data, make_session):
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL (as in CI): SQLite serialises every write.")
    session = make_session(starts_at=at(MONDAY, 9), capacity=20)
    seats = [seated(make_session, MONDAY, session=session) for _ in range(8)]
    mail.outbox.clear()
    runs = 2
    barrier = threading.Barrier(runs, timeout=30)

    def run(_):
        try:
            barrier.wait()
            return seat_reminders_send(now=at(FRIDAY_BEFORE))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=runs) as pool:
        sent = list(pool.map(run, range(runs)))

    assert sum(sent) == len(seats)
    for seat in seats:
        assert reminders_to(seat.application.candidate.email) == 1
    reminded = sorted(m.to[0] for m in mail.outbox if m.subject.startswith(SUBJECT))
    assert reminded == sorted(seat.application.candidate.email for seat in seats)
