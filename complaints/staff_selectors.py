"""Reads of the complaint team's screens: the queue rows, one complaint with its thread, the
team's members, the staff home's counts and the daily digest's list. Everything here is for the
team only (the views are role_required(Role.COMPLAINT_HANDLER)). Each complaint comes annotated
with `identity_shown` for its reader: False for an anonymous reporter whose seal the reader has
not opened (complaints.selectors.reporter_visible); the screens and the search obey it.

Each provider has its own team: a handler reads only the complaints of the providers where they
hold the role (team_scope); a complaint of another provider is not found."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from complaints import workflow
from complaints.constants import ComplaintStatus, MessageKind, Priority
from complaints.models import (
    Complaint,
    ComplaintAttachment,
    ComplaintCluster,
    ComplaintMessage,
    ComplaintNamedStaff,
    SealOpening,
)
from complaints.selectors import identity_shown
from complaints.subjects import subject_sealed_for_anonymous
from complaints.tracking import code_normalize
from portal.constants import Role
from portal.models import StaffRole
from portal.roles import provider_scope

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


def team_scope(handler) -> Q:
    """The complaints of the providers where `handler` is on the complaint team, but none that
    names them (complaints.models.ComplaintNamedStaff): queue, counts, search and detail."""
    return provider_scope(handler, Role.COMPLAINT_HANDLER, path="provider") & not_naming(handler)


def not_naming(user, path: str = "pk") -> Q:
    """The complaints that do not name `user` (a subquery, so the queue reads one table)."""
    return ~Q(
        **{
            f"{path}__in": ComplaintNamedStaff.objects.filter(user_id=user.pk).values(
                "complaint_id"
            )
        }
    )


def _cluster_figure(handler, aggregate, name: str) -> Subquery:
    """One figure of the row's cluster over the members `handler` may read (a complaint that
    names them is not counted: its existence is not theirs to learn)."""
    members = (
        Complaint.objects.filter(cluster_id=OuterRef("cluster_id"))
        .filter(not_naming(handler))
        .order_by()
        .values("cluster_id")
        .annotate(**{name: aggregate})
        .values(name)
    )
    return Subquery(members)


def cluster_figures(handler) -> dict:
    """Annotations of a complaint row: its cluster's size, first and latest report."""
    return {
        "cluster_size": _cluster_figure(handler, Count("pk"), "size"),
        "cluster_first": _cluster_figure(handler, Min("received_at"), "first"),
        "cluster_latest": _cluster_figure(handler, Max("received_at"), "latest"),
    }


def complaint_rows(*, handler) -> QuerySet[Complaint]:
    """The handler's providers' complaints with what a queue row shows, in the same query (any
    status: the queue's filter narrows it), its cluster's figures included."""
    return (
        Complaint.objects.filter(team_scope(handler))
        .select_related("service", "assigned_to", "reporter", "cluster")
        .annotate(
            priority_rank=PRIORITY_RANK,
            identity_shown=identity_shown(handler=handler),
            **cluster_figures(handler),
        )
    )


def cluster_for_team(*, public_id, handler) -> ComplaintCluster | None:
    """The cluster, if it is one of the handler's providers'."""
    return (
        ComplaintCluster.objects.filter(
            provider_scope(handler, Role.COMPLAINT_HANDLER, path="provider")
        )
        .select_related("provider", "service")
        .filter(public_id=public_id)
        .first()
    )


def _cluster_readable(*, cluster: ComplaintCluster, handler) -> QuerySet[Complaint]:
    """The cluster's complaints the handler may read (team_scope: none that names them)."""
    return Complaint.objects.filter(team_scope(handler), cluster=cluster)


# What the cluster page's member rows show (complaints.cluster_rows), reporter names included.
CLUSTER_ROW_FIELDS = (
    "public_id",
    "tracking_code",
    "subject",
    "anonymous",
    "reporter_name",
    "status",
    "received_at",
    "reporter__first_name",
    "reporter__last_name",
    "reporter__username",
)


def cluster_member_rows(*, cluster: ComplaintCluster, handler) -> QuerySet[Complaint]:
    """The cluster's complaints the handler may read (none that names them), oldest first,
    each with `identity_shown` for this reader: only the columns the page's rows show, for a
    page of them to be sliced off."""
    return (
        _cluster_readable(cluster=cluster, handler=handler)
        .select_related("reporter")
        .only(*CLUSTER_ROW_FIELDS)
        .annotate(identity_shown=identity_shown(handler=handler))
        .order_by("received_at", "pk")
    )


def cluster_page_figures(*, cluster: ComplaintCluster, handler) -> dict:
    """How many of the cluster's complaints the handler may read (the same ones as
    cluster_member_rows), and the first and latest received: `size`, `first_report`,
    `latest_report` (None without members), in one query, whichever page of rows is shown."""
    return _cluster_readable(cluster=cluster, handler=handler).aggregate(
        size=Count("pk"), first_report=Min("received_at"), latest_report=Max("received_at")
    )


def cluster_subject_sealed(*, cluster: ComplaintCluster, handler) -> bool:
    """Whether the cluster's subject is shown sealed to the handler: it points at a person (a
    certificate) and one of its complaints, any, is anonymous with its seal not open to them."""
    if not subject_sealed_for_anonymous(cluster.about_kind):
        return False
    return (
        Complaint.objects.filter(cluster=cluster)
        .annotate(identity_shown=identity_shown(handler=handler))
        .filter(identity_shown=False)
        .exists()
    )


def complaint_for_team(*, public_id, handler) -> Complaint | None:
    """The complaint, if it is one of the handler's providers'."""
    return (
        Complaint.objects.filter(team_scope(handler))
        .select_related(
            "service",
            "provider",
            "assigned_to",
            "reporter",
            "recorded_by",
            "duplicate_of",
            "cluster",
        )
        .annotate(identity_shown=identity_shown(handler=handler))
        .filter(public_id=public_id)
        .first()
    )


def complaint_attachment_for_team(
    *, public_id, attachment_id, handler
) -> ComplaintAttachment | None:
    """A file of the complaint, if the complaint is one of the handler's providers'."""
    return ComplaintAttachment.objects.filter(
        Q(public_id=attachment_id, complaint__public_id=public_id),
        provider_scope(handler, Role.COMPLAINT_HANDLER, path="complaint__provider"),
        not_naming(handler, path="complaint"),
    ).first()


def complaint_original_for(*, complaint: Complaint, code: str) -> Complaint | None:
    """The complaint a typed tracking code points to among those of `complaint`'s provider:
    the original a duplicate is marked against (another provider's is not found)."""
    normalized = code_normalize(code)
    if normalized is None:
        return None
    return Complaint.objects.filter(
        tracking_code=normalized, provider_id=complaint.provider_id
    ).first()


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


def team_members(*, provider_id: int | None) -> QuerySet:
    """Active members of a provider's complaint team: who a complaint of that provider can be
    assigned to."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            staff_roles__role=Role.COMPLAINT_HANDLER,
            staff_roles__provider_id=provider_id,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def team_memberships() -> dict[int, list]:
    """Provider id -> the active members of its complaint team with an e-mail address (the
    digest's readers), in one query."""
    teams: dict[int, list] = {}
    for role in (
        StaffRole.objects.filter(role=Role.COMPLAINT_HANDLER, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    ):
        teams.setdefault(role.provider_id, []).append(role.user)
    return teams


def team_counts(*, handler, today: date) -> dict[str, int]:
    """The staff home's three numbers, in one query, over the handler's providers: received
    and awaiting verification, verified or being followed up, and past their due date (open,
    or answered and not closed in time: workflow.TIMED)."""
    return Complaint.objects.filter(team_scope(handler), status__in=workflow.TIMED).aggregate(
        to_verify=Count("pk", filter=Q(status=ComplaintStatus.RECEIVED)),
        follow_up=Count("pk", filter=Q(status__in=FOLLOW_UP_STATUSES)),
        overdue=Count("pk", filter=Q(due_date__lt=today)),
    )


def complaints_due(*, today: date) -> list[Complaint]:
    """Open complaints due today or already overdue, of every provider, oldest deadline first
    (the digest sends each provider's to its own team)."""
    return list(
        Complaint.objects.filter(status__in=workflow.OPEN, due_date__lte=today)
        .select_related("assigned_to", "provider")
        .order_by(*ORDER_BY_DUE_DATE, "pk")
    )


def supervisor_scope(supervisor) -> Q:
    """The seal openings of the providers where `supervisor` is the complaint supervisor."""
    return provider_scope(supervisor, Role.COMPLAINT_SUPERVISOR, path="complaint__provider")


def seal_openings_of_month(*, supervisor, start: date, end: date) -> QuerySet[SealOpening]:
    """The openings of sealed identities at the supervisor's providers opened in [start, end)
    (local dates), oldest first, with the complaint and opener in the same query; nothing that
    names the reporter is loaded."""
    return (
        SealOpening.objects.filter(
            supervisor_scope(supervisor), opened_at__date__gte=start, opened_at__date__lt=end
        )
        .select_related("opened_by", "complaint__provider")
        .only(
            "opened_at",
            "purpose",
            "reason",
            "resealed_at",
            "notified",
            "opened_by__username",
            "opened_by__first_name",
            "opened_by__last_name",
            "complaint__public_id",
            "complaint__subject",
            "complaint__status",
            "complaint__provider__name",
        )
        .order_by("opened_at", "pk")
    )


def seal_months(*, supervisor) -> list[date]:
    """The months (first days) with openings at the supervisor's providers, newest first."""
    months = (
        SealOpening.objects.filter(supervisor_scope(supervisor))
        .annotate(month=TruncMonth("opened_at"))
        .values_list("month", flat=True)
        .distinct()
        .order_by("-month")
    )
    return [timezone.localtime(month).date() for month in months]
