"""Reads for the engagement page's parts: payment (parts/payment.html) and reports
(parts/reports.html). `section` gives both their context under the key "settlement", with the
acts the reader may take now (the services check again)."""

from dataclasses import dataclass

from django.urls import reverse

from assessments import workflow
from assessments.constants import EngagementState, ProofVerdict, ReportKind
from assessments.forms.settlement import ProofForm, ProofReturnForm
from assessments.models import Agreement, Invoice, Report, ReportLimit
from assessments.rules import ReportDue, rupiah
from assessments.services.payments import (
    invoice_issue_refusal,
    invoice_overdue,
    proof_upload_refusal,
)
from assessments.services.reports import (
    engagement_dues,
    expected_participants,
    may_write_reports,
)
from portal.constants import Role


@dataclass
class DueRow:
    due: ReportDue
    limit_text: str
    report: Report | None
    write_url: str


@dataclass
class IndividualRow:
    participant: object
    report: Report | None
    write_url: str
    conflict: str = ""  # why the reader may not write it (registration.conflicts), if so


def _write_url(engagement, kind: str, participant=None) -> str:
    url = reverse("assessments_report_new", args=[engagement.public_id, kind])
    return f"{url}?asesi={participant.public_id}" if participant is not None else url


def _limit_text(due: ReportDue) -> str:
    if due.agreed:
        return "sesuai kesepakatan dalam SPK"
    return due.limit.describe() if due.limit is not None else ""


def section(engagement, user) -> dict:
    """The context of the payment and reports parts for `user` (who may see the page)."""
    is_staff = workflow.staff_may_see(user, engagement)
    is_operator = workflow.is_operator(user, engagement)
    try:
        agreement = engagement.agreement
    except Agreement.DoesNotExist:
        agreement = None
    # The invoice comes with the engagement and its proofs with the page's prefetch
    # (assessments.views.pages).
    try:
        invoice = engagement.invoice
    except Invoice.DoesNotExist:
        invoice = None
    proofs = list(invoice.proofs.all()) if invoice else []
    pending = next((p for p in proofs if p.verdict == ProofVerdict.PENDING), None)
    is_treasurer = workflow.holds(user, Role.TREASURER, engagement)

    # Reports: staff see every report; the institution only the delivered ones.
    reports = list(
        Report.objects.filter(engagement=engagement).select_related("participant", "signed_by")
    )
    participants = list(engagement.participants.all())
    dues = engagement_dues(
        engagement,
        limits=list(ReportLimit.objects.filter(service_id=engagement.service_id)),
        reports=reports,
        participants=participants,
        agreement=agreement,
    )
    writer = may_write_reports(user, engagement) and engagement.state == EngagementState.REPORTING
    summary_delivered = any(
        r.kind == ReportKind.SUMMARY and r.delivered_at is not None for r in reports
    )
    needs_summary = any(d.kind == ReportKind.SUMMARY for d in dues)

    def shown(report):
        return report if report is not None and (is_staff or report.delivered_at) else None

    def may_write(kind, report):
        if not writer or (report is not None and report.signed_at is not None):
            return False
        if kind in (ReportKind.FULL, ReportKind.INDIVIDUAL) and needs_summary:
            return summary_delivered
        return True

    by_kind = {r.kind: r for r in reports if r.participant_id is None}
    due_rows = []
    individual_rows = []
    for due in dues:
        if due.kind == ReportKind.INDIVIDUAL:
            by_participant = {r.participant_id: r for r in reports if r.participant_id}
            for participant in expected_participants(participants):
                report = by_participant.get(participant.pk)
                conflict = (
                    workflow.participant_conflict_reason(participant, user, engagement) or ""
                    if writer
                    else ""
                )
                individual_rows.append(
                    IndividualRow(
                        participant=participant,
                        report=shown(report),
                        write_url=_write_url(engagement, due.kind, participant)
                        if may_write(due.kind, report) and not conflict
                        else "",
                        conflict=conflict,
                    )
                )
        report = by_kind.get(due.kind)
        due_rows.append(
            DueRow(
                due=due,
                limit_text=_limit_text(due),
                report=shown(report),
                write_url=_write_url(engagement, due.kind)
                if due.kind != ReportKind.INDIVIDUAL and may_write(due.kind, report)
                else "",
            )
        )
    may_sign = (
        workflow.holds(user, Role.SIGNING_OFFICIAL, engagement)
        and engagement.state == EngagementState.REPORTING
    )
    unsigned = [r for r in reports if r.signed_at is None] if may_sign else []
    for report in unsigned:
        # An asesi's report the official conflicts with is shown with the reason, unsignable.
        report.conflict = (
            workflow.participant_conflict_reason(report.participant, user, engagement)
            if report.participant is not None
            else None
        )
    return {
        "settlement": {
            "agreement": agreement,
            "invoice": invoice,
            "amount": rupiah(invoice.amount) if invoice else "",
            "fee": rupiah(invoice.fee_per_participant) if invoice else "",
            "overdue": invoice_overdue(invoice),
            "proofs": proofs if (is_staff or is_operator) else [],
            "pending": pending,
            "is_treasurer": is_treasurer,
            "may_issue": invoice is None and invoice_issue_refusal(engagement, user) is None,
            "may_upload": invoice is not None and proof_upload_refusal(engagement, user) is None,
            "proof_form": ProofForm(),
            "return_form": ProofReturnForm(),
            "dues": due_rows,
            "individuals": individual_rows,
            "reporting": engagement.state in (EngagementState.REPORTING, EngagementState.COMPLETED),
            "may_sign": may_sign,
            "unsigned": unsigned,
            "signable_count": sum(1 for r in unsigned if not r.conflict),
            "is_staff": is_staff,
        }
    }
