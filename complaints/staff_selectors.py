"""Reads of the complaint team's screens: the queue rows, one complaint with its thread, the
team's members, the staff home's counts and the daily digest's list. Everything here is for the
team only (the views are role_required(Role.COMPLAINT_HANDLER)), so the reporter's identity is
never filtered out: the team may always see it (complaints.selectors.reporter_visible)."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When

from complaints import workflow
from complaints.constants import ComplaintStatus, MessageKind, Priority
from complaints.models import Complaint, ComplaintMessage
from portal.constants import Role

# Nearest deadline first; complaints without one (answered or finished) last. The tie-breakers
# keep pages stable.
ORDER_BY_DUE_DATE = (F("due_date").asc(nulls_last=True), F("received_at").asc())
ORDER_BY_RECEIVED = (F("received_at").asc(),)
ORDER_BY_RECEIVED_NEWEST = (F("received_at").desc(),)
ORDER_BY_PRIORITY = (F("priority_rank").asc(), *ORDER_BY_DUE_DATE)

PRIORITY_RANK = Case(
    When(priority=Priority.URGENT, then=Value(0)),
    When(priority=Priority.HIGH, then=Value(1)),
    When(priority=Priority.NORMAL, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)

# Verified or being followed up: the team's work after verification.
FOLLOW_UP_STATUSES = (ComplaintStatus.VERIFIED, ComplaintStatus.IN_PROGRESS)


def complaint_rows() -> QuerySet[Complaint]:
    """Complaints with what a queue row shows, in the same query (any status: the queue's
    filter narrows it)."""
    return Complaint.objects.select_related("service", "assigned_to", "reporter").annotate(
        priority_rank=PRIORITY_RANK
    )


def complaint_for_team(*, public_id) -> Complaint | None:
    return (
        Complaint.objects.select_related(
            "service", "assigned_to", "reporter", "recorded_by", "duplicate_of"
        )
        .filter(public_id=public_id)
        .first()
    )


def complaint_thread(*, complaint: Complaint) -> tuple[list, list]:
    """(what the reporter sees: replies, questions and their additions; internal notes)."""
    messages = list(
        ComplaintMessage.objects.filter(complaint=complaint)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    public = [message for message in messages if message.kind != MessageKind.NOTE]
    notes = [message for message in messages if message.kind == MessageKind.NOTE]
    return public, notes


def team_members() -> QuerySet:
    """Active users of the complaint team: who can be assigned and who gets the digest."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.COMPLAINT_HANDLER)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def team_counts(*, today: date) -> dict[str, int]:
    """The staff home's three numbers, in one query: received and awaiting verification,
    verified or being followed up, and open past their due date."""
    return Complaint.objects.filter(status__in=workflow.OPEN).aggregate(
        to_verify=Count("pk", filter=Q(status=ComplaintStatus.RECEIVED)),
        follow_up=Count("pk", filter=Q(status__in=FOLLOW_UP_STATUSES)),
        overdue=Count("pk", filter=Q(due_date__lt=today)),
    )


def complaints_due(*, today: date) -> list[Complaint]:
    """Open complaints due today or already overdue, oldest deadline first (the digest)."""
    return list(
        Complaint.objects.filter(status__in=workflow.OPEN, due_date__lte=today)
        .select_related("assigned_to")
        .order_by(*ORDER_BY_DUE_DATE, "pk")
    )
