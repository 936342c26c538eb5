"""Reads for the scheduling screens."""

from django.db.models import Count, F, IntegerField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from portal.constants import Role
from portal.roles import provider_scope
from registration.constants import ApplicationStatus
from registration.models import Application
from scheduling.constants import WAITLIST_ACTIVE_STATUSES, SessionStatus, WaitlistStatus
from scheduling.models import ExamSession, WaitlistEntry


def session_seats_annotate(queryset: QuerySet[ExamSession]) -> QuerySet[ExamSession]:
    """Add seats_taken and seats_free to each session (no query per row). Only active seats
    count: an absent candidate's old seat is a record of that sitting, not a place taken."""
    return queryset.annotate(
        seats_taken=Count("seats", filter=Q(seats__is_active=True), distinct=True)
    ).annotate(seats_free=Cast(F("capacity"), IntegerField()) - F("seats_taken"))


def session_list_open(*, service) -> QuerySet[ExamSession]:
    """Sessions of the service open for booking whose booking has not closed yet, soonest
    first, with seats_taken and seats_free."""
    queryset = ExamSession.objects.filter(
        service=service,
        status=SessionStatus.OPEN,
        booking_closes_at__gt=timezone.now(),
    ).order_by("starts_at")
    return session_seats_annotate(queryset)


def scheduler_counts(*, user, now) -> dict[str, int]:
    """The committee's work at a glance, for the staff home (three queries): only the
    providers where the user schedules."""
    upcoming = ExamSession.objects.filter(
        provider_scope(user, Role.SCHEDULER),
        starts_at__gt=now,
        status__in=[SessionStatus.DRAFT, SessionStatus.OPEN, SessionStatus.CLOSED],
    )
    awaiting = Application.objects.filter(
        provider_scope(user, Role.SCHEDULER), status=ApplicationStatus.VERIFIED
    )
    return {
        "awaiting_seat": awaiting.count(),
        "upcoming": upcoming.count(),
        "open": upcoming.filter(status=SessionStatus.OPEN).count(),
    }


def assessor_counts(*, user, now) -> dict[str, int]:
    """Sessions of this assessor that have started and whose results are not published yet;
    of those, the ones they head (and so publish). Only at the providers where the user holds
    the assessor role: named on another provider's session, they are not its panel."""
    pending = (
        ExamSession.objects.filter(Q(assessors=user) | Q(head_assessor=user))
        .filter(provider_scope(user, Role.ASSESSOR))
        .filter(starts_at__lte=now, results_published_at__isnull=True)
        .exclude(status=SessionStatus.CANCELLED)
        .distinct()
    )
    return {
        "pending": pending.count(),
        "to_publish": pending.filter(head_assessor=user).count(),
    }


def waitlist_counts(*, service_ids) -> list[dict]:
    """Per service with anyone on its waiting list: `service_id`, `service_name`, `waiting`
    (in the queue) and `offered` (holding an offer of a seat), by service name. One query,
    however long the lists are."""
    return list(
        WaitlistEntry.objects.filter(
            application__service_id__in=service_ids, status__in=WAITLIST_ACTIVE_STATUSES
        )
        .values(
            service_id=F("application__service_id"), service_name=F("application__service__name")
        )
        .annotate(
            waiting=Count("pk", filter=Q(status=WaitlistStatus.WAITING)),
            offered=Count("pk", filter=Q(status=WaitlistStatus.OFFERED)),
        )
        .order_by("service_name")
    )
