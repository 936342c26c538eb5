"""The cooperation agreement (Surat Perjanjian Kerja Sama, SPK) as a PDF: rendered with
WeasyPrint (casework.pdf.render_pdf) from templates/assessments/pdf/agreement.html, A4, tables
only, nothing fetched. assessments.services.agreements stores the draft when LAN confirms the
terms and signs a fresh rendering when LAN signs in the portal."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assessments import rules
from assessments.constants import Purpose
from portal.deadlines import Unit
from portal.numbers import amount_in_words, number_in_words
from portal.pdf import render_pdf


def report_terms(agreement) -> list[str]:
    """The report limits the SPK prints for its purpose: the seed's, or the agreed date."""
    engagement = agreement.engagement
    if agreement.purpose == Purpose.MAPPING and agreement.agreed_report_due_on:
        return [
            _(
                "Laporan Pemetaan Jabatan diserahkan paling lambat tanggal %(day)s sesuai "
                "kesepakatan bersama."
            )
            % {"day": date_format(agreement.agreed_report_due_on, "j F Y")}
        ]
    lines = []
    limits = engagement.service.report_limits.filter(purpose=agreement.purpose).order_by("order")
    for row in limits:
        limit = row.time_limit()
        if limit is None:
            continue
        lines.append(
            _("%(report)s diserahkan paling lambat %(limit)s")
            % {"report": row.get_kind_display(), "limit": limit.describe()}
        )
    return lines


def _day(value) -> str:
    return date_format(value, "l, j F Y") if value else ""


def agreement_html(agreement, *, signed_in_portal: bool = False) -> str:
    engagement = agreement.engagement
    service = engagement.service
    provider = service.provider
    institution = engagement.institution
    lead = rules.agreement_lead(service)
    total = rules.fee_total(agreement.fee_per_participant, agreement.participant_count)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "agreement": agreement,
            "engagement": engagement,
            "institution": institution,
            "provider": provider,
            "issuer": provider.issuer,
            "purpose": agreement.get_purpose_display(),
            "mode": agreement.get_mode_display(),
            "starts_on": _day(agreement.starts_on),
            "ends_on": _day(agreement.ends_on),
            "payment_due_on": _day(agreement.payment_due_on),
            "participants_words": amount_in_words(agreement.participant_count),
            "fee": rules.rupiah(agreement.fee_per_participant),
            "fee_words": _("%(words)s rupiah")
            % {"words": amount_in_words(agreement.fee_per_participant)},
            "total": rules.rupiah(total),
            "total_words": _("%(words)s rupiah") % {"words": amount_in_words(total)},
            "reports": report_terms(agreement),
            "lead": lead.amount,
            "lead_words": number_in_words(lead.amount),
            "lead_working": lead.unit == Unit.WORKING_DAYS,
            "latest_signing_on": _day(rules.latest_signing_on(agreement.starts_on, lead)),
            "first_signed_on": (
                date_format(agreement.first_party_signed_at, "j F Y")
                if agreement.first_party_signed_at
                else ""
            ),
            "signed_in_portal": signed_in_portal,
        }
        return render_to_string("assessments/pdf/agreement.html", context)


def agreement_pdf(agreement, *, signed_in_portal: bool = False) -> bytes:
    """The SPK as an unsigned PDF (portal.signing signs LAN's copy when signed in the portal)."""
    return render_pdf(agreement_html(agreement, signed_in_portal=signed_in_portal))
