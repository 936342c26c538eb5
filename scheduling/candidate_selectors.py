"""Reads for the candidate's own exam screens: the sessions to choose from, the seat held, the
exam block of the dashboard and published results. Every read starts from the candidate's own
application, and draft results never leave this module."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, QuerySet
from django.utils import timezone

from portal.constants import SeatAssignment
from portal.models import CompetencyUnit, Service
from registration.constants import ApplicationStatus
from registration.models import Application
from registration.selectors import application_latest_closed
from scheduling import workflow
from scheduling.constants import (
    WAITLIST_ACTIVE_STATUSES,
    WAITLIST_OFFER_HOURS,
    OfferStatus,
    Outcome,
    ResultStatus,
    UnitOutcome,
    WaitlistStatus,
)
from scheduling.models import ExamSession, Result, Seat, SeatOffer, WaitlistEntry
from scheduling.selectors import session_list_open

# The meeting link is shown this long before the start (until the end): early enough to test
# the microphone, late enough that the link is not passed around days before.
LINK_VISIBLE_BEFORE = timedelta(minutes=60)
LINK_VISIBLE_MINUTES = int(LINK_VISIBLE_BEFORE.total_seconds() // 60)  # for the page's text


def session_list_bookable(
    *, service: Service, now: datetime | None = None
) -> QuerySet[ExamSession]:
    """The open sessions of the service (session_list_open, with active seats taken and free)
    with `seats_left` (free seats less those held for the waiting list by an open offer) and
    `booking_started`: whether its booking window has opened yet. One query."""
    now = now or timezone.now()
    return (
        session_list_open(service=service)
        .filter(starts_at__gt=now)
        .annotate(
            seats_held=Count(
                "offers",
                filter=Q(offers__status=OfferStatus.OPEN, offers__expires_at__gt=now),
                distinct=True,
            )
        )
        .annotate(
            seats_left=F("seats_free") - F("seats_held"),
            booking_started=ExpressionWrapper(
                Q(booking_opens_at__lte=now), output_field=BooleanField()
            ),
        )
    )


def seat_current(*, application: Application, service: Service | None = None) -> Seat | None:
    """The application's active seat with its session and service, or None. Given the service
    (the application's, already read), the session's is that one instead of a second copy
    joined in (a service row is wide)."""
    seats = Seat.objects.filter(application=application, is_active=True)
    if service is None:
        return seats.select_related("session__service").first()
    seat = seats.select_related("session").first()
    if seat is not None and seat.session.service_id == service.pk:
        seat.session.service = service
    return seat


def seat_changeable(*, seat: Seat, now: datetime | None = None) -> bool:
    """Whether the candidate may still move or give up this seat (the rule the services
    enforce); this only decides what the page offers."""
    now = now or timezone.now()
    return workflow.seat_change_refusal(seat.session, by_committee=False, now=now) is None


def candidate_picks(service: Service) -> bool:
    return service.seat_assignment == SeatAssignment.CANDIDATE


def result_published_latest(*, application: Application) -> Result | None:
    """The application's most recent published result (of its latest sitting), or None."""
    return (
        Result.objects.filter(seat__application=application, status=ResultStatus.PUBLISHED)
        .select_related("seat__session")
        .order_by("-seat__session__starts_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class UnitRow:
    code: str
    title: str
    competent: bool
    label: str


def result_unit_rows(*, result: Result, service: Service) -> list[UnitRow]:
    """The result's per-unit outcomes in the service's unit order, with the unit titles. A code
    the service no longer defines is still shown, by its code. One query."""
    outcomes = result.unit_outcomes or {}
    if not outcomes:
        return []
    units = CompetencyUnit.objects.filter(service=service, code__in=list(outcomes))
    titles = {unit.code: unit.title for unit in units}
    order = [unit.code for unit in units] + sorted(set(outcomes) - set(titles))
    rows = []
    for code in order:
        value = outcomes[code]
        label = UnitOutcome(value).label if value in UnitOutcome.values else value
        rows.append(
            UnitRow(
                code=code,
                title=titles.get(code, ""),
                competent=value == UnitOutcome.COMPETENT,
                label=str(label),
            )
        )
    return rows


@dataclass(frozen=True)
class WaitlistPlace:
    """The application's place on the waiting list: its `position` while waiting (1 is next),
    or the open `offer` of a seat and whether it may still be accepted (`offer_acceptable`:
    before its deadline; past it, the periodic task hands the seat on)."""

    entry: WaitlistEntry
    position: int | None
    offer: SeatOffer | None
    offer_acceptable: bool
    offer_hours: int = WAITLIST_OFFER_HOURS


def waitlist_place(
    *, application: Application | None, now: datetime | None = None
) -> WaitlistPlace | None:
    """The application's active waiting-list entry with its position or its offer, or None.
    Two queries."""
    if application is None:
        return None
    now = now or timezone.now()
    entry = WaitlistEntry.objects.filter(
        application=application, status__in=WAITLIST_ACTIVE_STATUSES
    ).first()
    if entry is None:
        return None
    if entry.status == WaitlistStatus.WAITING:
        ahead = WaitlistEntry.objects.filter(
            Q(created_at__lt=entry.created_at) | Q(created_at=entry.created_at, pk__lt=entry.pk),
            application__service_id=application.service_id,
            status=WaitlistStatus.WAITING,
        ).count()
        return WaitlistPlace(entry=entry, position=ahead + 1, offer=None, offer_acceptable=False)
    offer = (
        SeatOffer.objects.filter(entry=entry, status=OfferStatus.OPEN)
        .select_related("session")
        .first()
    )
    return WaitlistPlace(
        entry=entry,
        position=None,
        offer=offer,
        offer_acceptable=offer is not None and offer.expires_at > now,
    )


def exam_preparation(session: ExamSession) -> str:
    """What to prepare: the session's own text, else the service's."""
    return session.instructions or session.service.exam_preparation


def seat_link_state(session: ExamSession, now: datetime | None = None) -> str:
    """ "later" before LINK_VISIBLE_BEFORE the start, "open" from then until the end, "ended"."""
    now = now or timezone.now()
    if now >= session.ends_at:
        return "ended"
    if now >= session.starts_at - LINK_VISIBLE_BEFORE:
        return "open"
    return "later"


def exam_overview(
    *,
    candidate,
    service: Service | None,
    application: Application | None,
    now: datetime | None = None,
) -> dict:
    """What the dashboard shows about the exam: the seat while scheduled, whether the candidate
    may pick a session, and the latest published result, of the current application or, when
    there is none, of the last closed one (failed or rejected: application_current no longer
    returns it). A fixed number of queries, however many seats,
    results or events there are."""
    now = now or timezone.now()
    overview = {
        "exam_seat": None,
        "exam_link_state": "",
        "exam_preparation": "",
        "exam_changeable": False,
        "exam_can_pick": False,
        "exam_result": None,
        "exam_result_units": [],
        "closed_application": None,
        "exam_waitlist": None,
        "link_minutes": LINK_VISIBLE_MINUTES,
    }
    if service is None:
        return overview
    overview["exam_can_pick"] = candidate_picks(service)
    if application is None:
        application = application_latest_closed(candidate=candidate, service=service)
        overview["closed_application"] = application
    if application is None:
        return overview
    if application.status == ApplicationStatus.SCHEDULED:
        seat = seat_current(application=application, service=service)
        if seat is not None:
            overview["exam_seat"] = seat
            overview["exam_link_state"] = seat_link_state(seat.session, now)
            overview["exam_preparation"] = exam_preparation(seat.session)
            overview["exam_changeable"] = seat_changeable(seat=seat, now=now)
        return overview
    if application.status == ApplicationStatus.VERIFIED:
        result = _absent_result(application)
        overview["exam_waitlist"] = waitlist_place(application=application, now=now)
    elif application.status in (ApplicationStatus.PASSED, ApplicationStatus.FAILED):
        result = result_published_latest(application=application)
    else:
        result = None
    if result is not None:
        overview["exam_result"] = result
        overview["exam_result_units"] = result_unit_rows(result=result, service=service)
    return overview


def schedule_overview(
    *, service: Service, application: Application | None, now: datetime | None = None
) -> dict:
    """What the candidate's schedule page offers: the seat held (and whether it may still be
    changed), and the sessions to choose from when this service lets candidates choose."""
    now = now or timezone.now()
    picks = candidate_picks(service)
    seat = None
    if application is not None and application.status == ApplicationStatus.SCHEDULED:
        seat = seat_current(application=application)
    changeable = seat is not None and seat_changeable(seat=seat, now=now)
    offers_sessions = (
        picks
        and application is not None
        and (application.status == ApplicationStatus.VERIFIED or changeable)
    )
    sessions = (
        list(_sessions_to_offer(service=service, seat=seat, now=now)) if offers_sessions else []
    )
    waiting = None
    can_join_waitlist = False
    if picks and application is not None and application.status == ApplicationStatus.VERIFIED:
        waiting = waitlist_place(application=application, now=now)
        # The rule workflow.waitlist_join_refusal applies: no bookable session has a seat left.
        can_join_waitlist = waiting is None and not any(
            session.booking_started and session.seats_left > 0 for session in sessions
        )
    return {
        "service": service,
        "application": application,
        "candidate_picks": picks,
        "waitlist": waiting,
        "can_join_waitlist": can_join_waitlist,
        "waitlist_offer_hours": WAITLIST_OFFER_HOURS,
        "seat": seat,
        "changeable": changeable,
        "link_state": seat_link_state(seat.session, now) if seat else "",
        "preparation": exam_preparation(seat.session) if seat else "",
        "sessions": sessions,
        "absent_result": _absent_result(application),
        "link_minutes": LINK_VISIBLE_MINUTES,
    }


def _sessions_to_offer(*, service: Service, seat: Seat | None, now: datetime):
    sessions = session_list_bookable(service=service, now=now)
    return sessions.exclude(pk=seat.session_id) if seat is not None else sessions


def _absent_result(application: Application | None) -> Result | None:
    """The published "absent" result that sent this application back to awaiting a schedule."""
    if application is None or application.status != ApplicationStatus.VERIFIED:
        return None
    result = result_published_latest(application=application)
    return result if result is not None and result.outcome == Outcome.ABSENT else None
