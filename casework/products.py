"""The PDF of the Surat Keterangan Hasil Uji Kompetensi of an engine's case (seed 002, product
2): rendered with WeasyPrint from templates/casework/products/pdf/skh.html, signed
(portal.signing) and stored once by `issued_document_store`, which casework.tasks
wraps: a later template never changes a stored PDF, and a second run finds it stored.

The template uses tables, not flexbox (WeasyPrint is slow on flexbox), and fetches nothing."""

from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format

from casework.models import IssuedDocument
from casework.pdf import REDRIVE_BATCH, STALE_AFTER, pdf_stored, signer_name
from portal.pdf import render_pdf
from portal.providers import signing_title
from portal.signing import pdf_sign


def _long_date(value: date | None) -> str:
    return date_format(value, "j F Y") if value else ""


def _local_date(moment) -> date | None:
    return timezone.localdate(moment) if moment else None


def skh_html(document: IssuedDocument) -> str:
    """The Surat Keterangan Hasil as HTML (A4 portrait): the participant, their NIP, the
    scheme, the LSP, the exam date, the result and the LSP certificate's number."""
    case = document.case
    provider = case.service.provider
    session = case.exam_session
    assessment = getattr(case, "assessment", None)
    product = getattr(case, "external_product", None)
    institution = case.proposal.institution.name if case.proposal_id else ""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "document": document,
            "issuer": provider.issuer,
            "issuer_unit": provider.name if provider.parent_agency else "",
            "issuer_address": provider.address,
            "service": case.service.name,
            "name": case.name,
            "nip": case.nip,
            "rank": str(case.rank),
            "position": case.position,
            "work_unit": ", ".join(part for part in (case.work_unit, institution) if part),
            "scheme": (product.scheme if product else "")
            or (session.scheme if session else "")
            or case.scheme,
            "organiser": (product.issuer if product else "")
            or (session.organiser if session else ""),
            "exam_date": _long_date(_local_date(session.starts_at)) if session else "",
            "exam_place": session.place if session else "",
            "outcome": assessment.get_outcome_display() if assessment else "",
            "certificate_number": product.number if product else "",
            "certificate_valid_until": _long_date(product.valid_until) if product else "",
            "issued": ", ".join(
                part
                for part in (provider.issue_place, _long_date(_local_date(document.issued_at)))
                if part
            ),
            "official_title": signing_title(provider=provider, signer=document.signed_by),
            "official_name": signer_name(document.signed_by),
            "official_nip": getattr(document.signed_by, "nip", "") or "",
        }
        return render_to_string("casework/products/pdf/skh.html", context)


def skh_pdf(document: IssuedDocument) -> bytes:
    """The Surat Keterangan Hasil as an unsigned PDF (portal.signing signs it)."""
    return render_pdf(skh_html(document))


def issued_document_store(*, document_id: int) -> bool:
    """Render, sign and store the issued document's PDF, unless it is stored already. Returns
    whether it wrote one. The row stays locked meanwhile: a second run waits, then finds the
    PDF stored."""
    with transaction.atomic():
        document = (
            IssuedDocument.objects.select_for_update(of=("self",))
            .select_related(
                "case__service__provider",
                "case__exam_session",
                "case__assessment",
                "case__external_product",
                "case__proposal__institution",
                "case__rank",
                "signed_by",
            )
            .filter(pk=document_id, issued_at__isnull=False)
            .first()
        )
        if document is None:
            return False
        if pdf_stored(document.pdf):
            return False
        pdf = pdf_sign(
            skh_pdf(document),
            reason=f"Surat Keterangan Hasil Uji Kompetensi {document.number}",
            name=signer_name(document.signed_by) or None,
        )
        name = f"surat-keterangan-hasil-{document.number.replace('/', '-')}.pdf"
        document.pdf.save(name, ContentFile(pdf), save=False)
        document.save(update_fields=["pdf"])
    return True


def issued_documents_pending(*, now=None) -> list[int]:
    """The issued documents still without their PDF after STALE_AFTER (a killed worker, an
    unreachable broker, a missing signing key): what the re-drive queues again."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    return list(
        IssuedDocument.objects.filter(pdf="", issued_at__lt=cutoff)
        .order_by("issued_at", "pk")
        .values_list("pk", flat=True)[:REDRIVE_BATCH]
    )
