"""Reads of the IP-ASN report (seed 003) for the pages that show several apps at once
(composition: a Perangkat Daerah operator's dashboard, the officials' staff home, the public
standard page) and for the bench. A fixed number of queries whatever the number of reports."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Prefetch

from casework.models import Institution
from ipasn.clock import closures_for, pauses_of, report_clock
from ipasn.constants import ReportState
from ipasn.models import Pause, Report
from ipasn.selectors import staff_queue
from ipasn.services.reports import ipasn_services
from ipasn.workflow import STAFF_ROLES
from portal.deadlines import service_hours_from_rows
from portal.models import Service
from portal.numbers import percentile_90
from portal.roles import holds_role_for_service

# Measured times: over the last MEASURED_MONTHS months, shown once this many reports were
# completed in them.
MEASURED_MONTHS = 12
MEASURED_MINIMUM = 5


@dataclass(frozen=True)
class OperatorLink:
    """What a Perangkat Daerah operator's dashboard says of the IP-ASN report: the latest
    report of their PD(s) (None: none yet)."""

    latest: Report | None

    @property
    def state_label(self) -> str:
        return str(self.latest.get_state_display()) if self.latest else ""

    @property
    def survey_slug(self) -> str:
        """The service whose satisfaction survey (SKM) the operator is offered: once the
        latest report is completed (the Laporan Data IP-ASN received), as the other services
        offer it after their product; empty before."""
        if self.latest is None or self.latest.state != ReportState.COMPLETED:
            return ""
        return self.latest.service.slug


def operator_link(*, user, operates_institution: bool = True) -> OperatorLink | None:
    """None unless `user` operates a Perangkat Daerah at a provider running the IP-ASN
    service. Two queries; none when the caller already knows the user operates no institution
    at all (operates_institution=False)."""
    if not (operates_institution and user.is_authenticated and user.is_active):
        return None
    providers = ipasn_services().values("provider_id")
    institutions = Institution.objects.filter(operators=user, provider__in=providers)
    if not institutions.exists():
        return None
    latest = (
        Report.objects.filter(institution__in=institutions, service__in=ipasn_services())
        .select_related("institution", "service")
        .order_by("-created_at", "-pk")
        .first()
    )
    return OperatorLink(latest=latest)


@dataclass(frozen=True)
class StaffCounts:
    """The staff home's card: reports waiting on the official's roles, those due within the
    hour and the late ones (among the queue's first page, oldest first)."""

    waiting: int
    due_soon: int
    late: int


def is_ipasn_official(user) -> bool:
    """Holds one of the route's roles for an IP-ASN service (one query for the services)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return any(
        holds_role_for_service(user, role, service)
        for service in ipasn_services()
        for role in STAFF_ROLES
    )


def staff_counts(*, user, as_of: datetime | None = None) -> StaffCounts | None:
    """None for whoever holds none of the route's roles for an IP-ASN service."""
    if not is_ipasn_official(user):
        return None
    queue = staff_queue(user, as_of=as_of)
    return StaffCounts(waiting=queue.total, due_soon=queue.due_soon, late=queue.late)


@dataclass(frozen=True)
class Measurement:
    """Receipt to laporan of the reports completed in the period, in the provider's open
    service hours with the waits on the Perangkat Daerah left out (the report's own clock)."""

    count: int
    median: timedelta | None = None
    p90: timedelta | None = None
    within_limit: int = 0

    @property
    def enough(self) -> bool:
        return self.count >= MEASURED_MINIMUM

    @property
    def within_share(self) -> int | None:
        """Whole percent of the reports completed within the limit."""
        return round(100 * self.within_limit / self.count) if self.count else None


def _median(values: list[timedelta]) -> timedelta:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def completion_measurement(service: Service, *, since: datetime) -> Measurement:
    """The reports of `service` completed since `since`: their open time from receipt to the
    laporan's signature (median, 90th percentile) and how many within the service's limit.
    Five queries (the limit, the hours, the reports, their pauses, the closures of the days
    their clocks read: once for all, not once per report)."""
    limit_row = getattr(service, "completion_limit", None)
    hours = service_hours_from_rows(service.provider.hours.all())
    reports = Report.objects.filter(
        service=service,
        state=ReportState.COMPLETED,
        submitted_at__isnull=False,
        closed_at__gte=since,
    ).prefetch_related(Prefetch("pauses", queryset=Pause.objects.order_by("started_at")))
    reports = list(reports)
    if not reports:
        return Measurement(count=0)
    used, within = [], 0
    with closures_for(reports):
        for report in reports:
            clock = report_clock(
                report, limit_row=limit_row, pauses=pauses_of(report.pauses.all()), hours=hours
            )
            if clock.reading is None or not isinstance(clock.reading.used, timedelta):
                continue
            used.append(clock.reading.used)
            within += not clock.reading.past_due
    if not used:
        return Measurement(count=0)
    return Measurement(
        count=len(used),
        median=_median(used),
        p90=percentile_90(used),
        within_limit=within,
    )


def open_time_text(value: timedelta) -> str:
    """ "3 jam 20 menit" (open service time; whole minutes)."""
    minutes = int(value.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours} jam {minutes} menit"
    if hours:
        return f"{hours} jam"
    return f"{minutes} menit"
