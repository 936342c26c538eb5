"""The reports of an engagement (seed 004 step 13) and their limits: for a selection the Laporan
Ringkas within 10 working days of the intake, then the Laporan Lengkap and one Laporan
Individual per asesi within 15 working days after the summary was delivered; for a mapping the
Laporan Pemetaan Jabatan within 25 working days (or the date agreed in the SPK). The limits are
data (ReportLimit); assessments.rules.report_dues does the arithmetic.

An assessor of the engagement's sessions or the scheduler writes a report in the portal or
uploads its PDF; the signing official signs it (portal.signing) and it is delivered to the
institution's operators (and the asesi, for their individual report). When every report due is
delivered and the payment is confirmed, in either order, the engagement completes.

Guarantees: every act holds the engagement's row lock; a signed report is never replaced; the
full and individual reports wait for the summary's delivery; a refused file stores nothing."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import documents, workflow
from assessments.constants import EngagementState, ReportKind
from assessments.models import Agreement, Engagement, Invoice, Participant, Report, ReportLimit
from assessments.rules import ReportDue, report_dues
from assessments.services.engagements import engagement_locked, engagement_transition
from assessments.services.files import REPORT_RULES, file_clean
from assessments.services.payments import file_store, operator_emails, settlement_mail
from casework.exceptions import CaseError, CaseForbidden
from casework.pdf import signer_name
from portal.constants import Role
from portal.events import event_record
from portal.providers import signing_title
from portal.roles import not_appointed_message, signing_office

# Kinds written after the summary was delivered (seed 004: "setelah laporan ringkas diserahkan").
AFTER_SUMMARY = frozenset({ReportKind.FULL, ReportKind.INDIVIDUAL})


def expected_participants(participants) -> list:
    """The asesi who get an individual report: those who attended; every asesi when no
    attendance was recorded."""
    participants = list(participants)
    if any(p.attended is not None for p in participants):
        return [p for p in participants if p.attended]
    return participants


def _day(moment):
    return timezone.localdate(moment) if moment is not None else None


def engagement_dues(
    engagement, *, limits, reports, participants, agreement, add_working=None
) -> list[ReportDue]:
    """The engagement's reports due, from rows already read (the page and the queue read them
    once for many engagements). Individual reports count as delivered when every expected
    asesi's is, on the last of their days."""
    delivered: dict[str, object] = {}
    individual_days = {}
    for report in reports:
        if report.delivered_at is None:
            continue
        if report.kind == ReportKind.INDIVIDUAL:
            individual_days[report.participant_id] = _day(report.delivered_at)
        else:
            delivered[report.kind] = _day(report.delivered_at)
    expected = expected_participants(participants)
    if expected and all(p.pk in individual_days for p in expected):
        delivered[ReportKind.INDIVIDUAL] = max(individual_days[p.pk] for p in expected)
    return report_dues(
        limits=limits,
        purpose=engagement.purpose,
        intake_on=engagement.intake_held_on,
        delivered=delivered,
        agreed_on=agreement.agreed_report_due_on if agreement is not None else None,
        **({"add_working": add_working} if add_working is not None else {}),
    )


def dues_for(engagement: Engagement) -> list[ReportDue]:
    return engagement_dues(
        engagement,
        limits=ReportLimit.objects.filter(service_id=engagement.service_id),
        reports=Report.objects.filter(engagement=engagement),
        participants=Participant.objects.filter(engagement=engagement),
        agreement=Agreement.objects.filter(engagement=engagement).first(),
    )


def may_write_reports(user, engagement) -> bool:
    return workflow.is_session_assessor(user, engagement) or workflow.holds(
        user, Role.SCHEDULER, engagement
    )


def report_write_refusal(
    engagement: Engagement, user, kind: str, participant: Participant | None
) -> Exception | None:
    """May `user` write (or replace) the report of `kind` (for `participant`) now?"""
    if not may_write_reports(user, engagement):
        return CaseForbidden(
            _(
                "Hanya asesor sesi intake permohonan ini atau Panitia Penjadwalan yang dapat "
                "menyusun laporan."
            )
        )
    if engagement.state != EngagementState.REPORTING:
        return CaseError(_("Laporan dapat disusun setelah intake dilaksanakan."))
    kinds = set(
        ReportLimit.objects.filter(
            service_id=engagement.service_id, purpose=engagement.purpose
        ).values_list("kind", flat=True)
    )
    if kind not in kinds:
        return CaseError(_("Laporan ini tidak termasuk laporan untuk tujuan penilaian ini."))
    if kind == ReportKind.INDIVIDUAL:
        if participant is None or participant.engagement_id != engagement.pk:
            return CaseError(_("Pilih asesi untuk laporan individual."))
        if refusal := workflow.participant_conflict_refusal(participant, user, engagement):
            return refusal
        expected = expected_participants(Participant.objects.filter(engagement=engagement))
        if participant.pk not in {p.pk for p in expected}:
            return CaseError(
                _("Asesi ini tidak hadir pada intake; laporan individual tidak disusun untuknya.")
            )
    if kind in AFTER_SUMMARY and ReportKind.SUMMARY in kinds:
        summary = Report.objects.filter(engagement=engagement, kind=ReportKind.SUMMARY).first()
        if summary is None or summary.delivered_at is None:
            return CaseError(
                _(
                    "Laporan Lengkap dan Laporan Individual disusun setelah Laporan Ringkas "
                    "diserahkan."
                )
            )
    existing = _existing(engagement, kind, participant)
    if existing is not None and existing.signed_at is not None:
        return CaseError(_("Laporan ini sudah ditandatangani dan diserahkan; tidak dapat diganti."))
    return None


def _existing(engagement, kind, participant) -> Report | None:
    if kind == ReportKind.INDIVIDUAL:
        return Report.objects.filter(engagement=engagement, participant=participant).first()
    return Report.objects.filter(engagement=engagement, kind=kind, participant__isnull=True).first()


def report_title(kind: str, participant: Participant | None) -> str:
    label = ReportKind(kind).label
    return f"{label}: {participant.name}" if participant is not None else str(label)


def report_save(
    *,
    engagement: Engagement,
    actor,
    kind: str,
    participant: Participant | None = None,
    body: str = "",
    file=None,
) -> Report:
    """Write the report in the portal (`body`) or upload its PDF (`file`); an unsigned report of
    the same kind (and asesi) is replaced."""
    body = (body or "").strip()
    if kind not in ReportKind.values:
        raise CaseError(_("Jenis laporan tidak dikenal."))
    if not body and file is None:
        raise CaseError(_("Tulis isi laporan atau unggah berkas PDF laporan."))
    clean = file_clean(file, REPORT_RULES, "file") if file is not None else None
    with transaction.atomic():
        locked = engagement_locked(engagement)
        refusal = report_write_refusal(locked, actor, kind, participant)
        if refusal is not None:
            raise refusal
        report = _existing(locked, kind, participant) or Report(
            engagement=locked, kind=kind, participant=participant
        )
        report.title = report_title(kind, participant)
        report.created_by = actor
        report.body = body if clean is None else ""
        if clean is not None:
            file_store(report.source_file, "laporan", clean)
        else:
            report.source_file = ""
        report.save()
        event_record(subject=locked, kind="report_created", actor=actor, note=report.title)
    return report


# --- Signing and delivery ---------------------------------------------------------------------


def report_sign_refusal(engagement: Engagement, user) -> Exception | None:
    if not workflow.holds(user, Role.SIGNING_OFFICIAL, engagement):
        return CaseForbidden(_("Hanya Pejabat Penandatangan yang dapat menandatangani laporan."))
    if signing_office(user, engagement.service.provider_id) is None:
        return CaseForbidden(not_appointed_message())
    if engagement.state != EngagementState.REPORTING:
        return CaseError(_("Laporan permohonan ini tidak dapat ditandatangani sekarang."))
    return None


def _sign_one(engagement: Engagement, report: Report, actor) -> Report:
    from portal.signing import pdf_sign

    provider = engagement.service.provider
    if report.source_file:
        with report.source_file.open("rb") as handle:
            unsigned = handle.read()
    else:
        unsigned = documents.report_pdf(
            report,
            signer_name=signer_name(actor),
            signer_title=signing_title(provider=provider, signer=actor),
        )
    signed = pdf_sign(unsigned, reason=report.title, name=signer_name(actor) or None)
    now = timezone.now()
    report.pdf.save(f"laporan-{report.public_id}.pdf", ContentFile(signed), save=False)
    report.signed_by, report.signed_at, report.delivered_at = actor, now, now
    report.save(update_fields=["pdf", "signed_by", "signed_at", "delivered_at"])
    event_record(subject=engagement, kind="report_delivered", actor=actor, note=report.title)
    settlement_mail(
        engagement=engagement,
        kind="report_delivered",
        to=operator_emails(engagement),
        report=report,
    )
    participant = report.participant
    if participant is not None:
        account = participant.account
        address = (account.email if account is not None else "") or participant.email
        settlement_mail(
            engagement=engagement,
            kind="report_individual",
            to=[address],
            report=report,
            file_url=settings.PORTAL_BASE_URL
            + reverse("assessments_report_file", args=[report.public_id]),
        )
    return report


def report_sign(*, report: Report, actor) -> Report:
    """Sign one report with the portal's key and deliver it."""
    with transaction.atomic():
        engagement = engagement_locked(report.engagement)
        refusal = report_sign_refusal(engagement, actor)
        if refusal is not None:
            raise refusal
        report = (
            Report.objects.select_for_update(of=("self",))
            .select_related("participant__account")
            .get(pk=report.pk)
        )
        if report.signed_at is not None:
            raise CaseError(_("Laporan ini sudah ditandatangani."))
        if report.participant is not None and (
            refusal := workflow.participant_conflict_refusal(report.participant, actor, engagement)
        ):
            raise refusal
        report.engagement = engagement
        _sign_one(engagement, report, actor)
        engagement_complete_if_done(engagement)
    return report


def reports_sign_all(*, engagement: Engagement, actor) -> int:
    """Sign and deliver every unsigned report of the engagement (the summary first). Returns how
    many were signed; none waiting is an error the page shows."""
    with transaction.atomic():
        locked = engagement_locked(engagement)
        refusal = report_sign_refusal(locked, actor)
        if refusal is not None:
            raise refusal
        order = {kind: i for i, kind in enumerate(ReportKind.values)}
        waiting = sorted(
            Report.objects.select_for_update(of=("self",))
            .select_related("participant__account")
            .filter(engagement=locked, signed_at__isnull=True),
            key=lambda r: (order[r.kind], r.participant.name if r.participant else ""),
        )
        if not waiting:
            raise CaseError(_("Tidak ada laporan yang menunggu tanda tangan."))
        # The individual reports of asesi the official conflicts with are another's to sign:
        # left unsigned, and if nothing else waits, refused with the reason.
        conflicted = {
            report.pk: refusal
            for report in waiting
            if report.participant is not None
            and (
                refusal := workflow.participant_conflict_refusal(report.participant, actor, locked)
            )
        }
        waiting = [report for report in waiting if report.pk not in conflicted]
        if not waiting:
            raise next(iter(conflicted.values()))
        for report in waiting:
            report.engagement = locked
            _sign_one(locked, report, actor)
        engagement_complete_if_done(locked)
    return len(waiting)


def engagement_complete_if_done(engagement: Engagement) -> bool:
    """Complete the engagement (the portal itself moves it) when every report due for its
    purpose is delivered and the payment is confirmed. Call under the engagement's lock."""
    if engagement.state != EngagementState.REPORTING:
        return False
    invoice = Invoice.objects.filter(engagement=engagement).first()
    if invoice is None or invoice.paid_at is None:
        return False
    dues = dues_for(engagement)
    if not dues or any(due.delivered_on is None for due in dues):
        return False
    engagement_transition(engagement=engagement, actor=None, to_state=EngagementState.COMPLETED)
    engagement.state = EngagementState.COMPLETED
    return True
