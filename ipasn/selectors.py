"""Reads of the IP-ASN reports: an official's queue (what waits on their role, due within the
hour, late), the report's route with its clock, the Perangkat Daerah's own reports. Each a
fixed number of queries whatever the number of rows."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from casework.models import Institution
from ipasn.clock import ReportClock, closures_for, pauses_of, report_clock
from ipasn.constants import OPEN_STATES, ReportState
from ipasn.models import Report, Routing
from ipasn.workflow import STAFF_ROLES
from portal.constants import OnlineFlow, StepActor
from portal.deadlines import service_hours_from_rows
from portal.models import ServiceStep
from portal.queues import queue_page
from portal.roles import service_scope, user_roles
from registration.conflicts import conflicted_units

QUEUE_PER_PAGE = 50


@dataclass
class QueueRow:
    report: Report
    clock: ReportClock
    waiting_since: object  # when the report reached its current step


@dataclass
class StaffQueue:
    mine: list[QueueRow]  # at a step of a role the user holds
    page: object
    total: int
    late: int = 0
    due_soon: int = 0
    roles: list = field(default_factory=list)


def _clock(report: Report, *, as_of) -> ReportClock:
    service = report.service
    return report_clock(
        report,
        limit_row=getattr(service, "completion_limit", None),
        pauses=pauses_of(report.pauses.all()),
        hours=service_hours_from_rows(service.provider.hours.all()),
        as_of=as_of,
    )


def _rows():
    open_routing = Prefetch(
        "routings",
        queryset=Routing.objects.filter(finished_at__isnull=True),
        to_attr="open_routing",
    )
    return Report.objects.select_related(
        "service__provider", "service__completion_limit", "institution", "step"
    ).prefetch_related("pauses", "service__provider__hours", open_routing)


# What the queue shows of a report and what its clock reads (ipasn.queue_cells): the rest of the
# report's columns (files, notes, the laporan's fields) stay in the database.
_QUEUE_FIELDS = (
    "public_id",
    "reference",
    "year",
    "submitted_at",
    "closed_at",
    "institution__name",
    "step__name",
    "step__order",
    "step__actor",
    "service__provider_id",
    "service__provider__id",
    "service__completion_limit",
)


def staff_queue(user, *, page_number=1, as_of=None) -> StaffQueue:
    """The reports waiting on a role `user` holds for the service, oldest first, each with the
    day's clock; the late and the due-within-the-hour counted on the page."""
    as_of = as_of or timezone.now()
    held = [role for role in STAFF_ROLES if role in user_roles(user)]
    # The steps whose role the user holds for the step's service (at the provider, or for the
    # service alone).
    acts = Q(pk__in=[])
    for role in held:
        acts |= Q(actor=role) & service_scope(user, role)
    steps = ServiceStep.objects.filter(acts, service__online_flow=OnlineFlow.IPASN_REPORT)
    # Never the reports of the reader's own Perangkat Daerah (ipasn.workflow.own_unit_reason),
    # left out in the same query: the page, its total and the staff home's counts agree.
    own_units = Institution.objects.filter(
        Q(operators=user) | conflicted_units(user, name="name")
    ).values("pk")
    waiting = (
        Report.objects.filter(state=ReportState.ROUTING, step__in=steps)
        .exclude(institution__in=own_units)
        .order_by("submitted_at", "pk")
    )
    page = queue_page(
        waiting, number=page_number, per_page=QUEUE_PER_PAGE, rows=_rows().only(*_QUEUE_FIELDS)
    )
    rows = []
    with closures_for(page.object_list, as_of=as_of):
        for report in page.object_list:
            routing = report.open_routing[0] if report.open_routing else None
            rows.append(
                QueueRow(
                    report, _clock(report, as_of=as_of), routing.started_at if routing else None
                )
            )
    return StaffQueue(
        mine=rows,
        page=page,
        total=page.paginator.count,
        late=sum(1 for row in rows if row.clock.late),
        due_soon=sum(1 for row in rows if row.clock.due_soon),
        roles=held,
    )


def service_reports(user, *, states=None, search: str = "", page_number=1, as_of=None):
    """Every report of the services `user` works on (any of the service's roles), newest
    first: the officials' overview and search (`search`: part of the nomor agenda or of the
    Perangkat Daerah's name). Returns (page, rows)."""
    as_of = as_of or timezone.now()
    held = [role for role in STAFF_ROLES if role in user_roles(user)]
    scope = Q(*[service_scope(user, role) for role in held], _connector=Q.OR) if held else None
    reports = Report.objects.exclude(state=ReportState.DRAFT)
    reports = reports.filter(scope) if scope is not None else reports.none()
    if states:
        reports = reports.filter(state__in=states)
    search = (search or "").strip()
    if search:
        reports = reports.filter(
            Q(reference__icontains=search) | Q(institution__name__icontains=search)
        )
    reports = reports.order_by("-submitted_at", "-pk")
    page = queue_page(reports, number=page_number, per_page=QUEUE_PER_PAGE, rows=_rows())
    with closures_for(page.object_list, as_of=as_of):
        rows = [QueueRow(r, _clock(r, as_of=as_of), None) for r in page.object_list]
    return page, rows


@dataclass
class RouteStep:
    step: ServiceStep
    routings: list[Routing]
    current: bool

    @property
    def done(self) -> bool:
        return bool(self.routings) and all(r.finished_at for r in self.routings)


@dataclass
class ReportRoute:
    report: Report
    steps: list[RouteStep]
    pauses: list
    clock: ReportClock


def report_route(report: Report, *, as_of=None) -> ReportRoute:
    """Every step of the service in order with who did it and when, the returns, and the
    day's clock."""
    as_of = as_of or timezone.now()
    steps = list(report.service.steps.order_by("order"))
    routings = list(report.routings.select_related("actor").order_by("started_at", "pk"))
    pause_rows = list(report.pauses.select_related("returned_by").order_by("started_at"))
    hours = service_hours_from_rows(report.service.provider.hours.all())
    with closures_for([report], as_of=as_of):  # one query, not one per chunk of days read
        clock = report_clock(
            report,
            limit_row=getattr(report.service, "completion_limit", None),
            pauses=pauses_of(pause_rows),
            hours=hours,
            as_of=as_of,
        )
    at = report.step_id if report.state in OPEN_STATES else None
    entries = {step.pk: RouteStep(step, [], step.pk == at) for step in steps}
    for routing in routings:
        if routing.step_id in entries:
            entries[routing.step_id].routings.append(routing)
    return ReportRoute(report, [entries[s.pk] for s in steps], pause_rows, clock)


def operator_reports(user):
    """The reports of the Perangkat Daerah(s) `user` operates, newest first."""
    return (
        Report.objects.filter(institution__operators=user)
        .select_related("service__provider", "institution", "step")
        .order_by("-created_at")
    )


def is_institution_step(step) -> bool:
    return step is not None and step.actor == StepActor.INSTITUTION
