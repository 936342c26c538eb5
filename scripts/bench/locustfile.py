"""Locust journeys of `make bench`, one class per role of scripts.bench.journey; run headless by
scripts.bench.run.

Logging in: the seed writes a Django session row per sample user (scripts.bench.seed) and each
simulated user starts with that session cookie, so no request goes through allauth's login,
whose password hashing and rate limits would otherwise be what the bench measures. POSTs carry a
fixed CSRF token, sent both as the csrftoken cookie and as the form field, as a browser does.

Comparable runs: every simulated user draws its steps and samples from its own random.Random,
seeded from BENCH_LOCUST_SEED and the user's number within its role, so a second run makes the
same choices in the same order (locust's own task picking is not used).

Every request is recorded by `_record` (latency, expected status or not, and the headers the
bench middleware sets: queries, the request's CPU, database and template milliseconds in the
server, except for requests shed with 429) and written as JSON to BENCH_LOCUST_OUT when locust
stops.

Environment: BENCH_SAMPLES (the seed's JSON), BENCH_LOCUST_OUT, BENCH_MODE ("mixed" or "page"),
BENCH_PAGE (for "page": one of PAGES), BENCH_USER_RATE (requests per second per simulated user;
0 = as fast as answers come), BENCH_USERS_<ROLE> (users per role in "mixed"),
BENCH_LOCUST_SEED (default scripts.bench.journey's).
"""

# ruff: noqa: S311 - random picks which sample a simulated user takes; nothing secret

import io
import itertools
import json
import os
import random
import secrets
import sys
import time
from collections import defaultdict
from http.cookiejar import Cookie

import gevent
from locust import FastHttpUser, constant, events, task

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from scripts.bench.journey import ROLES

SAMPLES = json.loads(open(os.environ["BENCH_SAMPLES"]).read())  # noqa: SIM115
MODE = os.environ.get("BENCH_MODE", "mixed")
RATE = float(os.environ.get("BENCH_USER_RATE", "0"))
SEED = int(os.environ.get("BENCH_LOCUST_SEED", "20261205"))
# Fixed, like every other choice: an unmasked CSRF secret (32 characters) Django accepts.
CSRF = random.Random(SEED).getrandbits(128).to_bytes(16, "big").hex()
# gunicorn closes a kept-alive connection idle this long (its default --keep-alive, which the
# Dockerfile keeps). A POST sent on it just as it closes fails in the client before the portal
# sees it, and an HTTP client retries only idempotent requests (RFC 9110, 9.2.2; browsers
# resend on a reused connection that failed before any answer): a POST after such an idle
# time goes on a new connection instead.
SERVER_KEEPALIVE_SECONDS = 2.0
KEEPALIVE_MARGIN_SECONDS = 0.5
HEADERS = {
    "queries": "X-Bench-Queries",
    "cpu_ms": "X-Bench-CPU-ms",
    "db_ms": "X-Bench-DB-ms",
    "template_ms": "X-Bench-Template-ms",
}

BARE_USER = next(c for c in SAMPLES["candidates"] if c["nip"] == SAMPLES["bare_user"])


def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = _pdf()

_records: dict[str, dict] = defaultdict(
    lambda: {
        "latencies_ms": [],
        "errors": 0,
        "statuses": defaultdict(int),
        **{key: [] for key in HEADERS},
    }
)


@events.request.add_listener
def _record(name, response_time, exception, response=None, **_kwargs):
    record = _records[name]
    record["latencies_ms"].append(round(response_time, 2))
    if exception is not None:
        record["errors"] += 1
    status = getattr(response, "status_code", 0) or 0
    record["statuses"][str(status)] += 1
    headers = getattr(response, "headers", None) or {}
    if status == 429:
        # Shed before the view ran: its few milliseconds are counted in the run's totals
        # (the workers' CPU), not in the page's figures, which describe a served page.
        headers = {}
    for key, header in HEADERS.items():
        value = headers.get(header)
        if value is not None:
            record[key].append(float(value) if "." in value else int(value))


@events.quitting.add_listener
def _write(environment, **_kwargs):
    out = os.environ.get("BENCH_LOCUST_OUT")
    if out:
        with open(out, "w") as handle:
            json.dump(_records, handle)


def _poisson_wait(user) -> float:
    """The wait before the user's next request when users arrive as independent visitors do: each
    user's requests start at the points of a Poisson process of rate RATE (exponential gaps from
    the user's own seeded generator, kept whatever the answers' times), so the requests of all
    users together form one Poisson stream of users x RATE per second. locust's
    constant_throughput kept every user on the phase it was spawned with, and all are spawned at
    once: the whole journey then arrived as one burst per period (57 requests within a few
    milliseconds every 1.1 s), and the burst's queue, not the pages, made the latencies."""
    now = time.monotonic()
    if user.next_start is None:
        user.next_start = now
    user.next_start = max(user.next_start + user.arrivals.expovariate(RATE), now)
    return user.next_start - now


def _wait():
    return _poisson_wait if RATE > 0 else constant(0)


def _cookie(name: str, value: str) -> Cookie:
    return Cookie(
        0, name, value, None, False, "127.0.0.1", False, False, "/", True, False, None, False,
        None, None, {},
    )  # fmt: skip


def _users(role: str) -> int:
    return int(os.environ.get(f"BENCH_USERS_{role}", "0"))


class PortalUser(FastHttpUser):
    abstract = True
    wait_time = _wait()
    session_key = ""
    role = ""
    _numbers: itertools.count

    def on_start(self):
        # The user's own generator: its number within its role (users start in order).
        number = next(type(self)._numbers)
        self.rng = random.Random(f"{SEED}:{self.role}:{number}")
        # The request times come from a generator of their own, so the journey's choices stay
        # the same whatever the timing.
        self.arrivals = random.Random(f"{SEED}:{self.role}:{number}:arrivals")
        self.next_start = None
        self.last_answer = 0.0  # time.monotonic() of the last answer, for the keep-alive
        if RATE > 0:
            # The first request too at a point of the user's process, not all at the start.
            gevent.sleep(self.arrivals.expovariate(RATE))
        self.client.cookiejar.set_cookie(_cookie("csrftoken", CSRF))
        if self.role:
            self.session_key = ROLES[self.role].start_session(SAMPLES, self.rng)
        self._as(self.session_key)

    def _as(self, session_key: str) -> None:
        if session_key:
            self.client.cookiejar.set_cookie(_cookie("sessionid", session_key))
        else:
            self.client.cookiejar.clear()
            self.client.cookiejar.set_cookie(_cookie("csrftoken", CSRF))

    def _check(self, r, expect: int) -> None:
        self.last_answer = time.monotonic()
        if r.status_code != expect:
            # 0: no answer at all; the client's error says why (a refused or reset connection).
            error = f" ({r.error!r})" if r.status_code == 0 and r.error else ""
            r.failure(f"{r.status_code} instead of {expect}{error}")

    def get(self, url: str, name: str, expect: int = 200):
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as r:
            self._check(r, expect)

    def post(self, url: str, name: str, body: bytes, content_type: str, expect: int = 302):
        headers = {"Content-Type": content_type, "Referer": f"http://127.0.0.1{url}"}
        idle = time.monotonic() - self.last_answer
        if idle > SERVER_KEEPALIVE_SECONDS - KEEPALIVE_MARGIN_SECONDS:
            self.client.client.close()  # the pooled connection may be closing: a new one
        with self.client.post(
            url, data=body, headers=headers, name=name, catch_response=True, allow_redirects=False
        ) as r:
            self._check(r, expect)

    def step(self):
        """One step of the role's journey, drawn by weight from the user's own generator."""
        steps = ROLES[self.role].steps
        chosen = self.rng.choices(steps, weights=[s.weight for s in steps])[0]
        self._as(chosen.session(SAMPLES, self.rng) if chosen.session else self.session_key)
        path = chosen.path(SAMPLES, self.rng)
        if chosen.method == "GET":
            self.get(path, chosen.name, chosen.expect)
        else:
            body, content_type = POST_BODIES[chosen.name]()
            self.post(path, chosen.name, body, content_type, chosen.expect)


def _complaint_body() -> tuple[bytes, str]:
    fields = {
        "csrfmiddlewaretoken": CSRF,
        "kind": "informasi",
        "subject": "Jadwal uji kompetensi berikutnya",
        "description": "Kapan jadwal uji kompetensi jenjang ahli muda dibuka kembali?",
        "reporter_name": "Pengunjung Bench",
        "reporter_email": "pengunjung@contoh.id",
    }
    return _multipart(fields, {})


def _upload_body() -> tuple[bytes, str]:
    return _multipart({"csrfmiddlewaretoken": CSRF}, {"file": ("sk.pdf", PDF)})


# The bodies of the journey's POST steps, by step name.
POST_BODIES = {"complaint_submit": _complaint_body, "upload": _upload_body}


# --- the mixed journey: one class per role of scripts.bench.journey ----------------------------

_ROLE_CLASSES = [
    type(
        f"Role{role.title()}",
        (PortalUser,),
        {
            "__doc__": spec.doc,
            "role": role,
            "fixed_count": _users(role),
            "_numbers": itertools.count(),
            "tasks": [PortalUser.step],
        },
    )
    for role, spec in ROLES.items()
]
globals().update({cls.__name__: cls for cls in _ROLE_CLASSES})


# --- one page at a time ------------------------------------------------------------------------

PAGES = {
    "dashboard": ("/dashboard/", BARE_USER["session"]),
    "bare_dashboard": ("/__bench__/bare/", ""),
    "queue_page_1": ("/verifikasi/?status=semua", SAMPLES["verifiers"][0]),
    "queue_page_1000": ("/verifikasi/?status=semua&halaman=1000", SAMPLES["verifiers"][0]),
    "claims_list": ("/verifikasi/klaim/", SAMPLES["verifiers"][0]),
    "home": ("/", ""),
}


class OnePage(PortalUser):
    """Requests one page (BENCH_PAGE) over and over, as the same user."""

    fixed_count = 0
    _numbers = itertools.count()

    def on_start(self):
        self.url, self.session_key = PAGES[os.environ.get("BENCH_PAGE", "dashboard")]
        super().on_start()

    @task
    def page(self):
        self.get(self.url, os.environ.get("BENCH_PAGE", "dashboard"))


def _multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = secrets.token_hex(12)
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# Locust runs every non-abstract class it finds; keep only the mode's.
if MODE == "page":
    for _cls in _ROLE_CLASSES:
        _cls.abstract = True
else:
    OnePage.abstract = True
