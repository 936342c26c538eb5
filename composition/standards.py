"""Reads for the public service standard pages (PermenPANRB 15/2014): the catalogue entries
with their components, and what the portal measured of the time limits each one promises.

The measured figures come from the apps that do the work (applications, certificates,
complaints), each through its selectors: the moments a stage started and ended, which those
apps already keep; no app owns a question that spans all three.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.selectors import public as assessment_public
from casework import selectors as cases
from certificates import selectors as certificates
from complaints import selectors as complaints
from ipasn import public as ipasn_public
from portal.calendar import working_days_many
from portal.constants import (
    Fulfilment,
    OfficialDuty,
    OnlineFlow,
    Role,
    Stage,
    StandardComponent,
    StepActor,
    StepKind,
    TextOrigin,
)
from portal.deadlines import Unit
from portal.models import (
    Provenance,
    Requirement,
    Service,
    ServiceCompletionLimit,
    ServiceStep,
    ServiceTimeLimit,
)
from portal.numbers import number_in_words, percentile_90
from portal.providers import HoursRow, hours_rows  # noqa: F401 - the standard page's hours
from registration import selectors as applications

# "Over the last period": long enough to hold a few exam rounds, short enough to show change.
MEASURED_MONTHS = 6

# Where each stage's durations are read: the app that keeps the moments it starts and ends.
_STAGE_SPANS: dict[str, Callable[..., list[tuple[datetime, datetime]]]] = {
    Stage.VERIFICATION: applications.application_verification_spans,
    **{
        stage: partial(certificates.certificate_stage_spans, stage=stage)
        for stage in certificates.STAGES_MEASURED
    },
    **{
        stage: partial(complaints.complaint_stage_spans, stage=stage)
        for stage in complaints.STAGES_MEASURED
    },
}

_STAGE_ORDER = list(Stage.values)


def working_days_in_words(days: int) -> str:
    return _("%(days)d (%(words)s) hari kerja") % {"days": days, "words": number_in_words(days)}


def service_standard_list() -> QuerySet[Service]:
    """The active services, each with its public standard page."""
    return Service.objects.filter(is_active=True).order_by("name")


def service_standard_get(*, slug: str) -> Service | None:
    """An active service with its provider, its completion limit and every table its standard
    page shows, with where each text comes from (seven queries)."""
    return (
        Service.objects.filter(slug=slug, is_active=True)
        .select_related("provider", "completion_limit")
        .prefetch_related(
            Prefetch("requirements", queryset=Requirement.objects.order_by("order")),
            Prefetch("steps", queryset=ServiceStep.objects.order_by("order")),
            "provider__hours",
            "provider__officials",
            "time_limits",
            "text_sources",
        )
        .first()
    )


@dataclass(frozen=True)
class TextMark:
    """Where a text of the standard comes from, as the page says it: "Dari dokumen sumber"
    with the document, or "Ditetapkan penyelenggara" with the date (never the staff member's
    name: the admin shows who). A provider's text without a date was entered when the portal
    was set up (`at_setup`); a text without any record is the provider's, date unknown."""

    origin: str
    reference: str = ""
    note: str = ""
    set_at: datetime | None = None
    recorded: bool = True

    @property
    def from_source(self) -> bool:
        return self.origin == TextOrigin.SOURCE

    @property
    def at_setup(self) -> bool:
        return not self.from_source and self.recorded and self.set_at is None


UNRECORDED = TextMark(origin=TextOrigin.PROVIDER, recorded=False)


def mark_of(row: Provenance, note: str = "") -> TextMark:
    return TextMark(origin=row.origin, reference=row.source_reference, note=note, set_at=row.set_at)


def standard_marks(service: Service) -> dict[str, TextMark]:
    """The mark of every text component of the service, by component (its field name)."""
    recorded = {
        source.component: mark_of(source, note=source.note) for source in service.text_sources.all()
    }
    return {component: recorded.get(component, UNRECORDED) for component in StandardComponent}


@dataclass(frozen=True)
class RowsMark:
    """The marks of a table's rows (requirements, hours) said once under it: how many rows come
    from the source documents and which, how many the provider set and the latest date."""

    source_rows: int
    references: tuple[str, ...]
    provider_rows: int
    provider_set_at: datetime | None

    @property
    def setup_only(self) -> bool:
        return self.provider_rows > 0 and self.provider_set_at is None


def rows_mark(rows: Sequence[Provenance]) -> RowsMark:
    source = [row for row in rows if row.origin == TextOrigin.SOURCE]
    provider = [row for row in rows if row.origin != TextOrigin.SOURCE]
    dates = [row.set_at for row in provider if row.set_at is not None]
    return RowsMark(
        source_rows=len(source),
        references=tuple(
            dict.fromkeys(row.source_reference for row in source if row.source_reference)
        ),
        provider_rows=len(provider),
        provider_set_at=max(dates) if dates else None,
    )


def staff_number_text(service: Service) -> str:
    """Component 11 as a number, "8 (delapan) orang"; empty when the provider gives none, or
    when its text already states it (seed 002: "Minimal 2 orang")."""
    number = service.staff_number
    if number is None or str(number) in service.staff_count:
        return ""
    return _("%(number)d (%(words)s) orang") % {"number": number, "words": number_in_words(number)}


def applies_online(service: Service) -> bool:
    """Whether candidates apply for the service through this portal's candidate pages (the
    librarian exam's); see applies_by_casework for the services the engine runs."""
    return service.online_flow == OnlineFlow.CANDIDATE_APPLICATION


def applies_by_casework(service: Service) -> bool:
    """Whether the service is applied for through the workflow engine's pages (an
    institution's proposal, or the employee's own application); the other catalogue entries
    are applied for as their own procedure says."""
    return service.online_flow == OnlineFlow.CASEWORK


# The roles a provider names by the office that holds them (portal.ProviderOfficial).
_OFFICIAL_DUTIES = {
    Role.SIGNING_OFFICIAL: OfficialDuty.SIGNING,
    Role.BKPSDM_OFFICER: OfficialDuty.DISPOSITION,
}


@dataclass(frozen=True)
class StepRow:
    """One step of the service's workflow as the standard page shows it: who acts (for an
    official, the provider's title of the office when it names one), the time limit as the
    standard writes it (empty: not given), and where the row comes from."""

    order: int
    name: str
    actor: str
    time_limit: str
    product: str
    mark: TextMark
    note: str = ""


def agreement_lead_note(service: Service, step: ServiceStep, limit) -> str:
    """Seed 004 writes the SPK's lead time as "5 (lima) hari sebelum kegiatan"; the portal
    counts it in working days, and the page says so next to the step."""
    if (
        limit is None
        or step.kind != StepKind.AGREEMENT
        or not applies_by_institution_assessment(service)
        or limit.unit != Unit.WORKING_DAYS
    ):
        return ""
    return _(
        "Dokumen sumber menulis “%(days)d (%(words)s) hari sebelum kegiatan”; portal ini "
        "menghitungnya dalam hari kerja (Sabtu, Minggu, dan hari libur tidak dihitung), jadi "
        "tidak pernah lebih singkat dari yang ditulis sumber. Tanggal penilaian yang lebih dekat "
        "ditolak dengan alasannya."
    ) % {"days": limit.amount, "words": number_in_words(limit.amount)}


def actor_label(step: ServiceStep) -> str:
    """Who acts at the step, in words: "Pejabat penandatangan (Kepala BKPSDM)" when the
    provider names the office (uses the prefetched provider officials)."""
    if step.actor == StepActor.INSTITUTION and applies_by_ipasn(step.service):
        # Seed 003's "Pemohon" is the Perangkat Daerah, through its operator's account.
        return _("Operator perangkat daerah (pemohon)")
    label = str(step.get_actor_display())
    duty = _OFFICIAL_DUTIES.get(step.actor)
    if duty is None:
        return label
    titles = [
        official.title
        for official in step.service.provider.officials.all()
        if official.duty == duty and official.title
    ]
    return f"{label} ({titles[0]})" if titles else label


def step_rows(service: Service) -> list[StepRow]:
    """The service's steps in order (from the prefetched rows: no query of its own)."""
    rows = []
    for step in service.steps.all():
        step.service = service  # the prefetched provider and officials, not a query per step
        limit = step.time_limit()
        rows.append(
            StepRow(
                order=step.order,
                name=step.name,
                actor=actor_label(step),
                time_limit=limit.describe() if limit else "",
                product=step.product,
                mark=mark_of(step),
                note=agreement_lead_note(service, step, limit),
            )
        )
    return rows


@dataclass(frozen=True)
class CompletionLimitRow:
    """The service's whole time limit as the engine counts it, and what the portal measured of
    it over the period: the working days from "berkas dinyatakan lengkap dan benar" to the last
    step of the cases completed in it (median and p90 None without any)."""

    text: str
    mark: TextMark
    count: int = 0
    median: Decimal | None = None
    p90: int | None = None


def completion_limit_row(
    service: Service, today: date | None = None, *, measure: bool = True
) -> CompletionLimitRow | None:
    """The completion limit (ServiceCompletionLimit, prefetched) with its measurement, or None
    without one. Two queries (the completed cases' spans, the calendar), whatever their number.
    `measure` False: the limit alone (a service measured otherwise: seed 003's reports)."""
    try:
        row = service.completion_limit
    except ServiceCompletionLimit.DoesNotExist:
        return None
    limit = row.time_limit()
    if not measure:
        return CompletionLimitRow(text=limit.describe() if limit else "", mark=mark_of(row))
    since = timezone.make_aware(datetime.combine(measured_since(today), time.min))
    spans = [
        (timezone.localdate(start), timezone.localdate(end))
        for start, end in cases.case_completion_spans(service=service, since=since)
    ]
    days = working_days_many(spans)
    return CompletionLimitRow(
        text=limit.describe() if limit else "",
        mark=mark_of(row),
        count=len(days),
        median=median(days) if days else None,
        p90=percentile_90(days) if days else None,
    )


@dataclass(frozen=True)
class RequirementRow:
    """A requirement with who provides it and how ("diisi di portal" for a portal form)."""

    requirement: Requirement
    provided_by: str
    in_portal: bool


def requirement_rows(requirements: Sequence[Requirement]) -> list[RequirementRow]:
    return [
        RequirementRow(
            requirement=requirement,
            provided_by=str(requirement.get_provided_by_display()),
            in_portal=requirement.fulfilment == Fulfilment.PORTAL_FORM,
        )
        for requirement in requirements
    ]


@dataclass(frozen=True)
class StageMeasurement:
    """A promised time limit next to what the portal measured over the period. `median` and
    `p90` are None when no case of the stage ended in the period ("belum ada data")."""

    stage: str
    label: str
    promised_days: int
    count: int
    median: Decimal | None
    p90: int | None
    mark: TextMark = UNRECORDED
    note: str = ""  # the source's caveat ("untuk estimasi 40 peserta")

    @property
    def promised(self) -> str:
        return working_days_in_words(self.promised_days)


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day if it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, min(day.day, (next_month - timedelta(days=1)).day))


def measured_since(today: date | None = None) -> date:
    """The first day of the measured period, which ends today (WIB)."""
    return months_before(today or timezone.localdate(), MEASURED_MONTHS)


def median(values: Sequence[int]) -> Decimal:
    """The middle value; for an even count the mean of the two middle ones (e.g. 2.5)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Decimal(ordered[middle])
    return Decimal(ordered[middle - 1] + ordered[middle]) / 2


def _stage_durations(*, stage: str, service: Service, since: datetime) -> list[tuple[date, date]]:
    spans = _STAGE_SPANS[stage](service=service, since=since)
    return [(timezone.localdate(start), timezone.localdate(end)) for start, end in spans]


def stage_measurements(
    *, service: Service, time_limits: Sequence[ServiceTimeLimit], today: date | None = None
) -> list[StageMeasurement]:
    """For each promised time limit (in stage order), the median and 90th percentile of the
    working days its cases took, over the cases that ended in the last MEASURED_MONTHS months.

    One query per stage and one for the calendar, however many cases there are.
    """
    since = timezone.make_aware(datetime.combine(measured_since(today), time.min))
    limits = sorted(time_limits, key=lambda limit: _STAGE_ORDER.index(limit.stage))
    spans = {
        limit.stage: _stage_durations(stage=limit.stage, service=service, since=since)
        for limit in limits
    }
    flat = [span for stage_spans in spans.values() for span in stage_spans]
    counted = iter(working_days_many(flat))
    measurements = []
    for limit in limits:
        days = [next(counted) for _ in spans[limit.stage]]
        measurements.append(
            StageMeasurement(
                stage=limit.stage,
                label=limit.get_stage_display(),
                promised_days=limit.working_days,
                count=len(days),
                median=median(days) if days else None,
                p90=percentile_90(days) if days else None,
                mark=mark_of(limit),
                note=limit.note,
            )
        )
    return measurements


def applies_by_institution_assessment(service: Service) -> bool:
    """Whether institutions request the service on the institution assessment's pages (seed
    004: LAN's competency assessment)."""
    return service.online_flow == OnlineFlow.INSTITUTION_ASSESSMENT


@dataclass(frozen=True)
class ReportLimitRow:
    """A report's time limit as the source writes it ("10 (sepuluh) hari kerja sejak
    pengambilan data") and what the portal measured of it over the period: the working days
    from the limit's starting point to the delivery of each report delivered in it."""

    purpose: str
    report: str
    time_limit: str
    mark: TextMark
    count: int = 0
    median: Decimal | None = None
    p90: int | None = None


def report_limit_rows(service: Service, today: date | None = None) -> list[ReportLimitRow]:
    """The service's report limits (assessments.ReportLimit) with their measurements; empty for
    a service without any. Three queries (limits, delivered reports, calendar)."""
    since = timezone.make_aware(datetime.combine(measured_since(today), time.min))
    rows = []
    for row in assessment_public.report_limit_rows(service, since=since):
        days = row.days
        rows.append(
            ReportLimitRow(
                purpose=row.purpose,
                report=row.report,
                time_limit=row.time_limit,
                mark=mark_of(row.limit),
                count=len(days),
                median=median(days) if days else None,
                p90=percentile_90(days) if days else None,
            )
        )
    return rows


def applies_by_ipasn(service: Service) -> bool:
    """Whether Perangkat Daerah submit the service's reports on the IP-ASN report's pages
    (seed 003)."""
    return service.online_flow == OnlineFlow.IPASN_REPORT


@dataclass(frozen=True)
class OpenTimeMeasurement:
    """Receipt to laporan of the reports completed in the period, in the provider's open
    service hours (the waits on the Perangkat Daerah left out), as the page says it; shown
    only from ipasn.public.MEASURED_MINIMUM reports on ("belum cukup data" before)."""

    count: int
    minimum: int
    enough: bool
    months: int = ipasn_public.MEASURED_MONTHS
    median: str = ""
    p90: str = ""
    within_share: int | None = None


def ipasn_measurement(service: Service, today: date | None = None) -> OpenTimeMeasurement:
    """Over the last ipasn_public.MEASURED_MONTHS months. Five queries (limit, hours, reports,
    their pauses, the closures their clocks read), whatever their number."""
    first_day = months_before(today or timezone.localdate(), ipasn_public.MEASURED_MONTHS)
    since = timezone.make_aware(datetime.combine(first_day, time.min))
    measured = ipasn_public.completion_measurement(service, since=since)
    if not measured.enough:
        return OpenTimeMeasurement(
            count=measured.count, minimum=ipasn_public.MEASURED_MINIMUM, enough=False
        )
    return OpenTimeMeasurement(
        count=measured.count,
        minimum=ipasn_public.MEASURED_MINIMUM,
        enough=True,
        median=ipasn_public.open_time_text(measured.median),
        p90=ipasn_public.open_time_text(measured.p90),
        within_share=measured.within_share,
    )
