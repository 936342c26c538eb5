"""Streaming an engagement's private files (cover letter, SPK copies, invoice, proofs, reports)
to whoever the calling view let in: never a public URL, never cached, its type from the stored
name (portal.uploads checked the content on the way in)."""

from django.http import FileResponse, Http404

from portal.downloads import file_response_secure

CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


def file_stream(field_file, stem: str, *, download: bool = False, framed_by_self: bool = False):
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
        as_attachment=download,
        filename=f"{stem}.{extension}",
    )
    response["Cache-Control"] = "private, no-store"
    return file_response_secure(response, framed_by_self=framed_by_self)
