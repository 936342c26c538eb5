"""The waiting list: when every open session is full a candidate joins it; a freed seat is
offered to the first one waiting, by e-mail, with a deadline; accepting takes the seat through
seat_take; a lapsed offer moves on to the next one, however often the periodic task runs."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.constants import SeatAssignment
from portal.events import event_list
from portal.models import OutboundEmail, Service
from registration.constants import ApplicationStatus
from scheduling.candidate_selectors import session_list_bookable, waitlist_place
from scheduling.constants import WAITLIST_OFFER_HOURS, OfferStatus, SessionStatus, WaitlistStatus
from scheduling.demo import waiting_list_demo
from scheduling.exceptions import AlreadySeated, OfferExpired, SchedulingError, SessionFull
from scheduling.models import Seat, SeatOffer, WaitlistEntry
from scheduling.services import (
    seat_release,
    seat_take,
    session_save,
    session_transition,
    waitlist_join,
    waitlist_leave,
    waitlist_offer_accept,
    waitlist_offers_expire,
    waitlist_redrive,
)
from tests.factories import SERVICE_SLUG, ApplicationFactory

pytestmark = pytest.mark.django_db

OFFER_SUBJECT = "Kursi ujian tersedia untuk Anda dari daftar tunggu"


def verified():
    return ApplicationFactory(status=ApplicationStatus.VERIFIED)


def seated(session):
    application = verified()
    return seat_take(session=session, application=application, actor=application.candidate)


def joined(application):
    return waitlist_join(application=application, actor=application.candidate)


def offers_to(application) -> int:
    return OutboundEmail.objects.filter(
        subject=OFFER_SUBJECT, to=[application.candidate.email]
    ).count()


@pytest.fixture
def full_session(make_session):
    """The service's only open session, its one seat taken."""
    session = make_session(capacity=1)
    seated(session)
    return session


def test_a_candidate_joins_only_when_every_open_session_is_full(make_session):
    session = make_session(capacity=1)
    application = verified()

    with pytest.raises(SchedulingError, match="Masih ada sesi dengan kursi kosong"):
        joined(application)

    seated(session)
    entry = joined(application)

    assert entry.status == WaitlistStatus.WAITING
    assert [e.kind for e in event_list(subject=application)][-1] == "waitlist_joined"


def test_joining_twice_keeps_one_entry_and_the_database_refuses_a_second(full_session):
    application = verified()

    first = joined(application)
    second = joined(application)

    assert first.pk == second.pk
    assert WaitlistEntry.objects.filter(application=application).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        WaitlistEntry.objects.create(application=application)


def test_a_committee_assigned_service_has_no_waiting_list(full_session):
    service = Service.objects.get(slug=SERVICE_SLUG)
    service.seat_assignment = SeatAssignment.COMMITTEE
    service.save(update_fields=["seat_assignment"])

    with pytest.raises(SchedulingError, match="ditetapkan oleh panitia"):
        joined(verified())


def test_a_freed_seat_is_offered_to_the_first_in_line_only(
    full_session, django_capture_on_commit_callbacks
):
    first, second = verified(), verified()
    joined(first)
    joined(second)
    holder = Seat.objects.get(session=full_session, is_active=True)

    with django_capture_on_commit_callbacks(execute=True):
        seat_release(seat=holder, actor=holder.application.candidate)

    offer = SeatOffer.objects.get()
    assert offer.entry.application == first
    assert offer.status == OfferStatus.OPEN
    assert offer.expires_at <= timezone.now() + timedelta(hours=WAITLIST_OFFER_HOURS)
    assert offers_to(first) == 1
    assert offers_to(second) == 0
    assert waitlist_place(application=second).position == 1
    assert waitlist_place(application=first).offer == offer


def test_the_offer_never_outlives_the_booking(make_session, django_capture_on_commit_callbacks):
    closes = timezone.now() + timedelta(hours=3)
    session = make_session(capacity=1, booking_closes_at=closes)
    holder = seated(session)
    joined(application := verified())

    with django_capture_on_commit_callbacks(execute=True):
        seat_release(seat=holder, actor=holder.application.candidate)

    assert SeatOffer.objects.get(entry__application=application).expires_at == closes


def test_an_offered_seat_is_held_from_everyone_else(
    full_session, django_capture_on_commit_callbacks
):
    joined(verified())
    holder = Seat.objects.get(session=full_session, is_active=True)
    with django_capture_on_commit_callbacks(execute=True):
        seat_release(seat=holder, actor=holder.application.candidate)
    latecomer = verified()

    assert session_list_bookable(service=full_session.service).get().seats_left == 0
    with pytest.raises(SessionFull):
        seat_take(session=full_session, application=latecomer, actor=latecomer.candidate)


def test_accepting_takes_the_seat_and_a_second_click_is_told_so(
    full_session, django_capture_on_commit_callbacks
):
    application = verified()
    joined(application)
    holder = Seat.objects.get(session=full_session, is_active=True)
    with django_capture_on_commit_callbacks(execute=True):
        seat_release(seat=holder, actor=holder.application.candidate)
    offer = SeatOffer.objects.get()

    seat = waitlist_offer_accept(offer=offer, actor=application.candidate)
    with pytest.raises(AlreadySeated):
        waitlist_offer_accept(offer=offer, actor=application.candidate)

    assert seat.session == full_session
    assert Seat.objects.filter(session=full_session, is_active=True).count() == 1
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    assert offer.entry.status == WaitlistStatus.SEATED
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SCHEDULED


def test_another_candidate_cannot_accept_someone_elses_offer(
    full_session, django_capture_on_commit_callbacks
):
    joined(verified())
    holder = Seat.objects.get(session=full_session, is_active=True)
    with django_capture_on_commit_callbacks(execute=True):
        seat_release(seat=holder, actor=holder.application.candidate)
    stranger = verified()

    with pytest.raises(SchedulingError, match="tidak memiliki peran"):
        waitlist_offer_accept(offer=SeatOffer.objects.get(), actor=stranger.candidate)


def test_accepting_after_the_deadline_is_refused_even_before_the_task_runs(
    full_session, django_capture_on_commit_callbacks
):
    application = verified()
    joined(application)
    holder = Seat.objects.get(session=full_session, is_active=True)
    with django_capture_on_commit_callbacks(execute=True):
        seat_release(seat=holder, actor=holder.application.candidate)
    SeatOffer.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    with pytest.raises(OfferExpired):
        waitlist_offer_accept(offer=SeatOffer.objects.get(), actor=application.candidate)

    assert not Seat.objects.filter(application=application).exists()


def test_a_lapsed_offer_moves_to_the_next_and_a_rerun_changes_nothing(
    full_session, django_capture_on_commit_callbacks
):
    first, second, third = verified(), verified(), verified()
    for application in (first, second, third):
        joined(application)
    holder = Seat.objects.get(session=full_session, is_active=True)
    with django_capture_on_commit_callbacks(execute=True):
        seat_release(seat=holder, actor=holder.application.candidate)
    later = timezone.now() + timedelta(hours=WAITLIST_OFFER_HOURS, minutes=1)

    assert waitlist_redrive(now=later) == (1, 1)
    assert waitlist_redrive(now=later) == (0, 0)
    assert waitlist_offers_expire(now=later) == 0

    assert WaitlistEntry.objects.get(application=first).status == WaitlistStatus.EXPIRED
    open_offers = SeatOffer.objects.filter(status=OfferStatus.OPEN)
    assert [offer.entry.application for offer in open_offers] == [second]
    assert offers_to(second) == 1
    assert offers_to(third) == 0
    assert waitlist_place(application=third).position == 1
    with pytest.raises(OfferExpired):
        waitlist_offer_accept(
            offer=SeatOffer.objects.get(entry__application=first), actor=first.candidate
        )


def test_more_capacity_and_a_newly_opened_session_are_offered_in_order(
    full_session, make_session, scheduler, django_capture_on_commit_callbacks
):
    first, second, third = verified(), verified(), verified()
    for application in (first, second, third):
        joined(application)

    full_session.capacity = 2
    with django_capture_on_commit_callbacks(execute=True):
        session_save(session=full_session, fields=["capacity"], actor=scheduler)
    draft = make_session(capacity=1, status=SessionStatus.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        session_transition(session=draft, to=SessionStatus.OPEN, actor=scheduler)

    offers = {offer.entry.application: offer.session for offer in SeatOffer.objects.all()}
    assert offers == {first: full_session, second: draft}
    assert waitlist_place(application=third).position == 1


def test_capacity_is_never_exceeded_by_offers_and_seats_together(
    full_session, django_capture_on_commit_callbacks
):
    waiting = [verified() for _ in range(3)]
    for application in waiting:
        joined(application)
    holder = Seat.objects.get(session=full_session, is_active=True)
    with django_capture_on_commit_callbacks(execute=True):
        seat_release(seat=holder, actor=holder.application.candidate)
    waitlist_redrive()
    waitlist_redrive()

    (offer,) = SeatOffer.objects.filter(status=OfferStatus.OPEN)
    waitlist_offer_accept(offer=offer, actor=offer.entry.application.candidate)
    waitlist_redrive()

    assert Seat.objects.filter(session=full_session, is_active=True).count() == 1
    assert not SeatOffer.objects.filter(status=OfferStatus.OPEN).exists()


def test_leaving_withdraws_the_offer_and_hands_it_on(
    full_session, django_capture_on_commit_callbacks
):
    first, second = verified(), verified()
    joined(first)
    joined(second)
    holder = Seat.objects.get(session=full_session, is_active=True)
    with django_capture_on_commit_callbacks(execute=True):
        seat_release(seat=holder, actor=holder.application.candidate)

    with django_capture_on_commit_callbacks(execute=True):
        assert waitlist_leave(application=first, actor=first.candidate) is True
    assert waitlist_leave(application=first, actor=first.candidate) is False

    assert SeatOffer.objects.get(entry__application=first).status == OfferStatus.WITHDRAWN
    assert SeatOffer.objects.get(entry__application=second).status == OfferStatus.OPEN
    assert waitlist_place(application=first) is None


def test_closing_a_session_sends_its_offer_back_to_the_queue_in_place(
    full_session, scheduler, django_capture_on_commit_callbacks
):
    first, second = verified(), verified()
    joined(first)
    joined(second)
    holder = Seat.objects.get(session=full_session, is_active=True)
    with django_capture_on_commit_callbacks(execute=True):
        seat_release(seat=holder, actor=holder.application.candidate)

    session_transition(session=full_session, to=SessionStatus.CLOSED, actor=scheduler)

    assert SeatOffer.objects.get().status == OfferStatus.WITHDRAWN
    assert waitlist_place(application=first).position == 1
    assert waitlist_place(application=second).position == 2


def test_a_candidate_seated_by_the_committee_leaves_the_list(full_session, make_session, scheduler):
    application = verified()
    joined(application)
    other = make_session(capacity=1, status=SessionStatus.CLOSED)

    seat_take(session=other, application=application, actor=scheduler)

    assert WaitlistEntry.objects.get(application=application).status == WaitlistStatus.SEATED
    assert waitlist_place(application=application) is None


def test_the_demo_entry_point_fills_a_session_and_offers_the_first_a_seat(make_session, scheduler):
    session = make_session(capacity=5)
    seated_ones = [verified(), verified()]
    waiting = [verified(), verified()]

    made = waiting_list_demo(
        session=session, seated=seated_ones, waiting=waiting, scheduler=scheduler
    )

    session.refresh_from_db()
    assert session.capacity == 3
    assert [seat.application for seat in made["seats"]] == seated_ones
    assert made["offer"].entry.application == waiting[0]
    assert waitlist_place(application=waiting[1]).position == 1
    assert offers_to(waiting[0]) == 1
