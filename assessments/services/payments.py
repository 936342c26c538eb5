"""The invoice and its payment (seed 004 step 12): the treasurer (Bendahara Penerima) issues the
invoice once the SPK is fully signed; the institution's operator uploads a proof of payment; the
treasurer confirms it or returns it with a reason; an invoice unpaid after its due date is
flagged once to both sides.

Guarantees: each act runs in one transaction holding the engagement's row lock, so a double
click finds the work done and is refused; the invoice's number is the provider's next for the
year, taken under the provider's row lock (two treasurers never share a number); a refused file
stores nothing (portal.uploads.upload_clean runs before anything is written)."""

import datetime
import logging
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import workflow
from assessments.constants import CLOSED_STATES, EngagementState, ProofVerdict
from assessments.models import Agreement, Engagement, Invoice, PaymentProof
from assessments.rules import fee_total, rupiah
from assessments.services.engagements import engagement_locked
from assessments.services.files import PROOF_RULES, file_clean
from casework.exceptions import CaseError, CaseForbidden
from portal.constants import Role
from portal.events import event_record
from portal.mail import from_email, operator_addresses, staff_addresses
from portal.models import Provider

logger = logging.getLogger(__name__)

# "0007/TAG/PKASN/2026": sequence per provider and year, the invoice's code, the year.
INVOICE_CODE = "TAG/PKASN"
# The invoice can be issued once the SPK is signed, while the engagement is under way.
INVOICE_STATES = frozenset({EngagementState.PREPARATION, EngagementState.REPORTING})


def file_store(field_file, stem: str, clean) -> None:
    # upload_to picks a random name; only the extension is read from this one.
    extension = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}[clean.checked.kind]
    field_file.save(f"{stem}.{extension}", ContentFile(clean.content), save=False)


# --- Mail -------------------------------------------------------------------------------------


def operator_emails(engagement: Engagement) -> list[str]:
    return operator_addresses(engagement.institution)


def staff_emails(engagement: Engagement, role: Role) -> list[str]:
    """Who holds `role` for the engagement's service (at its provider, or for it only)."""
    service = engagement.service
    return staff_addresses(service.provider_id, role, service=service)


def settlement_mail(*, engagement: Engagement, kind: str, to: list[str], **context) -> None:
    """One message per recipient through the outbox (portal.mail), from the provider;
    templates/assessments/mail/settlement_<kind>_subject.txt and _body.txt."""
    context = {
        "engagement": engagement,
        "url": f"{settings.PORTAL_BASE_URL}/penilaian-kompetensi/permohonan/"
        f"{engagement.public_id}/",
        **context,
    }
    subject = render_to_string(f"assessments/mail/settlement_{kind}_subject.txt", context)
    body = render_to_string(f"assessments/mail/settlement_{kind}_body.txt", context)
    sender = from_email(provider=engagement.service.provider)
    for address in dict.fromkeys(to):
        EmailMessage(
            subject=" ".join(subject.split()), body=body, from_email=sender, to=[address]
        ).send()


# --- The invoice ------------------------------------------------------------------------------


def invoice_number(sequence: int, year: int) -> str:
    return f"{sequence:04d}/{INVOICE_CODE}/{year}"


def invoice_issue_refusal(engagement: Engagement, user) -> Exception | None:
    """May `user` issue the engagement's invoice now (the page shows the button when None)?"""
    if not workflow.holds(user, Role.TREASURER, engagement):
        return CaseForbidden(_("Hanya Bendahara Penerima yang dapat menerbitkan tagihan."))
    agreement = Agreement.objects.filter(engagement=engagement).first()
    if agreement is None or agreement.fully_signed_at is None:
        return CaseError(
            _("Tagihan dapat diterbitkan setelah SPK ditandatangani oleh kedua pihak.")
        )
    if Invoice.objects.filter(engagement=engagement).exists():
        return CaseError(_("Tagihan permohonan ini sudah diterbitkan."))
    if engagement.state not in INVOICE_STATES:
        return CaseError(
            _("Tagihan tidak dapat diterbitkan untuk permohonan berstatus “%(state)s”.")
            % {"state": EngagementState(engagement.state).label}
        )
    return None


def invoice_issue(*, engagement: Engagement, actor) -> Invoice:
    """Issue the invoice: the asesi on the list (else the SPK's count, never more than the SPK's)
    times the SPK's fee per participant, due on the SPK's payment date, numbered per provider and
    year. The PDF is rendered after commit (assessments.tasks.render_invoice)."""
    with transaction.atomic():
        locked = engagement_locked(engagement)
        refusal = invoice_issue_refusal(locked, actor)
        if refusal is not None:
            raise refusal
        agreement = Agreement.objects.get(engagement=locked)
        listed = locked.participants.count()
        count = min(listed or agreement.participant_count, agreement.participant_count)
        provider = Provider.objects.select_for_update().get(pk=locked.service.provider_id)
        year = timezone.localdate().year
        last = Invoice.objects.filter(provider=provider, year=year).aggregate(n=Max("sequence"))
        sequence = (last["n"] or 0) + 1
        invoice = Invoice.objects.create(
            engagement=locked,
            provider=provider,
            year=year,
            sequence=sequence,
            number=invoice_number(sequence, year),
            participant_count=count,
            fee_per_participant=agreement.fee_per_participant,
            amount=fee_total(agreement.fee_per_participant, count),
            due_on=agreement.payment_due_on,
            issued_by=actor,
        )
        event_record(subject=locked, kind="invoice_issued", actor=actor, note=invoice.number)
        settlement_mail(
            engagement=locked,
            kind="invoice_issued",
            to=operator_emails(locked),
            invoice=invoice,
            amount=rupiah(invoice.amount),
        )
        transaction.on_commit(lambda: _render_invoice_later(invoice.pk))
    return invoice


def _render_invoice_later(invoice_id: int) -> None:
    from assessments.tasks import render_invoice

    try:
        render_invoice.delay(invoice_id)
    except Exception:  # the broker is down: the PDF view renders it when asked
        logger.warning("Invoice %s not queued for rendering", invoice_id, exc_info=True)


# --- Proofs of payment ------------------------------------------------------------------------


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal(1))
    except (InvalidOperation, ValueError, TypeError):
        raise CaseError(_("Jumlah dibayar harus berupa angka rupiah.")) from None
    if amount <= 0:
        raise CaseError(_("Jumlah dibayar harus lebih dari nol."))
    return amount


def proof_upload_refusal(engagement: Engagement, user) -> Exception | None:
    if not workflow.is_operator(user, engagement):
        return CaseForbidden(_("Hanya operator instansi yang dapat mengunggah bukti pembayaran."))
    invoice = Invoice.objects.filter(engagement=engagement).first()
    if invoice is None:
        return CaseError(_("Tagihan belum diterbitkan."))
    if invoice.paid_at is not None:
        return CaseError(_("Tagihan ini sudah lunas."))
    if invoice.proofs.filter(verdict=ProofVerdict.PENDING).exists():
        return CaseError(
            _("Bukti pembayaran sebelumnya masih menunggu konfirmasi Bendahara Penerima.")
        )
    if engagement.state in CLOSED_STATES:
        return CaseError(_("Permohonan ini sudah ditutup."))
    return None


def proof_upload(
    *, engagement: Engagement, actor, file, paid_on: datetime.date, amount
) -> PaymentProof:
    """The operator's proof of payment: a new proof waiting for the treasurer (one at a time);
    the treasurers are told."""
    amount = _amount(amount)
    if paid_on > timezone.localdate():
        raise CaseError(_("Tanggal bayar tidak boleh setelah hari ini."))
    clean = file_clean(file, PROOF_RULES, "file")
    with transaction.atomic():
        locked = engagement_locked(engagement)
        refusal = proof_upload_refusal(locked, actor)
        if refusal is not None:
            raise refusal
        invoice = Invoice.objects.get(engagement=locked)
        proof = PaymentProof(
            invoice=invoice,
            original_name=(getattr(file, "name", "") or "bukti-bayar")[:255],
            paid_on=paid_on,
            amount=amount,
            uploaded_by=actor,
        )
        file_store(proof.file, "bukti-bayar", clean)
        proof.save()
        event_record(
            subject=locked,
            kind="proof_uploaded",
            actor=actor,
            note=f"{rupiah(amount)}, {paid_on:%d-%m-%Y}",
        )
        settlement_mail(
            engagement=locked,
            kind="proof_uploaded",
            to=staff_emails(locked, Role.TREASURER),
            invoice=invoice,
            amount=rupiah(amount),
        )
    return proof


def _proof_locked(proof: PaymentProof, actor) -> tuple[Engagement, PaymentProof]:
    engagement = engagement_locked(proof.invoice.engagement)
    if not workflow.holds(actor, Role.TREASURER, engagement):
        raise CaseForbidden(_("Hanya Bendahara Penerima yang dapat memeriksa bukti pembayaran."))
    proof = PaymentProof.objects.select_for_update().select_related("invoice").get(pk=proof.pk)
    if proof.verdict != ProofVerdict.PENDING:
        raise CaseError(_("Bukti pembayaran ini sudah diperiksa."))
    return engagement, proof


def proof_confirm(*, proof: PaymentProof, actor) -> PaymentProof:
    """The treasurer confirms the payment: the invoice is paid; the operators are told; the
    engagement completes if every report is delivered already."""
    from assessments.services.reports import engagement_complete_if_done

    with transaction.atomic():
        engagement, proof = _proof_locked(proof, actor)
        now = timezone.now()
        proof.verdict = ProofVerdict.CONFIRMED
        proof.checked_by, proof.checked_at = actor, now
        proof.save(update_fields=["verdict", "checked_by", "checked_at"])
        invoice = proof.invoice
        invoice.paid_at = now
        invoice.save(update_fields=["paid_at"])
        event_record(subject=engagement, kind="payment_confirmed", actor=actor, note=invoice.number)
        settlement_mail(
            engagement=engagement,
            kind="payment_confirmed",
            to=operator_emails(engagement),
            invoice=invoice,
        )
        engagement_complete_if_done(engagement)
    return proof


def proof_return(*, proof: PaymentProof, actor, reason: str) -> PaymentProof:
    """The treasurer returns the proof with a reason; the operators upload another."""
    reason = (reason or "").strip()
    if not reason:
        raise CaseError(_("Tuliskan alasan bukti pembayaran dikembalikan."))
    with transaction.atomic():
        engagement, proof = _proof_locked(proof, actor)
        proof.verdict = ProofVerdict.RETURNED
        proof.reason = reason
        proof.checked_by, proof.checked_at = actor, timezone.now()
        proof.save(update_fields=["verdict", "reason", "checked_by", "checked_at"])
        event_record(subject=engagement, kind="proof_returned", actor=actor, note=reason)
        settlement_mail(
            engagement=engagement,
            kind="proof_returned",
            to=operator_emails(engagement),
            invoice=proof.invoice,
            reason=reason,
        )
    return proof


# --- Overdue ----------------------------------------------------------------------------------


def invoice_overdue(invoice: Invoice | None, *, today: datetime.date | None = None) -> bool:
    """Unpaid after the SPK's payment date."""
    if invoice is None or invoice.paid_at is not None:
        return False
    return (today or timezone.localdate()) > invoice.due_on


def payments_flag_overdue(*, today: datetime.date | None = None) -> int:
    """Record payment_overdue once per unpaid invoice past its due date, and tell the operators
    and the treasurers once. Returns how many were flagged; a re-run flags none again."""
    today = today or timezone.localdate()
    ids = list(
        Invoice.objects.filter(
            paid_at__isnull=True, overdue_notified_at__isnull=True, due_on__lt=today
        )
        .exclude(engagement__state__in=CLOSED_STATES)
        .values_list("pk", flat=True)
    )
    flagged = 0
    for pk in ids:
        with transaction.atomic():
            invoice = (
                Invoice.objects.select_for_update(of=("self",))
                .select_related("engagement__service", "engagement__institution")
                .filter(pk=pk, paid_at__isnull=True, overdue_notified_at__isnull=True)
                .first()
            )
            if invoice is None:
                continue
            invoice.overdue_notified_at = timezone.now()
            invoice.save(update_fields=["overdue_notified_at"])
            engagement = invoice.engagement
            event_record(subject=engagement, kind="payment_overdue", note=invoice.number)
            settlement_mail(
                engagement=engagement,
                kind="payment_overdue",
                to=operator_emails(engagement) + staff_emails(engagement, Role.TREASURER),
                invoice=invoice,
                amount=rupiah(invoice.amount),
            )
            flagged += 1
    return flagged
