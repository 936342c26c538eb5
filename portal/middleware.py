"""Middleware of the portal: the visitor's language, load shedding under overload, and the
"service unavailable" page while the database cannot be reached."""

import contextlib
import logging
import sys
import threading

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import MiddlewareNotUsed
from django.core.signals import got_request_exception, request_finished
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.providers import page_without_database

logger = logging.getLogger(__name__)


def visitor_language(request) -> str:
    """The language the visitor chose with the switch (its cookie), else Indonesian."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _language_activate(request) -> None:
    translation.activate(visitor_language(request))
    request.LANGUAGE_CODE = translation.get_language()
    # The portal's one time zone (TIME_ZONE, WIB), made the thread's current one for the
    # request: the same answers, but Django finds an active zone in one step instead of looking
    # through the thread's locals and falling back to the default on every date shown (a queue
    # page shows a hundred).
    timezone.activate(timezone.get_default_timezone())


class LanguageMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but the browser's Accept-Language is ignored: many
    Indonesian civil servants use browsers set to English, and the portal speaks Indonesian
    until they pick English themselves (the choice is kept in the language cookie).

    The language (and the portal's time zone) lasts the request: once the response is sent,
    the thread is back to the default (`_language_forget`)."""

    def process_request(self, request):
        _language_activate(request)


@receiver(request_finished, dispatch_uid="portal.middleware.language_forget")
def _language_forget(**kwargs):
    """The end of every request (the server closing its response): the thread forgets the
    visitor's language, as Django's own handling of a request does not: whatever the thread
    does next outside a request (a test after a page in English, a task run eagerly) would
    still speak English. Not in process_response: a streamed response translates while it is
    sent, and the 503 page (DatabaseUnavailableMiddleware, outside this one) is rendered after
    it."""
    translation.deactivate()
    timezone.deactivate()


# --- Overload: a bounded number of requests in flight per process ------------------------------


class LoadSheddingMiddleware:
    """At most PORTAL_MAX_CONCURRENT_REQUESTS requests of this process run at once. A request
    beyond that waits up to PORTAL_QUEUE_WAIT_SECONDS for a slot, then gets the 429 "portal is
    busy" page with Retry-After: a quick, cheap answer instead of a long queue, a timeout at the
    load balancer or a database that runs out of connections (each thread holds one).

    Shedding needs a thread that is free to answer, so the limit is meant to be lower than the
    gunicorn threads (settings derive it that way); 0 turns it off."""

    def __init__(self, get_response):
        self.get_response = get_response
        limit = settings.PORTAL_MAX_CONCURRENT_REQUESTS
        if not limit:
            raise MiddlewareNotUsed
        self.slots = threading.BoundedSemaphore(limit)
        self.wait = settings.PORTAL_QUEUE_WAIT_SECONDS
        self.retry_after = settings.PORTAL_BUSY_RETRY_AFTER
        # Never shed: the load balancer's health check, and static files (WhiteNoise, earlier
        # in MIDDLEWARE, answers those before this middleware is reached anyway).
        self.exempt = ("/healthz", settings.STATIC_URL)

    def __call__(self, request):
        if request.path_info.startswith(self.exempt):
            return self.get_response(request)
        if not self.slots.acquire(timeout=self.wait):
            logger.warning("Busy: %s %s shed with 429", request.method, request.path_info)
            return self.busy_response(request)
        try:
            return self.get_response(request)
        finally:
            self.slots.release()

    def busy_response(self, request) -> HttpResponse:
        # The shed request never reaches the session (no database work): the page is the one
        # a visitor sees, in the language of the visitor's cookie.
        _language_activate(request)
        request.user = AnonymousUser()
        page_without_database(request)
        response = render(
            request,
            "429.html",
            {"retry_after": self.retry_after, "busy": True},
            status=429,
        )
        response["Retry-After"] = str(self.retry_after)
        response._has_been_logged = True  # logged above as "Busy"
        return response


# --- Database outage: the 503 page, and a fresh connection for the next request ----------------

# SQLSTATEs of a connection that failed or was ended by the server: connection_exception (08xxx),
# admin_shutdown, crash_shutdown, cannot_connect_now (a restart), too_many_connections.
_CONNECTION_SQLSTATES = ("08", "57P01", "57P02", "57P03", "53300")


def database_connection_error(exc: BaseException | None) -> bool:
    """Whether exc means the database could not be reached or the connection was lost, as
    opposed to an error in a query (a programming error, a deadlock, a lock timeout), which
    must stay a 500 that somebody looks at."""
    if not isinstance(exc, OperationalError | InterfaceError):
        return False
    cause = exc.__cause__
    # Only PostgreSQL's drivers (psycopg 2 and 3): SQLite's OperationalError also means
    # "no such table" and its InterfaceError a wrong parameter.
    if cause is None or not type(cause).__module__.startswith("psycopg"):
        return False
    if isinstance(exc, InterfaceError):
        return True  # "connection already closed": the server went away under a connection
    code = getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)
    # No SQLSTATE: the client library failed (refused, reset, timed out), not a query.
    return code is None or code.startswith(_CONNECTION_SQLSTATES)


def _connections_close() -> None:
    """Drop this thread's connections: the next request opens a fresh one (the broken one would
    otherwise fail again until Django's end-of-request check notices)."""
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(DatabaseError):
            connection.close()


def database_unavailable_response() -> HttpResponse:
    """The standalone 503 page (no base.html, no request context, no database)."""
    retry_after = settings.PORTAL_DB_RETRY_AFTER
    response = HttpResponse(
        render_to_string("503.html", {"retry_after": retry_after}),
        status=503,
    )
    response["Retry-After"] = str(retry_after)
    return response


_FAILED_ATTRIBUTE = "_portal_database_unreachable"


@receiver(got_request_exception, dispatch_uid="portal.middleware.database_error_mark")
def _database_error_mark(sender, request=None, **kwargs):
    """An exception Django turns into a 500 outside the view (in a middleware, such as the
    session being read or saved): mark the request so DatabaseUnavailableMiddleware can
    replace that 500 with the 503 page."""
    if request is not None and database_connection_error(sys.exc_info()[1]):
        setattr(request, _FAILED_ATTRIBUTE, True)


class DatabaseUnavailableMiddleware:
    """While PostgreSQL cannot be reached (restart, failover, network), answer the 503 page
    with Retry-After instead of a 500, and close the broken connection so the first request
    after the outage reconnects; the web process needs no restart. /healthz answers its own
    JSON 503. Errors in queries are not touched (see database_connection_error)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, _FAILED_ATTRIBUTE, False):
            return self._unavailable(request)
        return response

    def process_exception(self, request, exception):
        if database_connection_error(exception):
            return self._unavailable(request, exception)
        return None

    def _unavailable(self, request, exception=None) -> HttpResponse:
        logger.warning(
            "Database unreachable: %s %s answered 503 (%s)",
            request.method,
            request.path_info,
            f"{type(exception).__name__}: {exception}".strip() if exception else "in middleware",
        )
        _connections_close()
        response = database_unavailable_response()
        response._has_been_logged = True  # the warning above says it; not one ERROR per request
        return response
