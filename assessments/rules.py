"""The arithmetic of seed 004: the SPK's lead time before the assessment, the fee, and the
reports' due dates. Plain functions over dates and rows; assessments.services enforces them."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assessments.constants import AGREEMENT_LEAD_WORKING_DAYS, CountsFrom, Purpose, ReportKind
from casework.exceptions import CaseError
from portal.calendar import add_working_days, latest_working_day_before
from portal.constants import StepKind
from portal.deadlines import TimeLimit, Unit


def agreement_lead(service) -> TimeLimit:
    """How long before the assessment the SPK must be signed: the agreement step's limit (a
    "before" limit, as data), else seed 004's five days counted as working days."""
    # From the steps as loaded (a page prefetches them), in their order, as .first() would.
    step = next((s for s in service.steps.all() if s.kind == StepKind.AGREEMENT), None)
    limit = step.time_limit() if step is not None else None
    if limit is None:
        return TimeLimit.before(
            AGREEMENT_LEAD_WORKING_DAYS, "kegiatan penilaian kompetensi", working=True
        )
    return limit


def earliest_assessment_on(signed_on: date, lead: TimeLimit) -> date:
    """The first day an assessment may be held when the SPK was (or will be) fully signed on
    `signed_on`: `lead.amount` working (or calendar) days after it."""
    if lead.unit == Unit.WORKING_DAYS:
        return add_working_days(signed_on, lead.amount)
    return signed_on + timedelta(days=lead.amount)


def latest_signing_on(assessment_on: date, lead: TimeLimit) -> date:
    """The last day the SPK may be fully signed for an assessment on `assessment_on`."""
    if lead.unit == Unit.WORKING_DAYS:
        return latest_working_day_before(assessment_on, lead.amount)
    return assessment_on - timedelta(days=lead.amount)


def assessment_date_refusal(
    *, assessment_on: date, signed_on: date, lead: TimeLimit
) -> CaseError | None:
    """An assessment (or intake session) on `assessment_on` is refused when it falls less than
    the lead time after the SPK's full signature on `signed_on`, with the reason and the first
    allowed day."""
    earliest = earliest_assessment_on(signed_on, lead)
    if assessment_on >= earliest:
        return None
    unit = _("hari kerja") if lead.unit == Unit.WORKING_DAYS else _("hari")
    return CaseError(
        _(
            "Penilaian kompetensi tidak dapat dilaksanakan pada %(day)s: SPK harus "
            "ditandatangani paling lambat %(amount)s %(unit)s sebelum kegiatan, dan SPK "
            "ditandatangani lengkap pada %(signed)s. Tanggal paling awal: %(earliest)s."
        )
        % {
            "day": date_format(assessment_on, "l, j F Y"),
            "amount": lead.amount,
            "unit": unit,
            "signed": date_format(signed_on, "j F Y"),
            "earliest": date_format(earliest, "l, j F Y"),
        }
    )


def fee_total(fee_per_participant: Decimal, participants: int) -> Decimal:
    """Seed 004: "Rp. 3.200.000,- per Peserta" — whole rupiah, never negative."""
    if participants < 0 or fee_per_participant < 0:
        raise ValueError("The fee and the number of participants are never negative.")
    return Decimal(fee_per_participant).quantize(Decimal(1)) * participants


def rupiah(amount: Decimal) -> str:
    """Rp 3.200.000 — the Indonesian way (dots between thousands, no decimals)."""
    return "Rp " + f"{int(amount):,}".replace(",", ".")


@dataclass(frozen=True)
class ReportDue:
    """A report's due date as it stands: None until its anchor (the intake, or the summary
    report's delivery) is known."""

    kind: str
    label: str
    limit: TimeLimit | None
    counts_from: str
    due_on: date | None
    delivered_on: date | None
    agreed: bool  # the date agreed in the SPK replaces the seed's limit

    @property
    def overdue(self) -> bool:
        if self.due_on is None:
            return False
        if self.delivered_on is not None:
            return self.delivered_on > self.due_on
        return timezone.localdate() > self.due_on

    @property
    def late_delivery(self) -> bool:
        return (
            self.delivered_on is not None
            and self.due_on is not None
            and (self.delivered_on > self.due_on)
        )


def _due(limit: TimeLimit | None, anchor: date | None, add_working=add_working_days) -> date | None:
    if limit is None or anchor is None:
        return None
    if limit.unit == Unit.WORKING_DAYS:
        return add_working(anchor, limit.latest)
    return anchor + timedelta(days=limit.latest)


def report_dues(
    *,
    limits,
    purpose: str,
    intake_on: date | None,
    delivered: dict[str, date],
    agreed_on: date | None = None,
    add_working=add_working_days,
) -> list[ReportDue]:
    """The due dates of the reports of one engagement: `limits` are its service's ReportLimit
    rows (any order), `delivered` maps a report kind to the day it was delivered (for the
    individual reports: the last of them). A date agreed in the SPK replaces the limit of a
    mapping report (seed 004: "atau sesuai kesepakatan bersama"). `add_working` counts working
    days (portal.calendar.add_working_days; a list page passes one that read the closures once)."""
    rows = sorted((row for row in limits if row.purpose == purpose), key=lambda row: row.order)
    dues = []
    for row in rows:
        limit = row.time_limit()
        if row.counts_from == CountsFrom.SUMMARY_DELIVERED:
            anchor = delivered.get(ReportKind.SUMMARY)
        else:
            anchor = intake_on
        due_on = _due(limit, anchor, add_working)
        agreed = purpose == Purpose.MAPPING and agreed_on is not None
        if agreed:
            due_on = agreed_on
        dues.append(
            ReportDue(
                kind=row.kind,
                label=ReportKind(row.kind).label,
                limit=limit,
                counts_from=row.counts_from,
                due_on=due_on,
                delivered_on=delivered.get(row.kind),
                agreed=agreed,
            )
        )
    return dues
