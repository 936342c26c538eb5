"""The staff queue of institutions' engagements (/penilaian-kompetensi/petugas/): every open
engagement of the services where the reader holds one of assessments.workflow.STAFF_ROLES (an
assessor: only the engagements of their sessions), the longest waiting first, 50 a page, each
with what it waits on, the nearest due date and an overdue flag. A page costs the same queries
whatever its length and whatever its engagements wait on (portal.queues.queue_page, one prefetch
per relation, the closures once), and a deep page no more than the first: the ids are read from
an index in the queue's order (Engagement.Meta.indexes, engagement_queue_order)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assessments import workflow
from assessments.constants import OPEN_STATES, EngagementState, ProofVerdict
from assessments.models import Engagement, IntakeSession, Participant, PaymentProof, Report
from assessments.services.payments import invoice_overdue
from assessments.services.reports import engagement_dues
from portal.calendar import add_working_days, working_days_counter
from portal.constants import OnlineFlow, Role
from portal.models import Service
from portal.queues import queue_page
from portal.roles import holds_role_for_service

PER_PAGE = 50
# The longest report limit (25 working days) with holidays and cuti bersama, in calendar days.
SPAN_DAYS = 120


# What a row shows and what queue_row reads (the institution's name, the state, purpose and
# dates, the SPK's and the invoice's steps): the wide rows (texts, files, the participants' CV
# and questionnaire, the reports' bodies) were most of the page's ORM time.
_ROW_COLUMNS = (
    "public_id",
    "state",
    "purpose",
    "intake_held_on",
    "institution__name",
    "service__id",
    "agreement__engagement",
    "agreement__confirmed_at",
    "agreement__fully_signed_at",
    "agreement__agreed_report_due_on",
    "invoice__engagement",
    "invoice__paid_at",
    "invoice__due_on",
)
_REPORT_COLUMNS = ("engagement", "kind", "participant", "delivered_at")


@dataclass
class QueueRow:
    engagement: Engagement
    waits: list[str] = field(default_factory=list)
    due_on: date | None = None
    overdue: bool = False


def queue_services(user) -> list[tuple[Service, bool]]:
    """The institution-assessment services where `user` holds a staff role, each with whether
    they see every engagement (False: an assessor, who sees their sessions' only)."""
    if not (user.is_authenticated and user.is_active):
        return []
    found = []
    for service in Service.objects.filter(online_flow=OnlineFlow.INSTITUTION_ASSESSMENT):
        held = {
            role for role in workflow.STAFF_ROLES if holds_role_for_service(user, role, service)
        }
        if held:
            found.append((service, bool(held - {Role.ASSESSOR})))
    return found


def _scope(user, services) -> Q:
    scope = Q(pk__in=[])
    for service, sees_all in services:
        if sees_all:
            scope |= Q(service=service)
        else:
            sessions = IntakeSession.objects.filter(assessors=user, engagement__service=service)
            scope |= Q(service=service, pk__in=sessions.values("engagement_id"))
    return scope


def _agreement(engagement):
    try:
        return engagement.agreement
    except Engagement.agreement.RelatedObjectDoesNotExist:
        return None


def _invoice(engagement):
    try:
        return engagement.invoice
    except Engagement.invoice.RelatedObjectDoesNotExist:
        return None


def _short(day: date) -> str:
    return date_format(day, "j M Y")


def working_day_adder(anchors: list[date]):
    """add_working_days for anchors on one page, reading the closures once
    (portal.calendar.working_days_counter) instead of once per engagement. Without anchors
    (a page with no engagement reporting) the span starts today: the closures are read all
    the same, so that every page makes the same queries. A date beyond the span read falls
    back to portal.calendar."""
    anchors = anchors or [timezone.localdate()]
    first, last = min(anchors), max(anchors) + timedelta(days=SPAN_DAYS)
    between = working_days_counter(first, last)

    def add(start: date, n: int) -> date:
        if n <= 0 or start < first:
            return add_working_days(start, n)
        day = start
        while day < last:
            day += timedelta(days=1)
            if between(start, day) >= n:
                return day
        return add_working_days(start, n)

    return add


def _anchors(engagement) -> list[date]:
    if engagement.state != EngagementState.REPORTING:
        return []
    found = [engagement.intake_held_on] if engagement.intake_held_on else []
    found += [
        timezone.localdate(report.delivered_at)
        for report in engagement.queue_reports
        if report.delivered_at is not None
    ]
    return found


def queue_row(engagement: Engagement, *, add_working=None) -> QueueRow:
    """What the engagement waits on, from rows read beforehand (staff_queue: select_related,
    the prefetched lists queue_reports, queue_participants and the service's queue_limits, and
    the proof_pending annotation)."""
    row = QueueRow(engagement=engagement)
    agreement, invoice = _agreement(engagement), _invoice(engagement)
    dues_dates = []
    if engagement.state == EngagementState.REQUESTED:
        row.waits.append(_("Menunggu jawaban"))
    elif engagement.state == EngagementState.AGREEMENT:
        if agreement is None:
            row.waits.append(_("SPK belum disusun"))
        elif agreement.confirmed_at is None:
            row.waits.append(_("SPK menunggu konfirmasi"))
        elif agreement.fully_signed_at is None:
            row.waits.append(_("SPK menunggu tanda tangan"))
    if engagement.state in (EngagementState.PREPARATION, EngagementState.REPORTING):
        if invoice is None:
            row.waits.append(_("Tagihan belum diterbitkan"))
        elif invoice.paid_at is None:
            if engagement.proof_pending:
                row.waits.append(_("Bukti bayar menunggu konfirmasi"))
            elif invoice_overdue(invoice):
                row.waits.append(_("Pembayaran melewati batas waktu"))
            else:
                row.waits.append(
                    _("Pembayaran jatuh tempo %(day)s") % {"day": _short(invoice.due_on)}
                )
            dues_dates.append(invoice.due_on)
            row.overdue = row.overdue or invoice_overdue(invoice)
        if engagement.state == EngagementState.PREPARATION:
            row.waits.append(_("Persiapan intake"))
    if engagement.state == EngagementState.REPORTING:
        dues = engagement_dues(
            engagement,
            limits=engagement.service.queue_limits,
            reports=engagement.queue_reports,
            participants=engagement.queue_participants,
            agreement=agreement,
            add_working=add_working,
        )
        for due in dues:
            if due.delivered_on is not None:
                continue
            if due.due_on is None:
                continue
            row.waits.append(
                _("%(report)s jatuh tempo %(day)s")
                % {"report": due.label, "day": _short(due.due_on)}
            )
            dues_dates.append(due.due_on)
            row.overdue = row.overdue or due.overdue
    row.due_on = min(dues_dates) if dues_dates else None
    return row


def staff_queue(user, *, page_number=None):
    """The reader's page of open engagements as QueueRows (page.object_list), or None when the
    reader holds no staff role on an institution-assessment service."""
    services = queue_services(user)
    if not services:
        return None
    queryset = (
        Engagement.objects.filter(state__in=OPEN_STATES)
        .filter(_scope(user, services))
        .order_by("submitted_at", "pk")
    )
    # Whether a proof waits, in the rows' query: a prefetch of the proofs would run only on
    # pages holding an invoice, so a page's queries would depend on its engagements.
    pending = PaymentProof.objects.filter(
        invoice__engagement=OuterRef("pk"), verdict=ProofVerdict.PENDING
    )
    rows = (
        queryset.select_related("institution", "service", "agreement", "invoice")
        .only(*_ROW_COLUMNS)
        .annotate(proof_pending=Exists(pending))
        .prefetch_related(
            # As lists (to_attr): reading a prefetched relation's .all() builds a queryset each
            # time, three per row.
            Prefetch(
                "reports", queryset=Report.objects.only(*_REPORT_COLUMNS), to_attr="queue_reports"
            ),
            Prefetch(
                "participants",
                queryset=Participant.objects.only("engagement", "attended"),
                to_attr="queue_participants",
            ),
            Prefetch("service__report_limits", to_attr="queue_limits"),
        )
    )
    page = queue_page(queryset, number=page_number, per_page=PER_PAGE, rows=rows)
    adder = working_day_adder([day for e in page.object_list for day in _anchors(e)])
    page.object_list = [queue_row(engagement, add_working=adder) for engagement in page.object_list]
    return page
