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
``handler400`` of ``config.urls``) turns that into the same 413 answer as the middleware's, and
any other bad request into the Indonesian 400 page (JSON under /api/).

``NulByteMiddleware`` refuses a NUL byte in the query string or in a form field with that 400.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

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


def bad_request_response(request: HttpRequest, detail: str = "") -> HttpResponse:
    """The 400 answer: JSON under /api/, else the page (standalone: it needs no user, session
    or database), saying `detail` when the portal knows what was wrong."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse(
            {"error": "bad_request", "detail": detail or _("Permintaan tidak dapat diproses.")},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    return render(request, "400.html", {"detail": detail}, status=400)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler400``: a body over a limit is a 413, anything else (a Host header that is not
    ours, a malformed body, too many fields) the 400 answer."""
    if isinstance(exception, RequestDataTooBig):
        return too_large_response(request)
    return bad_request_response(request)


def _holds_nul(data: QueryDict) -> bool:
    return any(
        "\x00" in name or any("\x00" in value for value in values) for name, values in data.lists()
    )


class NulByteMiddleware:
    """Refuse a NUL byte in the query string or in a form field with a 400 that says so.

    No text the portal keeps or looks up may hold one: PostgreSQL refuses NUL in a query, so a
    view or a form field that passed one on to the database answered 500 (SQLite let it through).
    No person types one; it comes from a crafted address or, rarely, from pasted text. One check
    here instead of one in every view.

    The query string is checked before anything else reads it. Form fields are checked in
    process_view, after CsrfViewMiddleware has parsed them anyway (place this after it); views
    exempt from CSRF (the JSON APIs) read their raw body and are left to check it themselves.
    File names are not fields: the upload checks replace them. A NUL in the path is the URL
    pattern's business (the certificate check answers "unknown")."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _holds_nul(request.GET):
            return _nul_refused(request)
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        if request.method != "POST" or getattr(view, "csrf_exempt", False):
            return None
        if _holds_nul(request.POST):
            return _nul_refused(request)
        return None


def _nul_refused(request: HttpRequest) -> HttpResponse:
    return bad_request_response(
        request,
        _(
            "Alamat atau isian yang dikirim memuat karakter NUL, karakter tak terlihat yang "
            "biasanya terbawa saat menyalin teks, dan tidak dapat kami proses. Tidak ada yang "
            "tersimpan. Kembali ke halaman sebelumnya, ketik ulang bagian yang disalin, lalu "
            "kirim lagi."
        ),
    )
