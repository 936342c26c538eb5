"""Where a page's server CPU goes: requests one page in-process through Django's WSGI handler (as
gunicorn calls it, with the bench settings: DEBUG off, the portal's whole middleware), n times as
one user, and prints the CPU milliseconds per request (time.process_time) and their split.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python -m scripts.bench.profile \\
        --path /dashboard/ --session <session key> -n 200 [--cprofile 30] [--json out.json]

The split comes from a second run of the same requests with light timers (two process_time
calls) around a few functions; the innermost running category owns each moment:

- sessions: loading and saving the session (with its cache and database reads and writes);
- orm: building, running and reading SQL queries and the model instances they return (the
  database driver included), wherever they are made from;
- template: the template engine (tags, filters, variable lookups, includes), without the
  queries and context processors it sets off;
- context_processors: the context processors (the portal's own, auth, i18n, messages...);
- cache: the other cache reads and writes (Redis), e.g. rate limits or cached fragments;
- view: the view's own code (forms, selectors' Python, building the context);
- middleware: the rest of the request: WSGI, the middleware stack, URL resolution, signals.

The timers cost a little themselves, so the split's total ("profiled") is a little above the
plain run's ("cpu_ms"). `cpu_split(path, session, n)` returns the split as {category: ms}
scaled to the plain run's total, plus "total". Needs the bench's settings (the default here)
and a seeded database (scripts.bench.seed); the bare view needs BENCH_BARE_USER (the NIP).
"""

import argparse
import cProfile
import functools
import io
import json
import os
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

CATEGORIES = (
    "middleware",
    "sessions",
    "orm",
    "template",
    "context_processors",
    "cache",
    "view",
)


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scripts.bench.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def _environ(path: str, session: str, csrf: str) -> dict:
    parts = urlsplit(path)
    cookies = [f"csrftoken={csrf}"]
    if session:
        cookies.append(f"sessionid={session}")
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": parts.path,
        "QUERY_STRING": parts.query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_USER_AGENT": "scripts.bench.profile",
        "HTTP_ACCEPT": "text/html,application/xhtml+xml",
        "HTTP_ACCEPT_ENCODING": "gzip, deflate",
        "HTTP_COOKIE": "; ".join(cookies),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


class _Requester:
    """Calls the WSGI application as a server would, and reads the whole body."""

    def __init__(self, path: str, session: str):
        from django.core.wsgi import get_wsgi_application
        from django.middleware.csrf import _get_new_csrf_string

        self.app = get_wsgi_application()
        self.base = _environ(path, session, _get_new_csrf_string())
        self.status = ""

    def __call__(self) -> int:
        environ = dict(self.base, **{"wsgi.input": io.BytesIO(b"")})

        def start_response(status, headers, exc_info=None):
            self.status = status

        result = self.app(environ, start_response)
        try:
            size = sum(len(chunk) for chunk in result)
        finally:
            if hasattr(result, "close"):
                result.close()
        return size


def _run(request, n: int) -> float:
    """CPU seconds of n requests."""
    start = time.process_time()
    for _ in range(n):
        request()
    return time.process_time() - start


class _Clock:
    """Exclusive CPU time per category: the innermost entered category owns the time."""

    def __init__(self):
        self.stack = ["middleware"]
        self.totals = defaultdict(float)
        self.last = time.process_time()

    def enter(self, category: str) -> None:
        now = time.process_time()
        self.totals[self.stack[-1]] += now - self.last
        self.stack.append(category)
        self.last = now

    def leave(self) -> None:
        now = time.process_time()
        self.totals[self.stack.pop()] += now - self.last
        self.last = now

    def wrap(self, function, category: str):
        @functools.wraps(function)
        def timed(*args, **kwargs):
            self.enter(category)
            try:
                return function(*args, **kwargs)
            finally:
                self.leave()

        timed.__wrapped_by_profile__ = True
        return timed


def _instrument(clock: _Clock) -> list:
    """Puts the timers in place; returns what undoes it."""
    from django.conf import settings
    from django.contrib import auth
    from django.core.cache import caches
    from django.core.handlers.base import BaseHandler
    from django.db.backends import utils as db_utils
    from django.db.models import query
    from django.db.models.sql import compiler
    from django.template import base, engines
    from django.utils.module_loading import import_string

    undo = []

    def patch(owner, name: str, category: str) -> None:
        original = owner.__dict__.get(name)
        if original is None or getattr(original, "__wrapped_by_profile__", False):
            return
        setattr(owner, name, clock.wrap(original, category))
        undo.append(lambda: setattr(owner, name, original))

    session_store = import_string(settings.SESSION_ENGINE + ".SessionStore")
    for klass in session_store.__mro__:
        for name in ("load", "save", "exists", "create", "delete", "cycle_key"):
            patch(klass, name, "sessions")
    from django.contrib.sessions.middleware import SessionMiddleware

    patch(SessionMiddleware, "process_response", "sessions")
    patch(auth, "get_user", "middleware")  # its user query counts as orm

    for klass in (
        compiler.SQLCompiler,
        compiler.SQLInsertCompiler,
        compiler.SQLUpdateCompiler,
        compiler.SQLDeleteCompiler,
    ):
        patch(klass, "execute_sql", "orm")
    patch(query.QuerySet, "_fetch_all", "orm")
    for name in ("execute", "executemany"):
        patch(db_utils.CursorWrapper, name, "orm")

    patch(base.Template, "render", "template")

    cache_class = type(caches["default"])
    for klass in cache_class.__mro__:
        for name in ("get", "set", "add", "get_many", "set_many", "incr", "delete", "touch"):
            patch(klass, name, "cache")

    engine = engines["django"].engine
    processors = engine.template_context_processors
    engine.__dict__["template_context_processors"] = tuple(
        clock.wrap(p, "context_processors") for p in processors
    )
    undo.append(lambda: engine.__dict__.__setitem__("template_context_processors", processors))

    original_atomic = BaseHandler.make_view_atomic

    def make_view_atomic(self, view):
        return clock.wrap(original_atomic(self, view), "view")

    BaseHandler.make_view_atomic = make_view_atomic
    undo.append(lambda: setattr(BaseHandler, "make_view_atomic", original_atomic))
    return undo


def measure(path: str, session: str = "", n: int = 200, warmup: int = 20) -> dict:
    """The plain CPU per request and the split: {"cpu_ms", "status", "bytes", "split": {...}}.
    The split's figures are those of the timed run (their sum is "profiled")."""
    _setup()
    request = _Requester(path, session)
    size = 0
    for _ in range(warmup):
        size = request()
    if request.status.startswith("5"):
        raise RuntimeError(f"{path} answers {request.status}: nothing to measure")
    plain = _run(request, n) / n * 1000
    clock = _Clock()
    undo = _instrument(clock)
    try:
        clock.totals.clear()
        clock.last = time.process_time()
        profiled = _run(request, n) / n * 1000
    finally:
        for step in reversed(undo):
            step()
    split = {c: round(clock.totals[c] / n * 1000, 3) for c in CATEGORIES}
    return {
        "path": path,
        "status": request.status,
        "bytes": size,
        "cpu_ms": round(plain, 3),
        "profiled_ms": round(profiled, 3),
        "split": split,
    }


def cpu_split(path: str, session: str = "", n: int = 200) -> dict:
    """{category: CPU ms per request} for the page, scaled so that the categories add up to the
    plain (untimed) run's CPU per request, which is "total"."""
    result = measure(path, session, n)
    profiled = sum(result["split"].values()) or 1.0
    scale = result["cpu_ms"] / profiled
    split = {c: round(ms * scale, 2) for c, ms in result["split"].items()}
    split["total"] = round(result["cpu_ms"], 2)
    return split


def _print(result: dict) -> None:
    print(
        f"{result['path']}: {result['status']}, {result['bytes']} bytes, "
        f"{result['cpu_ms']:.2f} ms of CPU per request "
        f"(with the split's timers {result['profiled_ms']:.2f} ms)"
    )
    total = sum(result["split"].values()) or 1.0
    for category, ms in sorted(result["split"].items(), key=lambda item: -item[1]):
        print(f"  {category:<20} {ms:7.2f} ms  {100 * ms / total:5.1f} %")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", required=True, help="the page, with its query string")
    parser.add_argument("--session", default="", help="a session key (sessionid cookie)")
    parser.add_argument("-n", type=int, default=200, help="requests to time")
    parser.add_argument(
        "--cprofile", type=int, default=0, metavar="LINES", help="also print cProfile's top lines"
    )
    parser.add_argument("--sort", default="tottime", help="cProfile's sort (tottime, cumtime)")
    parser.add_argument(
        "--json", type=Path, help="write cpu_split's result here as JSON instead of printing"
    )
    args = parser.parse_args()
    if args.json:
        # scripts.bench.run's cpu_split phase: one page per process, the split only.
        args.json.write_text(json.dumps(cpu_split(args.path, args.session, args.n)))
        return
    _print(measure(args.path, args.session, args.n))
    if args.cprofile:
        request = _Requester(args.path, args.session)
        request()
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        _run(request, args.n)
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats(args.sort).print_stats(args.cprofile)


if __name__ == "__main__":
    main()
