"""Demo data for the waiting list, for the demo seeder: a full session, candidates waiting in
order, and one seat offered. Only through scheduling.services, so the demo obeys every rule a
real candidate meets (a verified application, a service where candidates choose, an open
session inside its booking window, every other open session of the service full)."""

from collections.abc import Sequence

from django.db import transaction

from registration.models import Application, User
from scheduling.models import ExamSession, Seat, SeatOffer, WaitlistEntry
from scheduling.selectors import session_seats_annotate
from scheduling.services import seat_take, session_save, waitlist_join, waitlist_offers_make


def waiting_list_demo(
    *,
    session: ExamSession,
    seated: Sequence[Application],
    waiting: Sequence[Application],
    scheduler: User,
    offer_first: bool = True,
) -> dict:
    """Fill `session` with `seated` (its capacity set by the committee to the seats taken plus
    these), put `waiting` on its service's waiting list in that order, and, with
    `offer_first`, add one seat, which is offered to the first one waiting (an e-mail through
    the outbox, deadline WAITLIST_OFFER_HOURS). `scheduler` sits on the scheduling committee of
    the session's provider. Returns {"seats": [Seat], "entries": [WaitlistEntry],
    "offer": SeatOffer | None}. Raises the services' SchedulingError when a rule is not met."""
    with transaction.atomic():
        taken = session_seats_annotate(ExamSession.objects.filter(pk=session.pk)).get()
        session.capacity = taken.seats_taken + len(seated)
        session_save(session=session, fields=["capacity"], actor=scheduler)
        seats: list[Seat] = [
            seat_take(session=session, application=application, actor=application.candidate)
            for application in seated
        ]
        entries: list[WaitlistEntry] = [
            waitlist_join(application=application, actor=application.candidate)
            for application in waiting
        ]
        offer = None
        if offer_first and entries:
            session.capacity += 1
            session_save(session=session, fields=["capacity"], actor=scheduler)
            # Now rather than after commit, so the caller sees the offer (running it again after
            # commit offers nothing more).
            waitlist_offers_make(service_id=session.service_id)
            offer = SeatOffer.objects.filter(entry=entries[0]).first()
    return {"seats": seats, "entries": entries, "offer": offer}
