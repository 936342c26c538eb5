"""Views every audience of the engine shares: the permission-checked document file."""

from django.http import FileResponse, Http404
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods

from casework.selectors import document_for_viewer
from portal.downloads import file_response_secure

_CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}


@require_http_methods(["GET"])
@xframe_options_sameorigin  # staff view PDFs inline in an <iframe> on our own pages
def document_file(request, public_id):
    """Stream a case's private document to who may see the case; 404 for anyone else."""
    document = document_for_viewer(public_id=public_id, user=request.user)
    if document is None:
        raise Http404
    extension = document.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        document.file.open("rb"),
        content_type=_CONTENT_TYPES.get(document.kind, "application/octet-stream"),
        as_attachment=request.GET.get("unduh") == "1",
        filename=f"{document.requirement.code}-v{document.version}.{extension}",
    )
    response["Cache-Control"] = "private, no-store"
    return file_response_secure(response, framed_by_self=True)
