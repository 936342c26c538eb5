"""The PDF of the Surat Keterangan Hasil Uji Kompetensi of an engine's case (seed 002, product
2): rendered with WeasyPrint from templates/casework/products/pdf/skh.html, signed
(portal.signing) and stored once by `issued_document_store`, which casework.tasks
wraps: a later template never changes a stored PDF, and a second run finds it stored.

The template uses tables, not flexbox (WeasyPrint is slow on flexbox), and fetches nothing."""

import logging
import threading
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format

from casework.models import IssuedDocument
from portal.providers import signing_title
from portal.signing import pdf_sign

logger = logging.getLogger(__name__)

# A PDF still missing this long after its issuance was lost (worker killed, broker down).
STALE_AFTER = timedelta(minutes=10)
REDRIVE_BATCH = 500

_rendering = threading.local()


def _long_date(value: date | None) -> str:
    return date_format(value, "j F Y") if value else ""


def _local_date(moment) -> date | None:
    return timezone.localdate(moment) if moment else None


def _person_name(user) -> str:
    if user is None:
        return ""
    profile = getattr(user, "profile", None)
    return getattr(profile, "full_name", "") or user.get_full_name() or user.username


def _font_config():
    """One WeasyPrint font configuration per thread (see certificates.documents: a new one per
    document loads every system font again and leaks native memory)."""
    from weasyprint.text.fonts import FontConfiguration

    if not hasattr(_rendering, "font_config"):
        _rendering.font_config = FontConfiguration()
    return _rendering.font_config


def _pdf(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Only data URIs: the template never reaches the network or the disk.
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return HTML(string=html, url_fetcher=fetcher).write_pdf(font_config=_font_config())


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
            "official_name": _person_name(document.signed_by),
            "official_nip": getattr(document.signed_by, "nip", "") or "",
        }
        return render_to_string("casework/products/pdf/skh.html", context)


def skh_pdf(document: IssuedDocument) -> bytes:
    """The Surat Keterangan Hasil as an unsigned PDF (portal.signing signs it)."""
    return _pdf(skh_html(document))


def _stored(field_file: FieldFile) -> bool:
    return bool(field_file) and field_file.storage.exists(field_file.name)


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
        if _stored(document.pdf):
            return False
        pdf = pdf_sign(
            skh_pdf(document),
            reason=f"Surat Keterangan Hasil Uji Kompetensi {document.number}",
            name=_person_name(document.signed_by) or None,
        )
        name = f"surat-keterangan-hasil-{document.number.replace('/', '-')}.pdf"
        document.pdf.save(name, ContentFile(pdf), save=False)
        document.save(update_fields=["pdf"])
    return True


def issued_documents_redrive(*, now=None) -> int:
    """Queue again every issued document whose PDF is still missing after STALE_AFTER (a
    killed worker, an unreachable broker, a missing signing key). Returns how many."""
    from casework import tasks

    cutoff = (now or timezone.now()) - STALE_AFTER
    pending = list(
        IssuedDocument.objects.filter(pdf="", issued_at__lt=cutoff)
        .order_by("issued_at", "pk")
        .values_list("pk", flat=True)[:REDRIVE_BATCH]
    )
    for pk in pending:
        tasks.render_issued_document.delay(pk)
    if pending:
        logger.warning("Re-driving %s issued documents without a PDF", len(pending))
    return len(pending)
