"""`make bench`: seeds a throwaway database with realistic volumes, serves the portal as production
would (gunicorn, DEBUG off, PostgreSQL, Redis, collected static files) and measures it: a mixed
journey per role from locust, query counts, the dashboard against a bare render of its template,
the registration write path (the form, and the link's button that creates the account), a 10 MB
upload's memory, the mail outbox's drain rate and certificate rendering; since issue 19 also every
staff queue's page 1 and deep page, a registration surge with its mails (scripts/bench/queues.py,
registration.py) and where three pages' CPU goes (profile.py). Prints a Markdown report
and writes it, with the figures as JSON, to var/bench/ (report.md, report.json, and a timestamped
copy of each).

Databases: bench_portal and bench_portal_small (BENCH_DB_PREFIX, which must start with "bench",
names them: <prefix> and <prefix>_small) on the PostgreSQL server of DATABASE_URL (default
postgres://postgres@127.0.0.1:5432), dropped and created here; Redis database 9 (BENCH_REDIS_DB)
of REDIS_URL's server (default redis://127.0.0.1:6379), flushed here. The steady run moves the
PostgreSQL and Redis processes onto the load generator's CPU while it lasts (data_services_apart;
they get every CPU back after it), then runs again with them left where they were. Nothing else
is touched.

Comparable runs: the seed and every simulated user's choices are seeded (scripts.bench.seed,
scripts.bench.journey), the users and durations are fixed here; the report records the git
commit and the load average at the start and the end, and flags a run "not comparable" when the
load average at its start exceeds LOAD_PER_CORE_LIMIT per core.

    .venv/bin/python -m scripts.bench.run          # the full run, about 10 minutes
    BENCH_QUICK=1 .venv/bin/python -m scripts.bench.run   # a few minutes, smaller data

Other knobs (environment): BENCH_CERT_COUNT (certificates to render, default 1000, quick 40),
BENCH_WORKER_CLASS / BENCH_THREADS (gunicorn, default the Dockerfile's / 4), BENCH_KEEP_DB=1
(leave the databases for a look afterwards), BENCH_LOCUST_SEED (the simulated users' random seed).
"""

import contextlib
import http.client
import json
import math
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from datetime import date, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE_DIR))

from scripts.bench.journey import STEADY_USERS  # noqa: E402

VENV_BIN = Path(sys.executable).parent
BENCH_DIR = Path(__file__).resolve().parent

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
CORES = os.cpu_count() or 1
# locust on the last CPU, the server on all the others, where there are two or more.
SERVER_CPUS = f"0-{CORES - 2}" if CORES >= 3 else "0"
LOCUST_CPUS = str(CORES - 1)
TASKSET = shutil.which("taskset")


def _pinned(cpus: str, cmd: list[str]) -> list[str]:
    """The command pinned to `cpus` with taskset, or as it is where there is no taskset."""
    return [TASKSET, "-c", cpus, *cmd] if TASKSET else cmd


WORKERS = 2 * CORES
# As the Dockerfile serves it: gthread workers taking connections while they have a free slot
# (portal.gunicorn_worker), whose spare thread sheds load with a 429.
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "portal.gunicorn_worker.ThreadWorker")
THREADS = int(os.environ.get("BENCH_THREADS", "4"))

CONFIG = {
    "scale": 0.1 if QUICK else 1.0,
    "small_scale": 0.02,
    "steady_rate": 50,  # requests per second, the target's arrival rate
    "steady_s": 20 if QUICK else 90,
    "saturation_users": 16,
    "saturation_s": 15 if QUICK else 45,
    "page_s": 8 if QUICK else 20,
    "page_users": 8,
    "registration_rate": 20,  # issue 19: a steady 20 registrations/s on one web core
    "registration_s": 10 if QUICK else 30,
    # The whole registration (form, link mail, the link's button, credentials mail) at a steady
    # rate with one mail worker (scripts/bench/registration.py).
    "surge_rate": 20,
    "surge_s": 20 if QUICK else 60,
    # Each staff queue's page 1 and deep page: alternating GETs, the median kept (after warm-up).
    "queue_gets": 15,
    # Requests per page of the in-process CPU profile (scripts/bench/profile.py).
    "profile_n": 100 if QUICK else 300,
    "mail_messages": 200 if QUICK else 1000,
    "cert_count": int(os.environ.get("BENCH_CERT_COUNT", "40" if QUICK else "1000")),
    "upload_mib": 10,
}
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX", "bench_portal")
REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "9"))
LOCUST_SEED = os.environ.get("BENCH_LOCUST_SEED", "20261205")
# A run whose start finds more load than this per core is flagged "not comparable".
LOAD_PER_CORE_LIMIT = 0.5

QUEUE_DEEP_PAGE = 1000
PAGE_SIZE = 25  # verification.views.PAGE_SIZE


def log(message: str) -> None:
    # UTC: the mail phase sets up Django in this process, which sets TZ to the portal's zone.
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


# --- services -----------------------------------------------------------------------------------


def _server_urls() -> tuple[str, str]:
    """(PostgreSQL server URL without a database, Redis URL of database BENCH_REDIS_DB)."""
    database = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
    parsed = urllib.parse.urlsplit(database)
    if not parsed.scheme.startswith("postgres"):
        raise SystemExit(f"make bench needs PostgreSQL; DATABASE_URL is {parsed.scheme}://...")
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    redis_parsed = urllib.parse.urlsplit(redis_url)
    return (
        urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, "", "", "")),
        urllib.parse.urlunsplit((redis_parsed.scheme, redis_parsed.netloc, f"/{REDIS_DB}", "", "")),
    )


def _check_services(pg_server: str, redis_url: str) -> None:
    import psycopg2
    import redis

    try:
        psycopg2.connect(f"{pg_server}/postgres", connect_timeout=3).close()
    except psycopg2.Error as exc:
        raise SystemExit(
            f"make bench: PostgreSQL at {pg_server} is unreachable ({exc}). Start it, or set "
            "DATABASE_URL to a server where databases named bench_* may be created."
        ) from None
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        raise SystemExit(
            f"make bench: Redis at {redis_url} is unreachable ({exc}). Start it, or set REDIS_URL."
        ) from None


def _admin(pg_server: str, *statements: str) -> None:
    import psycopg2

    connection = psycopg2.connect(f"{pg_server}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    connection.close()


def _recreate(pg_server: str, name: str) -> None:
    if not name.startswith("bench"):  # never anything else
        raise ValueError(name)
    _admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')


def _run(cmd: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, env=env, check=True, cwd=BASE_DIR, **kwargs)  # noqa: S603


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- HTTP ---------------------------------------------------------------------------------------


def _request(port: int, method: str, path: str, *, cookies=None, body=b"", headers=None):
    """(status, headers, body, seconds) of one request on a fresh connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    all_headers = {"Host": "127.0.0.1", **(headers or {})}
    if cookies:
        all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    started = time.perf_counter()
    connection.request(method, path, body=body or None, headers=all_headers)
    response = connection.getresponse()
    content = response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return response.status, dict(response.getheaders()), content, elapsed


def _multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = secrets.token_hex(12)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for name, (filename, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Server:
    """gunicorn serving config.wsgi with the bench settings, pinned to SERVER_CPUS."""

    def __init__(self, env: dict, workdir: Path, name: str):
        self.env = env
        self.port = _free_port()
        self.log = workdir / f"gunicorn-{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {
            **self.env,
            # As production passes them (the portal's settings read the threads from here).
            "GUNICORN_CMD_ARGS": f"--workers {WORKERS} --worker-class {WORKER_CLASS} "
            f"--threads {THREADS}",
        }
        cmd = _pinned(SERVER_CPUS, [str(VENV_BIN / "gunicorn"), "config.wsgi"])
        cmd += ["--bind", f"127.0.0.1:{self.port}", "--access-logfile", str(self.log)]
        cmd += ["--error-logfile", str(self.log)]
        self.process = subprocess.Popen(  # noqa: S603
            cmd, env=env, cwd=BASE_DIR, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                healthy = _request(self.port, "GET", "/healthz")[0] == 200
                if healthy and len(self.workers()) == WORKERS:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {self.log}")
            time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer within 60 s; see {self.log}")

    def workers(self) -> list:
        import psutil

        if self.process is None:
            return []
        try:
            # taskset execs gunicorn, so the process is gunicorn's master.
            return psutil.Process(self.process.pid).children()
        except psutil.NoSuchProcess:
            return []

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# --- locust -------------------------------------------------------------------------------------


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def _mean(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 2) if values else None


def _summary(record: dict, seconds: float) -> dict:
    latencies = record["latencies_ms"]
    queries = record["queries"]
    count = len(latencies)
    cpu = record.get("cpu_ms", [])
    return {
        "requests": count,
        "rps": round(count / seconds, 2),
        "p50_ms": _percentile(latencies, 0.50),
        "p95_ms": _percentile(latencies, 0.95),
        "p99_ms": _percentile(latencies, 0.99),
        "mean_ms": round(statistics.fmean(latencies), 1) if latencies else None,
        "errors": record["errors"],
        "error_rate": round(record["errors"] / count, 4) if count else None,
        "statuses": dict(record["statuses"]),
        "queries_min": min(queries) if queries else None,
        "queries_max": max(queries) if queries else None,
        "queries_mean": round(statistics.fmean(queries), 1) if queries else None,
        # Measured inside the server per request (scripts.bench.middleware): the handling
        # thread's CPU, the database calls' wall time, the templates' CPU.
        "cpu_ms_mean": _mean(cpu),
        "cpu_ms_p50": _percentile(cpu, 0.50),
        "cpu_ms_p95": _percentile(cpu, 0.95),
        "cpu_ms_total": round(sum(cpu), 1),
        "db_ms_mean": _mean(record.get("db_ms", [])),
        "template_ms_mean": _mean(record.get("template_ms", [])),
    }


# The machine's own speed: a fixed loop of Python bytecode on the server's CPU, best of three
# (lower is faster). Each CPU figure of a run moves with it: on the shared build machine it has
# varied by 40 % within minutes, which the load average does not show.
_YARDSTICK = (
    "import time\n"
    "best = None\n"
    "for _ in range(3):\n"
    "    started = time.process_time()\n"
    "    x = 0\n"
    "    for i in range(3_000_000):\n"
    "        x += i\n"
    "    took = time.process_time() - started\n"
    "    best = took if best is None else min(best, took)\n"
    "print(round(best * 1000, 1))\n"
)


# The data services' processes, by name (psutil's): PostgreSQL's postmaster and backends, Redis.
DATA_SERVICES = frozenset({"postgres", "postmaster", "redis-server"})


@contextlib.contextmanager
def data_services_apart():
    """PostgreSQL's and Redis's processes on the load generator's CPU for the duration (the
    backends PostgreSQL forks meanwhile inherit it from the postmaster), so the server's core
    is the web tier's alone, as where the database runs on a machine of its own; every one of
    them gets the whole machine back afterwards. Yields whether any was moved (not on a
    one-core machine, nor where the bench may not change their affinity)."""
    import psutil

    moved = []
    if CORES >= 2:
        cpus = [int(cpu) for cpu in LOCUST_CPUS.split(",")]
        for process in psutil.process_iter(["name"]):
            if process.info["name"] in DATA_SERVICES:
                with contextlib.suppress(psutil.Error):
                    process.cpu_affinity(cpus)
                    moved.append(process.pid)
    try:
        yield bool(moved)
    finally:
        everywhere = list(range(CORES))
        for process in psutil.process_iter(["name"]):
            if process.info["name"] in DATA_SERVICES:
                with contextlib.suppress(psutil.Error):
                    process.cpu_affinity(everywhere)


def yardstick_ms() -> float:
    """The loop's CPU milliseconds on SERVER_CPUS."""
    cmd = _pinned(SERVER_CPUS, [sys.executable, "-c", _YARDSTICK])
    return float(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)  # noqa: S603


def _cpu_seconds(server: "Server") -> float:
    """The gunicorn workers' CPU seconds so far, with their child processes': an upload's PDF is
    checked in a child forked by the worker's PDF server (portal.uploads.PDF_SERVERS), whose CPU
    is the server core's as much as the request's. A live process counts its own time; one that
    has ended and was waited for is in its parent's children_* times."""
    import psutil

    total = 0.0
    for worker in server.workers():
        try:
            processes = [worker, *worker.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
        for process in processes:
            try:
                times = process.cpu_times()
            except psutil.NoSuchProcess:
                continue  # ended since: its parent's children_* times hold it once waited for
            total += times.user + times.system + times.children_user + times.children_system
    return total


def locust(env: dict, workdir: Path, server: "Server", name: str, *, users: int, seconds: int,
           rate: float = 0, page: str = "", roles: dict | None = None) -> dict:  # fmt: skip
    """One headless locust run pinned to LOCUST_CPUS; per-page and overall figures, and the
    gunicorn workers' CPU time per request (which other load on the machine does not inflate
    the way it inflates latencies)."""
    port = server.port
    out = workdir / f"locust-{name}.json"
    run_env = {
        **env,
        "BENCH_LOCUST_OUT": str(out),
        "BENCH_MODE": "page" if page else "mixed",
        "BENCH_PAGE": page,
        "BENCH_USER_RATE": str(rate),
        "BENCH_LOCUST_SEED": LOCUST_SEED,
        **{f"BENCH_USERS_{role}": str(count) for role, count in (roles or {}).items()},
    }
    cmd = _pinned(LOCUST_CPUS, [str(VENV_BIN / "locust")])
    cmd += [
        "-f",
        str(BENCH_DIR / "locustfile.py"),
        "--headless",
        "-u",
        str(users),
        "-r",
        str(users),
        "-t",
        f"{seconds}s",
    ]
    cmd += ["--host", f"http://127.0.0.1:{port}", "--only-summary", "--stop-timeout", "10"]
    cmd += ["--loglevel", "WARNING", "--exit-code-on-error", "0"]
    cpu_before = _cpu_seconds(server)
    with open(workdir / f"locust-{name}.log", "w") as output:
        subprocess.run(cmd, env=run_env, cwd=BASE_DIR, stdout=output, stderr=output, check=True)  # noqa: S603
    records = json.loads(out.read_text())
    pages = {page_name: _summary(record, seconds) for page_name, record in sorted(records.items())}
    everything = {"latencies_ms": [], "errors": 0, "statuses": {}}
    everything |= {key: [] for key in ("queries", "cpu_ms", "db_ms", "template_ms")}
    for record in records.values():
        everything["errors"] += record["errors"]
        for key in ("latencies_ms", "queries", "cpu_ms", "db_ms", "template_ms"):
            everything[key] += record.get(key, [])
    overall = _summary(everything, seconds)
    cpu = _cpu_seconds(server) - cpu_before
    overall["server_cpu_ms_per_request"] = round(1000 * cpu / max(overall["requests"], 1), 2)
    if page:
        pages[page]["server_cpu_ms_per_request"] = overall["server_cpu_ms_per_request"]
    return {"seconds": seconds, "users": users, "pages": pages, "all": overall}


# --- phases -------------------------------------------------------------------------------------


# Dashboards probed per status: this many candidates, all applying for the most common purpose.
# A page's count may differ between two candidates of one status (alih kategori checks the level
# rules with three more queries, an open due date reads the closures), never with the data's size:
# the most over a few like candidates is compared, so the small and the big seed compare alike.
DASHBOARD_PROBES = 5
DASHBOARD_PROBE_PURPOSE = "kenaikan_jenjang"


def query_probes(samples: dict, deep_page: int) -> dict[str, list[tuple[str, str]]]:
    """Pages whose query count must not grow with the data: per page, the (path, session key or
    "") variants measured."""
    probes = {}
    by_status: dict[str, list[dict]] = {}
    for candidate in samples["candidates"]:
        by_status.setdefault(candidate["status"], []).append(candidate)
    for status, candidates in sorted(by_status.items()):
        # That purpose's candidates first (the others only where a small seed has too few).
        candidates.sort(key=lambda candidate: candidate["purpose"] != DASHBOARD_PROBE_PURPOSE)
        probes[f"dashboard ({status})"] = [
            ("/dashboard/", candidate["session"]) for candidate in candidates[:DASHBOARD_PROBES]
        ]
    # The application's task list and one document's page, as drafts see them; the session
    # cards, as verified candidates who pick their own see them.
    drafts = by_status.get("draft", [])[:DASHBOARD_PROBES]
    probes["application task list (draft)"] = [("/pengajuan/", c["session"]) for c in drafts]
    probes["application document page (draft)"] = [
        (f"/pengajuan/berkas/{samples['upload_requirement']}/", c["session"]) for c in drafts
    ]
    verified = by_status.get("verified", [])[:DASHBOARD_PROBES]
    if verified:
        probes["exam schedule (session cards)"] = [
            ("/jadwal-ujian/", c["session"]) for c in verified
        ]
    verifier = samples["verifiers"][0]
    probes["objections queue"] = [("/keberatan/petugas/", verifier)]
    probes["queue page 1"] = [("/verifikasi/?status=semua", verifier)]
    probes["queue deep page"] = [(f"/verifikasi/?status=semua&halaman={deep_page}", verifier)]
    probes["nip check"] = [(f"/cek-nip/?nip={samples['registered_nips'][0]}", "")]
    probes["complaint tracking"] = [(f"/pengaduan/lacak/{samples['tracking_codes'][0]}/", "")]
    probes["certificate verification"] = [
        (f"/certificates/verify/{samples['certificate_numbers'][-1]}/", "")
    ]
    qr = samples["certificate_qr"][-1]
    query = urllib.parse.urlencode({"t": qr["token"]})
    probes["certificate verification (QR)"] = [
        (f"/certificates/verify/{qr['number']}/?{query}", "")
    ]
    # What a verifier of a credential fetches: the issuer's profile, its keys and the status
    # list (built from every certificate's revocation, then cached: its first request measured).
    provider = samples["credential_provider"]
    probes["credential issuer"] = [(f"/api/kredensial/{provider}/", "")]
    probes["credential keys (JWKS)"] = [(f"/api/kredensial/{provider}/jwks.json", "")]
    probes["credential issuer DID document"] = [(f"/api/kredensial/{provider}/did.json", "")]
    probes["credential status list"] = [(f"/api/kredensial/{provider}/status/1/", "")]
    # The public catalogue: the home page lists every provider and service, the list of
    # standards every service; a standard page, the online service's (with what the portal
    # measured) and other providers' (text only).
    slugs = samples["standard_slugs"]
    probes["home"] = [("/", "")]
    probes["standards list"] = [("/layanan/", "")]
    probes["standard page (online service)"] = [(f"/layanan/{slugs[0]}/", "")]
    probes["standard page (other providers)"] = [(f"/layanan/{slug}/", "") for slug in slugs[1:4]]
    probes["claims list"] = [("/verifikasi/klaim/", verifier)]
    probes["claims list (approved)"] = [("/verifikasi/klaim/?status=approved", verifier)]
    for status in ("submitted", "approved"):
        claim = next(c for c in samples["claims"] if c["status"] == status)
        probes[f"claim page ({status})"] = [(f"/verifikasi/klaim/{claim['public_id']}/", verifier)]
    # The workflow engine (seed 002): the operator's proposals, the employee's cases and case
    # page, the BKPSDM verifier's queue and case page, the external assessor's sessions.
    work = samples["casework"]
    probes["engine: operator's proposals"] = [("/permohonan-layanan/usulan/", work["operator"])]
    probes["engine: employee's cases"] = [("/permohonan-layanan/saya/", work["employee"])]
    probes["engine: employee's case page"] = [
        (f"/permohonan-layanan/{work['employee_case']}/", work["employee"])
    ]
    probes["engine: staff queue"] = [("/permohonan-layanan/petugas/", work["verifier"])]
    probes["engine: staff case page"] = [
        (f"/permohonan-layanan/petugas/{work['staff_case']}/", work["verifier"])
    ]
    probes["engine: assessor's sessions"] = [("/permohonan-layanan/uji/", work["assessor"])]
    # Seed 004 (issue 16): the Panitia's queue, the operator's institution page, the engagement
    # page for staff and operator, the asesi's page, the standard page with report limits.
    if "assessments" in samples:
        from scripts.bench.assessments import assessment_probes

        probes.update(assessment_probes(samples))
    # Seed 003 (issue 17): the operator's home, report and dashboard, the officials' queue,
    # overview (first and last page), report page and staff home, the standard page with its
    # measured times.
    if "ipasn" in samples:
        from scripts.bench.ipasn import ipasn_probes

        probes.update(ipasn_probes(samples))
    probes.update(_service_probes(samples, by_status))
    probes.update(hook_query_probes(samples, deep_page))
    return probes


# The provider of the librarian exam (a migration's, in every seed): its open data holds the
# seed's complaints and survey answers.
OPEN_DATA_PROVIDER = "pusat-pembinaan-pustakawan"


def _semester_key() -> str:
    """The current semester's key (its figures are computed, not yet final)."""
    today = date.today()
    return f"{today.year}-S{1 if today.month <= 6 else 2}"


def _service_probes(samples: dict, by_status: dict[str, list[dict]]) -> dict:
    """Issue 19: every other page a person uses, so that a new page cannot escape the bench
    (tests/test_bench_coverage.py checks that each page of the URLconf is here, in the journey or
    excluded there with a reason)."""
    staff, verifier = samples["staff"], samples["verifiers"][0]
    candidate = (by_status.get("verified") or samples["candidates"])[0]["session"]
    draft = (by_status.get("draft") or samples["candidates"])[0]["session"]
    passed = (by_status.get("passed") or samples["candidates"])[0]["session"]
    scheduled = (by_status.get("scheduled") or samples["candidates"])[0]["session"]
    objection = samples["objection"]
    work, lan, ipasn = samples["casework"], samples["assessments"], samples["ipasn"]
    return {
        # Public pages and forms.
        "login form": [("/accounts/login/", "")],
        "certificate verification form": [("/certificates/verify/", "")],
        "complaint form": [("/pengaduan/", "")],
        "complaint tracking form": [("/pengaduan/lacak/", "")],
        "complaint report (public)": [("/pengaduan/laporan/", "")],
        "open data index": [("/data-terbuka/", "")],
        "open data: provider's periods": [(f"/data-terbuka/{OPEN_DATA_PROVIDER}/", "")],
        "open data: complaint figures (JSON)": [
            (f"/data-terbuka/{OPEN_DATA_PROVIDER}/pengaduan/{_semester_key()}.json", "")
        ],
        "open data: IKM (CSV)": [
            (f"/data-terbuka/{OPEN_DATA_PROVIDER}/ikm/{_semester_key()}.csv", "")
        ],
        "open data: schemas": [
            ("/data-terbuka/skema/pengaduan/table-schema.json", ""),
            ("/data-terbuka/skema/ikm/json-schema.json", ""),
        ],
        "register form": [("/register/", "")],
        "claim form": [("/klaim-nip/", "")],
        "survey form": [(f"/survei/{staff['survey_slug']}/", "")],
        "exam card check": [(f"/kartu-ujian/cek/{samples['exam_card']['token']}/", "")],
        # The candidate's own pages.
        "profile": [("/profil/", candidate)],
        "profile form (draft)": [("/profil/ubah/", draft)],
        "application form (draft)": [("/pengajuan/ubah/", draft)],
        "application check answers (draft)": [("/pengajuan/periksa/", draft)],
        "certificate (passed)": [("/sertifikat/", passed)],
        "objection page (candidate)": [
            (f"/keberatan/{objection['public_id']}/", objection["candidate"])
        ],
        "objection form (candidate)": [
            (f"/keberatan/ajukan/{objection['new_application']}/", objection["new_candidate"])
        ],
        # Staff of the librarian exam.
        "staff home (verifier)": [("/staf/", verifier)],
        "conflict-of-interest declaration": [("/staf/konflik-kepentingan/", verifier)],
        "verification: application": [(f"/verifikasi/{staff['application']}/", verifier)],
        "objection page (staff)": [(f"/keberatan/petugas/{objection['public_id']}/", verifier)],
        "scheduling: sessions": [("/penjadwalan/", staff["scheduler"])],
        "scheduling: session": [
            (f"/penjadwalan/sesi/{staff['exam_session']}/", staff["scheduler"])
        ],
        # Its picker's search of the waiting candidates, by name and by NIP digits (a name
        # and a birth year every seed has).
        "scheduling: session (search)": [
            (f"/penjadwalan/sesi/{staff['exam_session']}/?cari=sari", staff["scheduler"]),
            (f"/penjadwalan/sesi/{staff['exam_session']}/?cari=1985", staff["scheduler"]),
        ],
        "scheduling: new session form": [("/penjadwalan/sesi/baru/", staff["scheduler"])],
        "scheduling: session edit form": [
            (f"/penjadwalan/sesi/{staff['exam_session']}/ubah/", staff["scheduler"])
        ],
        "results: sessions": [("/penilaian/", staff["assessor"])],
        "results: session": [(f"/penilaian/sesi/{staff['graded_session']}/", staff["assessor"])],
        "certificates: staff queue": [("/sertifikat/staf/", staff["officer"])],
        "certificates: certificate": [
            (f"/sertifikat/staf/{staff['certificate']}/", staff["officer"])
        ],
        "complaints: team queue": [("/pengaduan/staf/", staff["handler"])],
        "complaints: complaint": [(f"/pengaduan/staf/{staff['complaint']}/", staff["handler"])],
        "complaints: record form": [("/pengaduan/staf/catat/", staff["handler"])],
        "complaints: report (staff)": [("/pengaduan/laporan/staf/", staff["handler"])],
        "complaints: seal report": [("/pengaduan/staf/segel/", staff["supervisor"])],
        "survey: results": [("/survei/hasil/", staff["handler"])],
        "scheduling: autofill form": [
            (
                f"/penjadwalan/isi-otomatis/?layanan={samples['standard_slugs'][0]}",
                staff["scheduler"],
            )
        ],
        "exam seat release form (scheduled)": [("/jadwal-ujian/batalkan/", scheduled)],
        "survey after the application (passed)": [("/survei/pengajuan/", passed)],
        "survey after a complaint": [(f"/survei/pengaduan/{staff['closed_complaint_code']}/", "")],
        "register link page": [
            (f"/register/konfirmasi/{samples['register_links'][-1]['token']}/", "")
        ],
        # The workflow engine's other pages (seed 002).
        "engine: proposal": [(f"/permohonan-layanan/usulan/{work['proposal']}/", work["operator"])],
        "engine: assessor's session": [
            (f"/permohonan-layanan/uji/{work['exam_session']}/", work["assessor"])
        ],
        "engine: products queue": [("/permohonan-layanan/uji/produk/", work["officer"])],
        "engine: case products": [
            (f"/permohonan-layanan/uji/produk/{work['product_case']}/", work["assessor"])
        ],
        # LAN's assessment (seed 004): the institutions its verifier checks, the operator's new
        # request form, the public registration form, the asesi's CV and questionnaire.
        "assessment: institutions to verify": [
            ("/penilaian-kompetensi/petugas/instansi/", lan["verifier"])
        ],
        "assessment: new engagement form": [
            ("/penilaian-kompetensi/instansi/permohonan/baru/", lan["operator"])
        ],
        "assessment: institution registration form": [
            ("/penilaian-kompetensi/instansi/daftar/", "")
        ],
        "assessment: asesi CV": [
            (f"/penilaian-kompetensi/asesi/{lan['participant']}/drh/", lan["asesi"])
        ],
        "assessment: asesi questionnaire": [
            (f"/penilaian-kompetensi/asesi/{lan['participant']}/kuesioner/", lan["asesi"])
        ],
        # The IP-ASN report (seed 003): the agency recap for BKPSDM's officials.
        "ipasn: agency recap": [("/laporan-ip-asn/petugas/rekap-badan/", ipasn["analyst"])],
    }


# === Issue 19 hook points ======================================================================
# The other helpers' modules, wired in here:
#   - scripts/bench/queues.py: queue_probes(samples, deep_page) -> more query probes, and each
#     paged queue's page 1 and deep page latency into report["queues"] (queue_latencies);
#     seed_queues(...) is called from scripts.bench.seed.hook_seed;
#   - scripts/bench/registration.py: registration_surge(...) -> report["registration_surge"]
#     (the CPU per registration request, 20/s with nothing shed, credential mail p95);
#   - scripts/bench/profile.py: cpu_split(...) -> report["cpu_split"] (where the CPU goes).
# scripts.bench.report reads those keys when they are there and says "not measured" otherwise.


def hook_query_probes(samples: dict, deep_page: int) -> dict[str, list[tuple[str, str]]]:
    """Every staff queue's page 1 and deep page (`deep_page`, or the queue's last page where it
    has fewer) and the unpaged staff lists: their query counts must stay constant."""
    from scripts.bench.queues import queue_probes

    return queue_probes(samples, deep_page)


def hook_phases(*, env: dict, workdir: Path, server: "Server", samples: dict) -> dict:
    """More measures while the big seed is served, merged into the report: the staff queues'
    page latencies, the registration surge and the CPU profile of three pages."""
    out = {}
    log(f"staff queues: page 1 and the deep page, {CONFIG['queue_gets']} GETs each")
    out["queues"] = queue_latencies(server.port, samples, CONFIG["queue_gets"])
    log(
        f"registration surge: {CONFIG['surge_rate']} registrations/s for {CONFIG['surge_s']} s "
        "(form, link mail, button, credentials mail)"
    )
    out["registration_surge"] = registration_surge(server, samples, env, workdir)
    log(f"CPU profile: {CONFIG['profile_n']} in-process requests per page on CPU {SERVER_CPUS}")
    out["cpu_split"] = cpu_split(env, workdir, samples, CONFIG["profile_n"])
    return out


# === end of the hook points ====================================================================


def queue_latencies(port: int, samples: dict, gets: int) -> dict:
    """Per paged staff queue (scripts.bench.queues.QUEUES): the median latency of `gets` GETs of
    page 1 and of the deep page (page QUEUE_DEEP_PAGE or the queue's last), each after
    2 * WORKERS warm-up GETs (every worker renders it), and the least X-Bench-Queries seen (warm
    caches), in the form scripts.bench.report._queue_rows reads. The two pages' GETs alternate
    (page 1 first on even rounds, the deep page on odd ones), so a change in the machine's speed
    during the measurement lands on both sides of the ratio. Queues whose last page is page 1
    (the IP-ASN officials' own queue: a few open reports each) have no deep page and are left
    out."""
    from scripts.bench.queues import QUEUES, queue_probes

    probes = queue_probes(samples, QUEUE_DEEP_PAGE)
    out = {}
    for name in QUEUES:
        first, deep = probes.get(f"{name} page 1"), probes.get(f"{name} deep page")
        if not first or not deep:
            continue
        deep_path, session = deep[0]
        deep_page = int(urllib.parse.parse_qs(urllib.parse.urlsplit(deep_path).query)["halaman"][0])
        if deep_page <= 1:
            continue
        paths = {"page_1": first[0][0], "deep": deep_path}
        cookies = {"sessionid": session}
        latencies = {key: [] for key in paths}
        queries = {key: [] for key in paths}
        statuses = {key: set() for key in paths}
        rounds = [("page_1", "deep")] * (2 * WORKERS) + [
            ("page_1", "deep") if index % 2 == 0 else ("deep", "page_1") for index in range(gets)
        ]
        for index, order in enumerate(rounds):
            for key in order:
                status, headers, _body, seconds = _request(port, "GET", paths[key], cookies=cookies)
                statuses[key].add(status)
                queries[key].append(int(headers.get("X-Bench-Queries", -1)))
                if index >= 2 * WORKERS:
                    latencies[key].append(1000 * seconds)
        figures = {}
        for key in paths:
            figures[f"{key}_ms"] = round(statistics.median(latencies[key]), 1)
            figures[f"queries_{key}"] = min(queries[key])
            figures[f"status_{key}"] = sorted(statuses[key])
        out[name] = {"deep_page": deep_page, **figures}
    return out


def registration_surge(server: "Server", samples: dict, env: dict, workdir: Path) -> dict:
    """scripts/bench/registration.py's surge, with the keys scripts.bench.report reads: "sent"
    (registrations started), "ok" (those whose link's button created the account: 302),
    "shed" (429 answers, any step), "errors" (any other unexpected answer or no answer),
    "cpu_ms_per_request" (the costliest step's mean CPU inside the request, X-Bench-CPU-ms;
    "cpu_step" names it), "mail_p95_s" (the credentials mail, from the button's POST to the
    SMTP sink, p95)."""
    from scripts.bench.registration import registration_surge as surge

    result = surge(
        server, samples, CONFIG["surge_rate"], CONFIG["surge_s"], env["DATABASE_URL"], env, workdir
    )
    expected = {"form": "200", "send": "302", "button": "302"}
    steps = result["steps"]
    errors = sum(
        count
        for step, summary in steps.items()
        for status, count in summary["statuses"].items()
        if status not in (expected[step], "429")
    )
    means = {step: summary["cpu_ms_mean"] for step, summary in steps.items()}
    costliest = max(
        (step for step in means if means[step] is not None),
        key=lambda step: means[step],
        default=None,
    )
    result.update(
        sent=result["registrations"],
        ok=steps["button"]["statuses"].get("302", 0),
        shed=result["shed_429"],
        errors=errors,
        cpu_ms_per_request=means[costliest] if costliest else None,
        cpu_step=costliest,
        mail_p95_s=result["credentials_mail_s"]["p95"],
    )
    return result


# Pages profiled in-process (scripts/bench/profile.py): name -> (path, which session).
PROFILED_PAGES = {
    "dashboard": ("/dashboard/", "candidate"),
    "verifier queue page 1": ("/verifikasi/?status=semua", "verifier"),
    "home": ("/", ""),
}


def cpu_split(env: dict, workdir: Path, samples: dict, n: int) -> dict:
    """{page: {category: CPU ms per request, "total": ms}} from scripts/bench/profile.py, one
    subprocess per page pinned to the server's CPUs (as the certificates are), against the big
    seed with the bench settings. The dashboard is the bare view's candidate's (scheduled: the
    fullest dashboard)."""
    candidate = next(
        (c["session"] for c in samples["candidates"] if c["nip"] == samples["bare_user"]),
        samples["candidates"][0]["session"],
    )
    sessions = {"candidate": candidate, "verifier": samples["verifiers"][0], "": ""}
    out = {}
    for name, (path, who) in PROFILED_PAGES.items():
        result = workdir / f"profile-{name.replace(' ', '-')}.json"
        cmd = _pinned(SERVER_CPUS, [sys.executable, "-m", "scripts.bench.profile"])
        cmd += ["--path", path, "--session", sessions[who], "-n", str(n), "--json", str(result)]
        with open(workdir / "profile.log", "a") as output:
            _run(cmd, env, stdout=output, stderr=output)
        out[name] = json.loads(result.read_text())
    return out


def measure_queries(port: int, probes: dict) -> dict[str, dict]:
    """Per page, the most queries any of its variants makes once caches are warm: each variant
    is requested once more than there are workers, so at least one worker answers it twice,
    and the least count of those requests is the variant's (a worker's first request of a page
    may fill per-process caches, e.g. content types)."""
    counts = {}
    for name, variants in probes.items():
        per_variant, statuses = [], set()
        for path, session in variants:
            cookies = {"sessionid": session} if session else None
            seen = []
            for _ in range(WORKERS + 1):
                status, headers, _body, _seconds = _request(port, "GET", path, cookies=cookies)
                statuses.add(status)
                seen.append(int(headers.get("X-Bench-Queries", -1)))
            per_variant.append(min(seen))
        counts[name] = {"queries": max(per_variant), "all": per_variant, "status": sorted(statuses)}
    return counts


def warm_up(port: int, samples: dict) -> None:
    """Each worker renders each page once or twice before anything is measured."""
    probes = {
        name: variants[0] for name, variants in query_probes(samples, QUEUE_DEEP_PAGE).items()
    }
    probes["complaint form"] = ("/pengaduan/", "")
    probes["register form"] = ("/register/", "")
    probes["claim form"] = ("/klaim-nip/", "")
    probes["bare"] = ("/__bench__/bare/", "")
    for _ in range(2 * WORKERS):
        for path, session in probes.values():
            _request(port, "GET", path, cookies={"sessionid": session} if session else None)


def upload_memory(server: Server, samples: dict, mib: int) -> dict:
    """POST a `mib` MB file to the candidate upload endpoint while sampling every worker's
    resident memory; the peak increase over the worker's own level just before."""
    import psutil

    draft = next(c for c in samples["candidates"] if c["status"] == "draft")
    csrf = secrets.token_hex(16)
    size = mib * 1024 * 1024
    content = b"%PDF-1.4\n" + b"0" * (size - 9)
    body, content_type = _multipart({"csrfmiddlewaretoken": csrf}, {"file": ("besar.pdf", content)})
    path = f"/pengajuan/berkas/{samples['upload_requirement']}/"
    runs = []
    for _ in range(3):  # any worker may get it: every worker is sampled
        workers = server.workers()
        baseline = {w.pid: w.memory_info().rss for w in workers}
        peak = dict(baseline)
        stop = threading.Event()

        def sample(workers=workers, peak=peak, stop=stop):
            while not stop.is_set():
                for worker in workers:
                    with contextlib.suppress(psutil.Error):  # a worker restarted
                        peak[worker.pid] = max(peak[worker.pid], worker.memory_info().rss)
                time.sleep(0.002)

        sampler = threading.Thread(target=sample)
        sampler.start()
        status, _headers, _content, seconds = _request(
            server.port,
            "POST",
            path,
            cookies={"sessionid": draft["session"], "csrftoken": csrf},
            body=body,
            headers={"Content-Type": content_type},
        )
        time.sleep(0.2)
        stop.set()
        sampler.join()
        increase = max(peak[pid] - baseline[pid] for pid in baseline)
        runs.append(
            {"status": status, "seconds": round(seconds, 3), "increase_mib": increase / 2**20}
        )
    worst = max(run["increase_mib"] for run in runs)
    return {
        "file_mib": mib,
        "runs": runs,
        "statuses": sorted({run["status"] for run in runs}),
        "peak_increase_mib": round(worst, 2),
    }


def _post_open_loop(server: Server, posts: list[tuple[str, dict]], rate: int) -> dict:
    """POST each (path, form fields) at a fixed arrival rate (open loop: a request starts on
    schedule whether or not earlier ones have been answered); statuses, latencies, wall time and
    the gunicorn workers' CPU seconds."""
    csrf = secrets.token_hex(16)
    results: list[tuple[int, float]] = []
    lock = threading.Lock()
    cpu_before = _cpu_seconds(server)

    def post(path: str, fields: dict) -> None:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, **fields}).encode()
        try:
            status, _h, _b, elapsed = _request(
                server.port,
                "POST",
                path,
                cookies={"csrftoken": csrf},
                body=body,
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
        except OSError:
            status, elapsed = 0, float("nan")
        with lock:
            results.append((status, elapsed))

    threads = []
    started = time.perf_counter()
    for index, (path, fields) in enumerate(posts):
        delay = started + index / rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        thread = threading.Thread(target=post, args=(path, fields))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    cpu = _cpu_seconds(server) - cpu_before
    latencies = [1000 * elapsed for status, elapsed in results if status]
    ok = sum(1 for status, _ in results if status == 302)
    return {
        "rate": rate,
        "sent": len(posts),
        "wall_s": round(wall, 1),
        "ok_302": ok,
        "errors": len(posts) - ok,
        "statuses": {str(s): sum(1 for r in results if r[0] == s) for s in {r[0] for r in results}},
        "p50_ms": _percentile(latencies, 0.5),
        "p95_ms": _percentile(latencies, 0.95),
        "p99_ms": _percentile(latencies, 0.99),
        "max_ms": round(max(latencies), 1) if latencies else None,
        "server_cpu_s_per_ok": round(cpu / max(ok, 1), 3),
    }


def _registration_counts(pg_url: str, nips: list[str]) -> tuple[int, int, int]:
    """(accounts for these NIPs, register links mailed for them, rows in the mail outbox)."""
    import psycopg2

    with psycopg2.connect(pg_url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM registration_user WHERE nip = ANY(%s)", (nips,))
        users = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM registration_registrationmail "
            "WHERE nip = ANY(%s) AND kind = 'register_link'",
            (nips,),
        )
        links = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM portal_outboundemail")
        outbox = cursor.fetchone()[0]
    return users, links, outbox


def registration(server: Server, samples: dict, rate: int, seconds: int, pg_url: str) -> dict:
    """Registration's two steps, each at `rate` per second for `seconds`: the register form
    with fresh registry NIPs (since issue 13 it creates nothing: the NIP check, a lock on the
    NIP, one link mail), then the button of a mailed link (seeded links whose tokens the seed
    knows): the account, its PBKDF2-hashed generated password, its verified address, an event
    and the credentials mail."""
    total = rate * seconds
    nips = samples["unregistered_nips"][:total]
    users_before, links_before, outbox_before = _registration_counts(pg_url, nips)
    form = _post_open_loop(
        server,
        # `confirm`: the "periksa kembali" step's button, the POST that mails the link (without
        # it the form only shows the address back, 200, and mails nothing).
        [
            ("/register/", {"nip": nip, "email": f"daftar.{nip}@contoh.go.id", "confirm": "1"})
            for nip in nips
        ],
        rate,
    )
    users, links, outbox = _registration_counts(pg_url, nips)
    form.update(
        seconds=seconds,
        users_created=users - users_before,
        links_mailed=links - links_before,
        mails_created=outbox - outbox_before,
    )

    opened = samples["register_links"][:total]
    if len(opened) < total:
        raise SystemExit(f"The seed has {len(opened)} open registration links; {total} needed.")
    link_nips = [link["nip"] for link in opened]
    users_before, _links, outbox_before = _registration_counts(pg_url, link_nips)
    confirm = _post_open_loop(
        server, [(f"/register/konfirmasi/{link['token']}/", {}) for link in opened], rate
    )
    users, _links, outbox = _registration_counts(pg_url, link_nips)
    confirm.update(
        seconds=seconds,
        users_created=users - users_before,
        mails_created=outbox - outbox_before,
    )
    return {"form": form, "confirm": confirm}


def mail_drain(env: dict, workdir: Path, count: int) -> dict:
    """`count` pending outbox rows, delivered by a real Celery worker (queue `mail`, Redis db 9)
    to a local SMTP sink; messages per second from the first enqueue until the last is sent."""
    import redis
    from aiosmtpd.controller import Controller

    class Sink:
        received = 0

        async def handle_DATA(self, server, session, envelope):
            Sink.received += 1
            return "250 OK"

    port = _free_port()
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    redis.Redis.from_url(env["REDIS_URL"]).flushdb()  # tasks queued by the web phases
    worker_log = workdir / "celery-mail.log"
    worker_env = {**env, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port)}
    cmd = [str(VENV_BIN / "celery"), "-A", "config", "worker", "-Q", "mail", "-c", str(CORES)]
    cmd += ["-P", "prefork", "-n", "bench-mail@%h", "-l", "INFO", "--logfile", str(worker_log)]
    cmd += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    banner = open(workdir / "celery-mail.out", "w")  # noqa: SIM115 - closed below
    worker = subprocess.Popen(  # noqa: S603
        cmd, env=worker_env, cwd=BASE_DIR, start_new_session=True, stdout=banner, stderr=banner
    )
    try:
        deadline = time.monotonic() + 60
        while "ready." not in (worker_log.read_text() if worker_log.exists() else ""):
            if time.monotonic() > deadline or worker.poll() is not None:
                raise SystemExit(f"The Celery worker did not start; see {worker_log}")
            time.sleep(0.2)

        from portal.constants import EmailStatus
        from portal.mail import outbound_email_enqueue
        from portal.models import OutboundEmail

        rows = OutboundEmail.objects.bulk_create(
            OutboundEmail(
                from_email="Portal Kompetensi ASN <noreply@localhost>",
                to=[f"peserta{index}@contoh.go.id"],
                subject="[Portal Kompetensi ASN] Pengajuan Anda diterima",
                body="Yth. Peserta,\n\nPengajuan uji kompetensi Anda sudah kami terima.\n" * 5,
            )
            for index in range(count)
        )
        ids = [row.pk for row in rows]
        started = time.perf_counter()
        for pk in ids:
            outbound_email_enqueue(email_id=pk)
        enqueued = time.perf_counter() - started
        deadline = time.monotonic() + 300
        sent = 0
        while time.monotonic() < deadline:
            sent = OutboundEmail.objects.filter(pk__in=ids, status=EmailStatus.SENT).count()
            if sent == count:
                break
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
        controller.stop()
        banner.close()
    return {
        "messages": count,
        "sent": sent,
        "received_by_sink": Sink.received,
        "enqueue_s": round(enqueued, 2),
        "drain_s": round(elapsed, 2),
        "per_s": round(sent / elapsed, 1),
        "worker": f"celery prefork, concurrency {CORES}, queue mail, broker Redis db 9",
    }


def certificates(env: dict, workdir: Path, count: int) -> dict:
    out = workdir / "certificates.json"
    cmd = _pinned(SERVER_CPUS, [sys.executable, "-m", "scripts.bench.certificates"])
    cmd += ["--count", str(count), "--json", str(out)]
    with open(workdir / "certificates.log", "w") as output:
        _run(cmd, env, stdout=output, stderr=output)
    return json.loads(out.read_text())


# --- the run ------------------------------------------------------------------------------------


def _git_state() -> dict:
    """The commit measured, and whether the work tree had changes on top of it."""

    def git(*args: str) -> str:
        try:
            return subprocess.run(  # noqa: S603
                ["git", *args],  # noqa: S607
                cwd=BASE_DIR, capture_output=True, text=True, check=True, timeout=10,
            ).stdout.strip()  # fmt: skip
        except (OSError, subprocess.SubprocessError):
            return ""

    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain"))}


def main() -> None:
    wall_started = time.perf_counter()
    pg_server, redis_url = _server_urls()
    _check_services(pg_server, redis_url)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    out_dir = BASE_DIR / "var" / "bench"
    workdir = out_dir / f"run-{stamp}"
    (workdir / "media").mkdir(parents=True)
    if not DB_PREFIX.startswith("bench") or not DB_PREFIX.replace("_", "").isalnum():
        raise SystemExit(
            f"BENCH_DB_PREFIX must start with 'bench' (letters, digits, _): {DB_PREFIX}"
        )
    big_url, small_url = f"{pg_server}/{DB_PREFIX}", f"{pg_server}/{DB_PREFIX}_small"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "scripts.bench.settings",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PORTAL_BASE_URL": "http://127.0.0.1",
        "DATABASE_URL": big_url,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "PORTAL_VAR_DIR": str(workdir),
        "BENCH_MEDIA_DIR": str(workdir / "media"),
        "PYTHONPATH": str(BASE_DIR),
    }
    env.pop("GUNICORN_CMD_ARGS", None)
    os.environ.update(env)  # this process reads the bench database too (mail phase)
    report: dict = {
        "started": datetime.now().isoformat(timespec="seconds"),
        "quick": QUICK,
        "config": CONFIG,
        "machine": {
            "cores": CORES,
            "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            "yardstick_ms": {"start": yardstick_ms()},
        },
        "git": _git_state(),
        "locust_seed": LOCUST_SEED,
        "databases": [DB_PREFIX, f"{DB_PREFIX}_small"],
        "redis": redis_url,
        "server": {
            "command": "gunicorn config.wsgi",
            "workers": WORKERS,
            "worker_class": WORKER_CLASS,
            "threads": THREADS,
            "server_cpus": SERVER_CPUS if TASKSET else "any (no taskset)",
            "locust_cpus": LOCUST_CPUS if TASKSET else "any (no taskset)",
        },
    }
    import redis

    redis.Redis.from_url(redis_url).flushdb()

    # Seeds: a small one for the query-count comparison, then the real one.
    seeds = {}
    for name, url, scale in [
        ("small", small_url, CONFIG["small_scale"]),
        ("big", big_url, CONFIG["scale"]),
    ]:
        log(f"seeding {url.rsplit('/', 1)[1]} at scale {scale}")
        _recreate(pg_server, url.rsplit("/", 1)[1])
        seed_env = {**env, "DATABASE_URL": url}
        started = time.perf_counter()
        _run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], seed_env)
        migrate_s = time.perf_counter() - started
        _run(
            [
                sys.executable,
                "-m",
                "scripts.bench.seed",
                "--scale",
                str(scale),
                "--out",
                str(workdir / f"samples-{name}.json"),
            ],
            seed_env,
            stdout=subprocess.DEVNULL,
        )
        samples = json.loads((workdir / f"samples-{name}.json").read_text())
        samples["seed"]["migrate_s"] = round(migrate_s, 1)
        seeds[name] = samples
    report["seed"] = {name: samples["seed"] for name, samples in seeds.items()}
    big, small = seeds["big"], seeds["small"]
    env["BENCH_BARE_USER"] = big["bare_user"]
    env["BENCH_SAMPLES"] = str(workdir / "samples-big.json")

    log("collectstatic (whitenoise's manifest storage)")
    _run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env)

    # Query counts: the same pages on the small and the big seed.
    log("query counts on the small seed")
    small_deep = max(1, math.ceil(small["queue_visible"] / PAGE_SIZE))
    small_env = {**env, "DATABASE_URL": small_url, "BENCH_BARE_USER": small["bare_user"]}
    server = Server(small_env, workdir, "small")
    server.start()
    try:
        small_counts = measure_queries(server.port, query_probes(small, small_deep))
    finally:
        server.stop()
    big_deep = min(QUEUE_DEEP_PAGE, math.ceil(big["queue_visible"] / PAGE_SIZE))
    server = Server(env, workdir, "big")
    log(f"serving the big seed: {WORKERS} {WORKER_CLASS} workers on CPU {SERVER_CPUS}")
    server.start()
    try:
        big_counts = measure_queries(server.port, query_probes(big, big_deep))
        report["queries"] = {
            "small_deep_page": small_deep,
            "big_deep_page": big_deep,
            "pages": {
                name: {"small": small_counts[name], "big": big_counts[name]} for name in big_counts
            },
        }
        warm_up(server.port, big)

        report["machine"]["yardstick_ms"]["steady"] = yardstick_ms()
        users = sum(STEADY_USERS.values())
        steady = {
            "users": users, "seconds": CONFIG["steady_s"], "rate": CONFIG["steady_rate"] / users,
            "roles": STEADY_USERS,
        }  # fmt: skip
        # Twice: with PostgreSQL and Redis kept off the server's core (the target's run: one
        # core for the web tier), then with them wherever the scheduler puts them.
        with data_services_apart() as apart:
            log(
                f"steady mixed journey: {CONFIG['steady_rate']} requests/s for "
                f"{CONFIG['steady_s']} s, data services on CPU {LOCUST_CPUS if apart else 'any'}"
            )
            report["steady"] = locust(env, workdir, server, "steady", **steady)
            report["steady"]["data_services_apart"] = apart
        if apart:
            log("steady mixed journey again, the data services on any CPU")
            report["steady_shared"] = locust(env, workdir, server, "steady-shared", **steady)
        log(f"saturation: {CONFIG['saturation_users']} users without pause")
        share = CONFIG["saturation_users"] / users
        report["saturation"] = locust(
            env, workdir, server, "saturation", users=CONFIG["saturation_users"],
            seconds=CONFIG["saturation_s"],
            roles={role: max(1, round(n * share)) for role, n in STEADY_USERS.items()},
        )  # fmt: skip
        report["saturation"]["users"] = sum(max(1, round(n * share)) for n in STEADY_USERS.values())
        pages = {}
        for page, page_users in [
            ("dashboard", CONFIG["page_users"]),
            ("bare_dashboard", CONFIG["page_users"]),
            ("queue_page_1", 1),
            ("queue_page_1000", 1),
            ("claims_list", 1),
            ("home", 1),
        ]:
            log(f"one page: {page}, {page_users} user(s) for {CONFIG['page_s']} s")
            pages[page] = locust(
                env, workdir, server, page, users=page_users, seconds=CONFIG["page_s"],
                page=page,
            )["pages"][page]  # fmt: skip
        report["pages"] = pages

        log(f"upload of {CONFIG['upload_mib']} MB: worker memory")
        report["upload"] = upload_memory(server, big, CONFIG["upload_mib"])
        log(
            f"registration: the form, then the link's button, each at "
            f"{CONFIG['registration_rate']}/s for {CONFIG['registration_s']} s"
        )
        report["registration"] = registration(
            server, big, CONFIG["registration_rate"], CONFIG["registration_s"], big_url
        )
        report.update(hook_phases(env=env, workdir=workdir, server=server, samples=big))
    finally:
        server.stop()

    import django

    django.setup()
    log(f"mail outbox: {CONFIG['mail_messages']} messages through a Celery worker")
    report["mail"] = mail_drain(env, workdir, CONFIG["mail_messages"])
    from django.db import connections

    connections.close_all()

    log(f"certificates: {CONFIG['cert_count']} rendered and signed on CPU {SERVER_CPUS}")
    report["certificates"] = certificates(env, workdir, CONFIG["cert_count"])

    if os.environ.get("BENCH_KEEP_DB", "") in ("", "0"):
        for name in (DB_PREFIX, f"{DB_PREFIX}_small"):
            _admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(workdir / "media", ignore_errors=True)
        shutil.rmtree(workdir / "static", ignore_errors=True)
    report["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report["machine"]["yardstick_ms"]["end"] = yardstick_ms()
    # The one-minute average at the start: what else was running when the run began.
    start_load = report["machine"]["load_average_at_start"][0]
    report["comparable"] = start_load <= LOAD_PER_CORE_LIMIT * CORES
    report["comparable_rule"] = (
        f"load average at start {start_load} against {LOAD_PER_CORE_LIMIT} per core x {CORES} cores"
    )
    report["wall_s"] = round(time.perf_counter() - wall_started)

    from scripts.bench.report import markdown, targets

    report["targets"] = targets(report)
    text = markdown(report)
    for directory, suffix in ((out_dir, ""), (out_dir, f"-{stamp}")):
        (directory / f"report{suffix}.md").write_text(text)
        (directory / f"report{suffix}.json").write_text(json.dumps(report, indent=1, default=str))
    print(text)
    log(f"done in {report['wall_s']} s; written to {out_dir}/report.md and report.json")


if __name__ == "__main__":
    main()
