"""Caps on what one request may send, enforced before the body is read.

Three layers, each cheaper than the next one down:

1. ``RequestBodyLimitMiddleware`` refuses a request whose declared ``Content-Length`` is over
   ``PORTAL_MAX_REQUEST_BYTES`` with a 413, before anything reads the body: a 2 GB upload costs
   the server one header line, not 2 GB of disk or the time to receive it.
2. ``FileSizeLimitUploadHandler`` (first of ``FILE_UPLOAD_HANDLERS``) stops the multipart parser
   as soon as one file passes ``PORTAL_MAX_UPLOAD_FILE_BYTES``, so a single file is never spooled
   in full however large the body (the header can lie, or several small fields can carry one big
   file within the body cap).
3. Django's own ``DATA_UPLOAD_MAX_*`` settings bound the non-file fields.

A body over a limit raises ``RequestDataTooBig`` wherever it is found; ``bad_request`` (the
``handler400`` of ``portal.urls``) turns that into the same 413 answer as the middleware's.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import defaults

from portal.middleware import visitor_language

API_PREFIX = "/api/"


class UploadTooLarge(RequestDataTooBig):
    """One uploaded file is over ``PORTAL_MAX_UPLOAD_FILE_BYTES``."""


def too_large_response(request: HttpRequest) -> HttpResponse:
    """The 413 answer: JSON under /api/, else a page in the visitor's language."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse(
            {
                "error": "too_large",
                "detail": _("Isi permintaan terlalu besar untuk diterima."),
            },
            status=413,
            json_dumps_params={"ensure_ascii": False},
        )
    if not hasattr(request, "user"):
        # Refused before the session and authentication middleware ran: the page's header
        # shows the visitor as anonymous, which is harmless on an error page.
        request.user = AnonymousUser()
    return render(request, "413.html", status=413)


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # as Django reads it: an unreadable length means no body


class RequestBodyLimitMiddleware:
    """Refuse a request that announces a body over ``PORTAL_MAX_REQUEST_BYTES``, unread.

    Placed right after SecurityMiddleware: nothing before it touches the body, and the refusal
    does not need the session or the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _declared_length(request) > settings.PORTAL_MAX_REQUEST_BYTES:
            # The body stays unread; the WSGI server decides what becomes of the connection.
            with translation.override(visitor_language(request)):
                return too_large_response(request)
        return self.get_response(request)


class FileSizeLimitUploadHandler(FileUploadHandler):
    """Stop reading the body as soon as one file passes ``PORTAL_MAX_UPLOAD_FILE_BYTES``.

    Stores nothing itself; the next handlers (memory, temporary file) keep the data. The limit
    is above every per-file limit of the upload checks (``portal.uploads``), so a file only a
    little too big still reaches the form and is refused there in its own words."""

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > settings.PORTAL_MAX_UPLOAD_FILE_BYTES:
            # The parser closes only finished files when it fails: the next handlers' partial
            # file (a temporary file on disk) is closed and removed here.
            for handler in self.request.upload_handlers:
                if handler is not self:
                    handler.upload_interrupted()
            raise UploadTooLarge(
                f"Uploaded file {self.file_name!r} exceeds PORTAL_MAX_UPLOAD_FILE_BYTES."
            )
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler returns the file


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler400``: a body over a limit is a 413, anything else Django's own 400."""
    if isinstance(exception, RequestDataTooBig):
        return too_large_response(request)
    return defaults.bad_request(request, exception)
