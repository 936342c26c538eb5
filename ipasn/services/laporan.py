"""A Perangkat Daerah's Laporan Data IP-ASN (seed 003, procedure item 4): the processing unit
makes it (the XLSX), the Kabid signs it (the PDF, rendered at that moment and signed with the
provider's key under the Kabid's name), and it goes to the Kepala BKPSDM and the Perangkat
Daerah.

Both functions are called by ipasn.services.reports inside its transaction, on the report it
has locked and checked (report_laporan_make, report_laporan_sign): they write the files and
the event and leave the route to the caller. An unsigned PDF is never stored: what the
Perangkat Daerah and the Kepala receive is the signed one only; a failed signature (no key
installed) rolls the whole step back with a clear message."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.exceptions import CaseError
from casework.pdf import signer_name
from ipasn import documents
from ipasn.models import Report
from portal.constants import Role
from portal.events import event_record
from portal.signing import SigningKeyMissing


def _replace(field_file, name: str, content: bytes) -> None:
    """Store `content` in the field (not saved yet); the file it held goes once committed."""
    old = field_file.name
    field_file.save(name, ContentFile(content), save=False)
    if old:
        storage = field_file.storage
        transaction.on_commit(lambda: storage.delete(old))


def _file_name(report: Report, extension: str) -> str:
    return f"laporan-data-ip-asn-{report.year}-{report.public_id}.{extension}"


def laporan_render(report: Report) -> Report:
    """Write the laporan's XLSX on the (locked) report and record it."""
    laporan = documents.report_laporan(report)
    _replace(report.result_xlsx, _file_name(report, "xlsx"), documents.laporan_xlsx(laporan))
    report.save(update_fields=["result_xlsx"])
    event_record(
        subject=report,
        kind="laporan",
        note=_("%(n)d pegawai") % {"n": laporan.total},
    )
    return report


def laporan_sign(report: Report, actor) -> Report:
    """Render the laporan's PDF with the signer's name, title and date, sign it (PAdES, the
    provider's key) and store it with who signed it and when; record the signature."""
    from portal.signing import pdf_sign

    provider = report.service.provider
    now = timezone.now()
    laporan = documents.report_laporan(report)
    laporan.signer_name = signer_name(actor)
    laporan.signer_title = documents.signer_title(
        provider=provider, actor=actor, roles=[Role.DIVISION_HEAD], service=report.service
    )
    laporan.signed_on = timezone.localdate(now)
    reason = f"{documents.TITLE} {report.institution.name} {report.year}"
    if report.reference:
        reason += f" ({report.reference})"
    try:
        signed = pdf_sign(
            documents.laporan_pdf(laporan), reason=reason, name=laporan.signer_name or None
        )
    except SigningKeyMissing as exc:
        raise CaseError(
            _(
                "Kunci tanda tangan elektronik belum dipasang di portal, sehingga laporan belum "
                "dapat ditandatangani. Hubungi administrator portal."
            )
        ) from exc
    _replace(report.result_pdf, _file_name(report, "pdf"), signed)
    report.result_signed_at = now
    report.result_signed_by = actor
    report.save(update_fields=["result_pdf", "result_signed_at", "result_signed_by"])
    event_record(subject=report, kind="signed", actor=actor, note=laporan.signer_title)
    return report
