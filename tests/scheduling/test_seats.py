"""Taking and releasing seats in an exam session."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.events import event_list
from registration.constants import ApplicationStatus
from scheduling.constants import SessionStatus
from scheduling.exceptions import (
    AlreadySeated,
    BookingClosed,
    NotEligible,
    SchedulingError,
    SessionFull,
)
from scheduling.models import Seat
from scheduling.selectors import session_list_open
from scheduling.services import seat_move, seat_release, seat_take
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def verified_application():
    return ApplicationFactory(status=ApplicationStatus.VERIFIED)


def test_a_verified_candidate_takes_a_seat_and_it_is_recorded(make_session):
    session = make_session()
    application = verified_application()

    seat = seat_take(session=session, application=application, actor=application.candidate)

    assert seat.session == session
    assert seat.application == application
    assert seat.created_by == application.candidate
    seat_event, status_event = event_list(subject=application)
    assert seat_event.kind == "seat_taken"
    assert session.starts_label in seat_event.note
    assert (status_event.kind, status_event.from_state, status_event.to_state) == (
        "status",
        ApplicationStatus.VERIFIED,
        ApplicationStatus.SCHEDULED,
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SCHEDULED


def test_a_scheduler_may_take_a_seat_for_a_candidate(make_session, scheduler):
    application = verified_application()

    seat = seat_take(session=make_session(), application=application, actor=scheduler)

    assert seat.created_by == scheduler


def test_a_full_session_is_refused_with_a_clear_message(make_session):
    session = make_session(capacity=1)
    first = verified_application()
    seat_take(session=session, application=first, actor=first.candidate)
    second = verified_application()

    with pytest.raises(SessionFull) as refused:
        seat_take(session=session, application=second, actor=second.candidate)

    assert str(refused.value) == "Sesi ini sudah penuh. Pilih sesi lain."

    assert Seat.objects.filter(session=session).count() == 1


@pytest.mark.parametrize(
    "window",
    [
        {"booking_opens_at_days": 1, "booking_closes_at_days": 7},  # not open yet
        {"booking_opens_at_days": -7, "booking_closes_at_days": -1},  # already closed
    ],
    ids=["before-the-window", "after-the-window"],
)
def test_outside_the_booking_window_a_seat_is_refused(make_session, window):
    now = timezone.now()
    session = make_session(
        booking_opens_at=now + timedelta(days=window["booking_opens_at_days"]),
        booking_closes_at=now + timedelta(days=window["booking_closes_at_days"]),
    )
    application = verified_application()

    with pytest.raises(BookingClosed):
        seat_take(session=session, application=application, actor=application.candidate)

    assert not Seat.objects.exists()


@pytest.mark.parametrize("status", [s for s in SessionStatus if s != SessionStatus.OPEN])
def test_a_session_that_is_not_open_refuses_seats(make_session, status):
    session = make_session(status=status)
    application = verified_application()

    with pytest.raises(BookingClosed):
        seat_take(session=session, application=application, actor=application.candidate)


@pytest.mark.parametrize(
    "status", [s for s in ApplicationStatus if s != ApplicationStatus.VERIFIED]
)
def test_an_application_that_is_not_verified_is_refused(make_session, status):
    application = ApplicationFactory(status=status)

    with pytest.raises(NotEligible, match="terverifikasi"):
        seat_take(session=make_session(), application=application, actor=application.candidate)

    assert not Seat.objects.exists()


def test_a_second_seat_for_the_same_application_is_refused(make_session):
    application = verified_application()
    seat_take(session=make_session(), application=application, actor=application.candidate)

    with pytest.raises(AlreadySeated):
        seat_take(session=make_session(), application=application, actor=application.candidate)

    assert Seat.objects.filter(application=application).count() == 1


def test_another_candidate_cannot_take_a_seat_for_someone_else(make_session, outsider):
    application = verified_application()

    with pytest.raises(SchedulingError, match="tidak memiliki peran"):
        seat_take(session=make_session(), application=application, actor=outsider)


def test_releasing_a_seat_frees_the_place_for_someone_else(make_session):
    session = make_session(capacity=1)
    first = verified_application()
    seat = seat_take(session=session, application=first, actor=first.candidate)

    seat_release(seat=seat, actor=first.candidate)

    assert not Seat.objects.exists()
    assert event_list(subject=first).filter(kind="seat_released").exists()
    first.refresh_from_db()
    assert first.status == ApplicationStatus.VERIFIED  # awaiting a schedule again
    second = verified_application()
    seat_take(session=session, application=second, actor=second.candidate)
    assert Seat.objects.get().application == second


def test_the_open_list_shows_taken_and_free_seats(make_session):
    session = make_session(capacity=3)
    for _ in range(2):
        application = verified_application()
        seat_take(session=session, application=application, actor=application.candidate)
    make_session(status=SessionStatus.DRAFT)
    make_session(booking_closes_at=timezone.now() - timedelta(minutes=1))

    listed = list(session_list_open(service=session.service))

    assert [(s.pk, s.seats_taken, s.seats_free) for s in listed] == [(session.pk, 2, 1)]


@pytest.mark.parametrize("count", [3, 10])
def test_the_open_list_takes_one_query_however_many_sessions(
    make_session, django_assert_num_queries, count
):
    sessions = [make_session(capacity=5) for _ in range(count)]
    for session in sessions:
        application = verified_application()
        seat_take(session=session, application=application, actor=application.candidate)

    with django_assert_num_queries(1):
        listed = [(s.seats_taken, s.seats_free) for s in session_list_open(service=session.service)]

    assert listed == [(1, 4)] * count


def test_the_candidate_sees_the_seat_on_the_dashboard_and_application_page(client, make_session):
    application = verified_application()
    seat_take(session=make_session(), application=application, actor=application.candidate)
    client.force_login(application.candidate)

    dashboard = client.get(reverse("dashboard")).content.decode()
    page = client.get(reverse("application")).content.decode()

    assert "Terjadwal" in dashboard
    assert "Terjadwal ujian" in page
    assert "sudah mendapat kursi pada sesi ujian" in page


def test_a_seat_is_not_moved_into_a_full_session(make_session):
    application = verified_application()
    seat = seat_take(session=make_session(), application=application, actor=application.candidate)
    full = make_session(capacity=1)
    other = verified_application()
    seat_take(session=full, application=other, actor=other.candidate)

    with pytest.raises(SessionFull):
        seat_move(seat=seat, to_session=full, actor=application.candidate)

    seat.refresh_from_db()
    assert seat.session != full
    assert Seat.objects.filter(session=full).count() == 1
