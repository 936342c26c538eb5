"""Reads for the scheduling committee's screens: sessions with their active seats counted, the
roster of a session, who is still waiting for a seat, and where a seat may go. Each is one
query, so list pages and exports stay constant as sessions and seats grow."""

from datetime import datetime

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from portal.constants import Role
from portal.models import Service
from portal.queues import QueuePart
from portal.roles import provider_scope, role_provider_ids
from registration.constants import ApplicationStatus
from registration.models import Application, User
from registration.selectors import applicant_name_order, applicant_related
from scheduling import workflow
from scheduling.models import ExamSession, Seat
from scheduling.selectors import session_seats_annotate

# Sessions the committee may still place candidates in (workflow.seat_booking_refusal).
ACCEPTING_STATUSES = workflow.COMMITTEE_BOOKING_STATUSES


def session_active_seats_annotate(queryset: QuerySet[ExamSession]) -> QuerySet[ExamSession]:
    """session_seats_annotate (active seats taken and free), plus assessor_count."""
    return session_seats_annotate(
        queryset.annotate(assessor_count=Count("assessors", distinct=True))
    )


def _on_panel(user: User) -> Q:
    """Sessions the user assesses or heads, at the providers where they hold the assessor role
    (named on another provider's session, they are not its panel). A subquery, not a join:
    joining `assessors` would narrow assessor_count to 1."""
    on_panel = ExamSession.assessors.through.objects.filter(
        examsession_id=OuterRef("pk"), user_id=user.pk
    )
    return (Exists(on_panel) | Q(head_assessor=user)) & provider_scope(user, Role.ASSESSOR)


def session_scope(user: User, *, panel: bool = False) -> Q:
    """The sessions the user's committee pages may show: every session of the providers where
    they schedule; with `panel`, also those they sit on as an assessor (attendance, rosters).
    The providers' services are a subquery, not a join, so that the session list pages through
    the sessions' ids alone (portal.queues)."""
    services = Service.objects.filter(provider__in=role_provider_ids(user, Role.SCHEDULER))
    scope = Q(service__in=services)
    return scope | _on_panel(user) if panel else scope


def session_list(*, user: User) -> QuerySet[ExamSession]:
    """The sessions of the user's scheduling providers, unordered: the committee's list shows
    them in the parts of session_list_parts. Nothing joined or counted: the list pages through
    these ids (portal.queues), then reads session_rows for the page."""
    return ExamSession.objects.filter(session_scope(user))


def session_list_parts(*, now: datetime | None = None) -> list[QueuePart]:
    """The committee's list order, in two parts (portal.queues.queue_page_in_parts): the coming
    sessions first, soonest at the top, then the past ones, latest at the top (what a scheduler
    looks for, in that order). Each part's order is an index's (ExamSession.Meta.indexes); one
    order switching on `now` would be an expression no index serves."""
    now = now or timezone.now()
    return [
        (Q(ends_at__gte=now), ("starts_at", "pk")),
        (Q(ends_at__lt=now), ("-starts_at", "pk")),
    ]


def session_rows() -> QuerySet[ExamSession]:
    """Sessions with what a row of the committee's list shows: the service, the active seats
    and the panel counted."""
    return session_active_seats_annotate(ExamSession.objects.select_related("service"))


def session_for_staff(*, pk: int, user: User, panel: bool = False) -> ExamSession | None:
    """One session with its counts, service and panel, if it is in the user's session_scope
    (else None: the view answers 404, as if it did not exist)."""
    queryset = ExamSession.objects.select_related("service", "head_assessor").filter(
        session_scope(user, panel=panel), pk=pk
    )
    return session_active_seats_annotate(queryset).first()


def session_roster(*, session: ExamSession, include_inactive: bool = False) -> QuerySet[Seat]:
    """The seats of a session with everything the roster and the exports show, by name.
    Inactive seats (candidates who were absent) are the record of a sitting that took place."""
    seats = Seat.objects.filter(session=session)
    if not include_inactive:
        seats = seats.filter(is_active=True)
    # The names and institutions the panel verified; the profile only for the WhatsApp number.
    return seats.select_related(
        "application__candidate__profile",
        *applicant_related("application__"),
        "application__target_level",
    ).order_by(
        "-is_active",
        applicant_name_order("application__"),
        "application__candidate__username",
        "pk",
    )


def applications_awaiting_seat(*, service: Service) -> QuerySet[Application]:
    """The service's verified applications without an active seat, longest waiting first
    (verified earliest, then the older application)."""
    seated = Seat.objects.filter(application=OuterRef("pk"), is_active=True)
    return (
        Application.objects.filter(service=service, status=ApplicationStatus.VERIFIED)
        .exclude(Exists(seated))
        .select_related("candidate", *applicant_related())
        .order_by(F("verified_at").asc(nulls_last=True), "pk")
    )


def sessions_accepting(*, service: Service, now: datetime | None = None) -> QuerySet[ExamSession]:
    """The service's sessions the committee may still place candidates in: open or closed for
    booking and not started yet, soonest first, with their active seats counted."""
    queryset = ExamSession.objects.filter(
        service=service,
        status__in=ACCEPTING_STATUSES,
        starts_at__gt=now or timezone.now(),
    ).order_by("starts_at", "pk")
    return session_active_seats_annotate(queryset)


def seat_move_targets(*, session: ExamSession) -> list[ExamSession]:
    """Where a seat of this session may be moved: another accepting session of the same
    service that still has a free seat."""
    return list(
        sessions_accepting(service=session.service).exclude(pk=session.pk).filter(seats_free__gt=0)
    )
