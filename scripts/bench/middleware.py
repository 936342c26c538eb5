"""Bench-only middleware (scripts.bench.settings): counts the database queries of each request
into the X-Bench-Queries response header and its thread's CPU time into X-Bench-Cpu-Ms, and
serves the bare comparison view without any of the portal's middleware."""

import time

from django.db import connections

QUERIES_HEADER = "X-Bench-Queries"
# CPU milliseconds of the thread that handled the request, from the outermost middleware in
# (gunicorn's own parsing and writing not included): one figure per request even when a
# gthread worker runs several at once, which the workers' process CPU cannot tell apart.
CPU_HEADER = "X-Bench-Cpu-Ms"
BARE_PATH = "/__bench__/bare/"


class QueryCountMiddleware:
    """Outermost: every query made while the request is handled, on every database alias,
    including those of the session, auth and other middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cpu_started = time.thread_time()
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        wrappers = [connections[alias].execute_wrapper(counter) for alias in connections]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response[QUERIES_HEADER] = str(count)
        response[CPU_HEADER] = f"{1000 * (time.thread_time() - cpu_started):.2f}"
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
