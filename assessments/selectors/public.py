"""Reads of an institution's assessment (seed 004) for the public standard page and the bench:
the report limits as the seed writes them, and what the portal measured of them (the working
days from each limit's starting point to the report's delivery, over delivered reports).

A fixed number of queries however many engagements and reports there are."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone

from assessments.constants import CountsFrom, Purpose, ReportKind
from assessments.models import Report, ReportLimit
from assessments.workflow import STAFF_ROLES
from casework.models import Institution
from portal.calendar import working_days_many
from portal.constants import OnlineFlow, Role
from portal.models import Service
from portal.roles import holds_role_for_service


@dataclass(frozen=True)
class ReportLimitRow:
    """One report limit with its measurement: `days` are the working days each delivered
    report of this purpose and kind took from the limit's starting point (the intake, or the
    summary report's delivery)."""

    limit: ReportLimit
    purpose: str
    report: str
    time_limit: str
    days: tuple[int, ...]


def report_limits(service) -> list[ReportLimit]:
    """The service's report limits in the order the seed gives them: seleksi jabatan, then
    pemetaan, each in its reports' order (one query)."""
    purposes = list(Purpose.values)
    rows = ReportLimit.objects.filter(service=service)
    return sorted(
        rows,
        key=lambda row: (
            purposes.index(row.purpose) if row.purpose in purposes else len(purposes),
            row.order,
            row.pk,
        ),
    )


def limit_text(row: ReportLimit) -> str:
    """The limit in the seed's words: "10 (sepuluh) hari kerja sejak pengambilan data", and
    for a limit counted from the summary report "... setelah laporan ringkas diserahkan"."""
    limit = row.time_limit()
    if limit is None:
        return ""
    text = limit.describe()
    if row.counts_from == CountsFrom.SUMMARY_DELIVERED:
        text = text.replace(" sejak ", " setelah ", 1)
    return text


def delivered_report_spans(
    service, *, since: datetime | None = None
) -> dict[tuple[str, str], list[tuple[date | None, date | None, date]]]:
    """For each (purpose, report kind): (intake day, summary report's delivery day, delivery
    day) of each delivered report of the service (delivered since `since`, when given): the
    two starting points a limit may count from ("sejak pengambilan data", "setelah laporan
    ringkas diserahkan"), either None when unknown. One query."""
    reports = Report.objects.filter(
        engagement__service=service,
        delivered_at__isnull=False,
    )
    rows = list(
        reports.values_list(
            "engagement_id",
            "engagement__purpose",
            "engagement__intake_held_on",
            "kind",
            "delivered_at",
        )
    )
    summary_on = {
        engagement_id: timezone.localdate(delivered)
        for engagement_id, _purpose, _intake, kind, delivered in rows
        if kind == ReportKind.SUMMARY
    }
    spans: dict[tuple[str, str], list[tuple[date | None, date | None, date]]] = {}
    for engagement_id, purpose, intake_on, kind, delivered in rows:
        if since is not None and delivered < since:
            continue
        spans.setdefault((purpose, kind), []).append(
            (intake_on, summary_on.get(engagement_id), timezone.localdate(delivered))
        )
    return spans


def report_limit_rows(
    service, *, since: datetime | None = None, limits: Sequence[ReportLimit] | None = None
) -> list[ReportLimitRow]:
    """The report limits with the working days their delivered reports took (three queries:
    the limits, the reports, the calendar)."""
    limits = report_limits(service) if limits is None else list(limits)
    spans = delivered_report_spans(service, since=since)
    pairs_by_limit = []
    for limit in limits:
        pairs = []
        for intake_on, summary_on, delivered_on in spans.get((limit.purpose, limit.kind), []):
            start = summary_on if limit.counts_from == CountsFrom.SUMMARY_DELIVERED else intake_on
            if start is not None:
                pairs.append((start, delivered_on))
        pairs_by_limit.append(pairs)
    counted = iter(working_days_many([pair for pairs in pairs_by_limit for pair in pairs]))
    rows = []
    for limit, pairs in zip(limits, pairs_by_limit, strict=True):
        rows.append(
            ReportLimitRow(
                limit=limit,
                purpose=str(limit.get_purpose_display()),
                report=str(limit.get_kind_display()),
                time_limit=limit_text(limit),
                days=tuple(next(counted) for _ in pairs),
            )
        )
    return rows


# --- For the pages that show several apps at once (composition: dashboards, staff home) ------


@dataclass(frozen=True)
class AssessmentUserLinks:
    """Which of the institution assessment's pages a person's dashboard links to: their
    institution's page (as an operator of an institution whose provider runs the service), and
    their own page as an asesi."""

    institution: bool
    asesi: bool

    def __bool__(self) -> bool:
        return self.institution or self.asesi


def _assessment_services():
    return Service.objects.filter(online_flow=OnlineFlow.INSTITUTION_ASSESSMENT, is_active=True)


def assessment_asesi_question(*, user) -> QuerySet:
    """The queryset whose existence says whether the user is an asesi (assessment_user_links'
    `asesi`), for a page that asks it in one query with others (the dashboard)."""
    return user.assessment_participations.all()


def assessment_user_links(
    *, user, operates_institution: bool = True, asesi: bool | None = None
) -> AssessmentUserLinks:
    """Two queries, whatever the number of engagements; one when the caller already knows the
    user operates no institution at all (operates_institution=False), none when it also knows
    the answer to assessment_asesi_question."""
    if not (user.is_authenticated and user.is_active):
        return AssessmentUserLinks(institution=False, asesi=False)
    providers = _assessment_services().values("provider_id")
    return AssessmentUserLinks(
        institution=operates_institution
        and Institution.objects.filter(operators=user, provider__in=providers).exists(),
        asesi=asesi if asesi is not None else assessment_asesi_question(user=user).exists(),
    )


def operates_casework_institution(*, user) -> bool:
    """Whether the user operates an institution whose provider runs a service of the workflow
    engine (seed 002's proposals): an operator of an institution registered only for LAN's
    assessment is never offered the engine's proposal pages. One query."""
    if not user.is_authenticated:
        return False
    providers = Service.objects.filter(online_flow=OnlineFlow.CASEWORK, is_active=True).values(
        "provider_id"
    )
    return Institution.objects.filter(operators=user, provider__in=providers).exists()


@dataclass(frozen=True)
class AssessmentStaffLinks:
    """Which of the institution assessment's staff pages the staff home links to: the queue
    (any role acting on the service at its provider), the institution accounts to verify (the
    verifiers)."""

    queue: bool
    institutions: bool

    def __bool__(self) -> bool:
        return self.queue or self.institutions


def assessment_staff_links(*, user) -> AssessmentStaffLinks:
    """One query for the services (plus the user's roles, read once per request)."""
    queue = institutions = False
    if user.is_authenticated and user.is_active:
        for service in _assessment_services():
            for role in STAFF_ROLES:
                if holds_role_for_service(user, role, service):
                    queue = True
                    institutions = institutions or role == Role.VERIFIER
    return AssessmentStaffLinks(queue=queue, institutions=institutions)
