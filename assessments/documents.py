"""The invoice (tagihan) and the written reports as PDFs (seed 004 steps 12-13): rendered with
WeasyPrint (casework.pdf.render_pdf) from templates/assessments/pdf/, tables only, nothing
fetched. The invoice is stored once by `invoice_store` (assessments.tasks wraps it; the page
renders it inline when the task has not run); a report written in the portal is rendered here and
signed by assessments.services.reports."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assessments.models import Invoice, Report
from assessments.rules import rupiah
from casework.pdf import pdf_stored
from portal.numbers import amount_in_words
from portal.pdf import render_pdf

# Seed 004: "Pembayaran dilakukan ke Bendahara Penerima Puslatbang PKASN LAN".
PAYEE = "Bendahara Penerima Puslatbang PKASN LAN"


def _letterhead(provider) -> dict:
    contacts = [part for part in (provider.telephone, provider.email, provider.website) if part]
    return {
        "issuer": provider.issuer,
        "issuer_unit": provider.name if provider.parent_agency else "",
        "issuer_address": provider.address,
        "issuer_contacts": " · ".join(contacts),
        "issued_place": provider.issue_place,
    }


def invoice_html(invoice: Invoice) -> str:
    """The invoice as HTML (A4 portrait): letterhead, number and date, the institution and the
    SPK, the fee as "N peserta x Rp 3.200.000 = Rp ..." with the amount in words, the payee and
    the due date. No bank account is invented: the SPK and the treasurer state it."""
    engagement = invoice.engagement
    agreement = getattr(engagement, "agreement", None)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            **_letterhead(invoice.provider),
            "invoice": invoice,
            "institution": engagement.institution.name,
            "service": engagement.service.name,
            "purpose": engagement.get_purpose_display(),
            "agreement_number": agreement.number if agreement else "",
            "issued": date_format(timezone.localtime(invoice.issued_at), "j F Y"),
            "due": date_format(invoice.due_on, "j F Y"),
            "fee": rupiah(invoice.fee_per_participant),
            "amount": rupiah(invoice.amount),
            "amount_words": f"{amount_in_words(invoice.amount)} rupiah",
            "payee": PAYEE,
            # The fee as the service's standard states it (seed 004: "Rp. 3.200.000,- per
            # Peserta"), not a copy of it.
            "fee_source": (
                _("Tarif sesuai laman layanan: %(fee)s") % {"fee": engagement.service.fee}
                if engagement.service.fee
                else ""
            ),
        }
        return render_to_string("assessments/pdf/invoice.html", context)


def invoice_pdf(invoice: Invoice) -> bytes:
    return render_pdf(invoice_html(invoice))


def invoice_store(*, invoice_id: int) -> bool:
    """Render and store the invoice's PDF unless it is stored already; returns whether it wrote
    one. The invoice's row stays locked meanwhile: a second run waits, then finds it stored."""
    with transaction.atomic():
        invoice = (
            Invoice.objects.select_for_update(of=("self",))
            .select_related(
                "provider",
                "engagement__institution",
                "engagement__service",
                "engagement__agreement",
            )
            .filter(pk=invoice_id)
            .first()
        )
        if invoice is None or pdf_stored(invoice.pdf):
            return False
        invoice.pdf.save(
            f"tagihan-{invoice.public_id}.pdf", ContentFile(invoice_pdf(invoice)), False
        )
        invoice.save(update_fields=["pdf"])
    return True


def report_html(report: Report, *, signer_name: str = "", signer_title: str = "") -> str:
    """A report written in the portal as HTML: letterhead, title, institution, purpose, the
    intake's date, the asesi (individual report), the body's paragraphs, the signature block."""
    engagement = report.engagement
    participant = report.participant
    paragraphs = [part.strip() for part in report.body.replace("\r\n", "\n").split("\n\n")]
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            **_letterhead(engagement.service.provider),
            "report": report,
            "institution": engagement.institution.name,
            "purpose": engagement.get_purpose_display(),
            "intake": date_format(engagement.intake_held_on, "j F Y")
            if engagement.intake_held_on
            else "",
            "participant": participant,
            "paragraphs": [part for part in paragraphs if part],
            "dated": date_format(timezone.localdate(), "j F Y"),
            "signer_name": signer_name,
            "signer_title": signer_title,
        }
        return render_to_string("assessments/pdf/report.html", context)


def report_pdf(report: Report, **signer) -> bytes:
    return render_pdf(report_html(report, **signer))
