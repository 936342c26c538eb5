"""Reads for the scheduling screens. Each is one query."""

from django.db.models import Count, F, IntegerField, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from scheduling.constants import SessionStatus
from scheduling.models import ExamSession


def session_seats_annotate(queryset: QuerySet[ExamSession]) -> QuerySet[ExamSession]:
    """Add seats_taken and seats_free to each session (no query per row)."""
    return queryset.annotate(seats_taken=Count("seats")).annotate(
        seats_free=Cast(F("capacity"), IntegerField()) - F("seats_taken")
    )


def session_list_open(*, service) -> QuerySet[ExamSession]:
    """Sessions of the service open for booking whose booking has not closed yet, soonest
    first, with seats_taken and seats_free."""
    queryset = ExamSession.objects.filter(
        service=service,
        status=SessionStatus.OPEN,
        booking_closes_at__gt=timezone.now(),
    ).order_by("starts_at")
    return session_seats_annotate(queryset)
