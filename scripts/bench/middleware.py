"""Bench-only middleware (scripts.bench.settings): measures each request inside the server and
reports it in response headers, and serves the bare comparison view without any of the portal's
middleware.

Headers (read per page by scripts.bench.locustfile and aggregated in the report):

- X-Bench-Queries: database queries, on every alias, including the session's, auth's and every
  middleware's;
- X-Bench-CPU-ms: CPU time of the thread that handled the request (time.thread_time around the
  whole middleware stack and view), so the other threads of a gthread worker and other load on
  the machine do not count;
- X-Bench-DB-ms: wall time spent inside the database driver (connection.execute_wrapper): the
  round trips and PostgreSQL's own work, most of which is not this process's CPU;
- X-Bench-Template-ms: CPU time of the thread inside template rendering (the outermost
  Template.render of each render; includes the queries a template triggers lazily).
"""

import threading
import time

from django.db import connections
from django.template.base import Template

QUERIES_HEADER = "X-Bench-Queries"
CPU_HEADER = "X-Bench-CPU-ms"
DB_HEADER = "X-Bench-DB-ms"
TEMPLATE_HEADER = "X-Bench-Template-ms"
BARE_PATH = "/__bench__/bare/"

_local = threading.local()
_original_render = Template.render


def _timed_render(self, context):
    """Template.render, timing only the outermost call of a thread (includes nest)."""
    depth = getattr(_local, "depth", 0)
    if depth or not hasattr(_local, "template_s"):
        _local.depth = depth + 1
        try:
            return _original_render(self, context)
        finally:
            _local.depth = depth
    _local.depth = 1
    started = time.thread_time()
    try:
        return _original_render(self, context)
    finally:
        _local.template_s += time.thread_time() - started
        _local.depth = 0


Template.render = _timed_render  # bench settings only: this module is never loaded otherwise


class QueryCountMiddleware:
    """Outermost: counts every query made while the request is handled and times the request's
    CPU, its database calls and its template rendering."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0
        db_s = 0.0

        def counter(execute, sql, params, many, context):
            nonlocal count, db_s
            count += 1
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                db_s += time.perf_counter() - started

        _local.template_s = 0.0
        _local.depth = 0
        cpu_started = time.thread_time()
        wrappers = [connections[alias].execute_wrapper(counter) for alias in connections]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        cpu_s = time.thread_time() - cpu_started
        template_s = _local.template_s
        del _local.template_s
        response[QUERIES_HEADER] = str(count)
        response[CPU_HEADER] = f"{1000 * cpu_s:.3f}"
        response[DB_HEADER] = f"{1000 * db_s:.3f}"
        response[TEMPLATE_HEADER] = f"{1000 * template_s:.3f}"
        return response


class BareViewMiddleware:
    """Second from the outside: the bare view is answered here, so none of the portal's own
    middleware (sessions, auth, CSRF, CSP, language...) runs for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == BARE_PATH:
            from scripts.bench.views import bare_dashboard

            return bare_dashboard(request)
        return self.get_response(request)
