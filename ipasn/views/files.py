"""The report's private files, streamed to whoever may read them: the Perangkat Daerah's
operators and the service's officials at BKPSDM. Never a public URL, never cached; the type
from the stored name (portal.uploads and ipasn.recap checked the content on the way in).

Who may open what: an operator of the report's Perangkat Daerah or an official of the
service (ipasn.workflow.may_view) opens the cover letter, the recap and the proof of the
upload to BKN; the Laporan Data IP-ASN reaches the Perangkat Daerah once it is signed, the
officials as soon as it is made. Anyone else signed in (an operator of another Perangkat
Daerah, an official of another provider, an outsider) gets 404, as for the other private
files of the portal: a guessed address tells nothing, not even that the report exists."""

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from ipasn import workflow
from ipasn.models import Report
from portal.downloads import file_response_secure

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# kind in the URL → (the Report's field, the file name's stem, only once signed for the PD)
KINDS = {
    "surat": ("cover_letter", "surat-pengantar", False),
    "rekapitulasi": ("recap_file", "rekapitulasi", False),
    "bukti-unggah": ("bkn_proof", "bukti-unggah-ip-asn", False),
    "laporan-xlsx": ("result_xlsx", "laporan-data-ip-asn", True),
    "laporan-pdf": ("result_pdf", "laporan-data-ip-asn", True),
}


def file_stream(field_file, filename_stem: str, *, download: bool = False):
    """The stored file as `<stem>.<extension>`; 404 when there is none (or it is gone)."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    extension = field_file.name.rsplit(".", 1)[-1].lower()
    response = FileResponse(
        handle,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
        # A spreadsheet is never shown in the browser; a PDF or image is, unless asked.
        as_attachment=download or extension not in {"pdf", "jpg", "png"},
        filename=f"{filename_stem}.{extension}",
    )
    response["Cache-Control"] = "private, no-store"
    return file_response_secure(response)


@require_GET
def report_file(request, public_id, kind):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if kind not in KINDS:
        raise Http404
    report = (
        Report.objects.select_related("service__provider", "institution")
        .filter(public_id=public_id)
        .first()
    )
    if report is None or not workflow.may_view(request.user, report):
        raise Http404
    field, stem, signed_only = KINDS[kind]
    if (
        signed_only
        and report.result_signed_at is None
        and not workflow.is_staff_for(request.user, report)
    ):
        raise Http404
    reference = (report.reference or f"draf-{report.year}").replace("/", "-").lower()
    return file_stream(
        getattr(report, field),
        f"{stem}-{reference}",
        download=request.GET.get("unduh") == "1",
    )
