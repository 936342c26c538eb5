"""Locust journeys of `make bench`, one class per role; run headless by scripts.bench.run.

Logging in: the seed writes a Django session row per sample user (scripts.bench.seed) and each
simulated user starts with that session cookie, so no request goes through allauth's login,
whose password hashing and rate limits would otherwise be what the bench measures. POSTs carry a
fixed CSRF token, sent both as the csrftoken cookie and as the form field, as a browser does.

Every request is recorded by `_record` (latency, expected status or not, and the X-Bench-Queries
header the bench middleware sets) and written as JSON to BENCH_LOCUST_OUT when locust stops.

Environment: BENCH_SAMPLES (the seed's JSON), BENCH_LOCUST_OUT, BENCH_MODE ("mixed" or "page"),
BENCH_PAGE (for "page": one of PAGES), BENCH_USER_RATE (requests per second per simulated user;
0 = as fast as answers come), BENCH_USERS_<ROLE> (users per role in "mixed").
"""

# ruff: noqa: S311 - random picks which sample a simulated user takes; nothing secret

import io
import json
import os
import random
import secrets
from collections import defaultdict
from http.cookiejar import Cookie
from urllib.parse import urlencode

from locust import FastHttpUser, constant, constant_throughput, events, task

SAMPLES = json.loads(open(os.environ["BENCH_SAMPLES"]).read())  # noqa: SIM115
MODE = os.environ.get("BENCH_MODE", "mixed")
RATE = float(os.environ.get("BENCH_USER_RATE", "0"))
CSRF = secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret Django accepts
QUERIES_HEADER = "X-Bench-Queries"

# Share of certificate checks that come from a QR code (number and token).
QR_SHARE = 0.8

CANDIDATES = [c for c in SAMPLES["candidates"] if c["status"] != "draft"]
DRAFTS = [c for c in SAMPLES["candidates"] if c["status"] == "draft"]
UPLOAD_URL = f"/pengajuan/berkas/{SAMPLES['upload_requirement']}/"
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
    lambda: {"latencies_ms": [], "errors": 0, "queries": [], "statuses": defaultdict(int)}
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
    value = headers.get(QUERIES_HEADER)
    if value is not None:
        record["queries"].append(int(value))


@events.quitting.add_listener
def _write(environment, **_kwargs):
    out = os.environ.get("BENCH_LOCUST_OUT")
    if out:
        with open(out, "w") as handle:
            json.dump(_records, handle)


def _wait():
    return constant_throughput(RATE) if RATE > 0 else constant(0)


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

    def on_start(self):
        self.client.cookiejar.set_cookie(_cookie("csrftoken", CSRF))
        if self.session_key:
            self.client.cookiejar.set_cookie(_cookie("sessionid", self.session_key))

    def get(self, url: str, name: str, expect: int = 200):
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as r:
            if r.status_code != expect:
                r.failure(f"{r.status_code} instead of {expect}")

    def post(self, url: str, name: str, body: bytes, content_type: str, expect: int = 302):
        headers = {"Content-Type": content_type, "Referer": f"http://127.0.0.1{url}"}
        with self.client.post(
            url, data=body, headers=headers, name=name, catch_response=True, allow_redirects=False
        ) as r:
            if r.status_code != expect:
                r.failure(f"{r.status_code} instead of {expect}")


# --- the mixed journey, one class per role -----------------------------------------------------


class PublicVisitor(PortalUser):
    """Anyone: the home page, the service standards (the list and each service's page), the NIP
    check, the register and NIP-claim forms, the certificate check (mostly from a QR code, with
    its token), complaints."""

    fixed_count = _users("PUBLIC")

    @task(3)
    def home(self):
        self.get("/", "home")

    @task(2)
    def service_standard(self):
        slug = random.choice(SAMPLES["standard_slugs"])
        self.get(f"/layanan/{slug}/", "service_standard")

    @task(1)
    def service_standards(self):
        self.get("/layanan/", "service_standards")

    @task(4)
    def nip_check(self):
        known = random.random() < 0.8
        pool = SAMPLES["registered_nips"] if known else SAMPLES["unregistered_nips"]
        self.get(f"/cek-nip/?nip={random.choice(pool)}", "nip_check")

    @task(1)
    def register_form(self):
        self.get("/register/", "register_form")

    @task(1)
    def claim_start(self):
        self.get("/klaim-nip/", "claim_start")

    @task(2)
    def certificate_verify(self):
        # Most checks come from the QR code (number and token: the holder's name and level);
        # some from a number typed in (the status alone).
        if random.random() < QR_SHARE:
            qr = random.choice(SAMPLES["certificate_qr"])
            query = urlencode({"t": qr["token"]})
            self.get(f"/certificates/verify/{qr['number']}/?{query}", "certificate_verify_qr")
        else:
            number = random.choice(SAMPLES["certificate_numbers"])
            self.get(f"/certificates/verify/{number}/", "certificate_verify_number")

    @task(1)
    def complaint_form(self):
        self.get("/pengaduan/", "complaint_form")

    @task(2)
    def complaint_track(self):
        code = random.choice(SAMPLES["tracking_codes"])
        self.get(f"/pengaduan/lacak/{code}/", "complaint_track")

    @task(1)
    def complaint_submit(self):
        fields = {
            "csrfmiddlewaretoken": CSRF,
            "kind": "informasi",
            "subject": "Jadwal uji kompetensi berikutnya",
            "description": "Kapan jadwal uji kompetensi jenjang ahli muda dibuka kembali?",
            "reporter_name": "Pengunjung Bench",
            "reporter_email": "pengunjung@contoh.id",
        }
        body, content_type = _multipart(fields, {})
        self.post("/pengaduan/", "complaint_submit", body, content_type)


class Candidate(PortalUser):
    """A logged-in candidate, in any status but draft: the dashboard."""

    fixed_count = _users("CANDIDATE")

    def on_start(self):
        self.session_key = random.choice(CANDIDATES)["session"]
        super().on_start()

    @task
    def dashboard(self):
        self.get("/dashboard/", "dashboard")


class DraftCandidate(PortalUser):
    """A candidate still filling in the application: the dashboard, the task list and an
    upload."""

    fixed_count = _users("DRAFT")

    def on_start(self):
        self.session_key = random.choice(DRAFTS)["session"]
        super().on_start()

    @task(2)
    def dashboard(self):
        self.get("/dashboard/", "dashboard")

    @task(1)
    def application_tasklist(self):
        self.get("/pengajuan/", "application_tasklist")

    @task(1)
    def upload(self):
        body, content_type = _multipart({"csrfmiddlewaretoken": CSRF}, {"file": ("sk.pdf", PDF)})
        self.post(UPLOAD_URL, "upload", body, content_type)


class Verifier(PortalUser):
    """The verification panel: the queue's first page and a deep one; the account claims' list
    and one claim's page; the objections' queue."""

    fixed_count = _users("VERIFIER")

    def on_start(self):
        self.session_key = random.choice(SAMPLES["verifiers"])
        super().on_start()

    @task(3)
    def queue_page_1(self):
        self.get("/verifikasi/?status=semua", "queue_page_1")

    @task(1)
    def queue_page_1000(self):
        self.get("/verifikasi/?status=semua&halaman=1000", "queue_page_1000")

    @task(1)
    def claims_list(self):
        self.get("/verifikasi/klaim/", "claims_list")

    @task(1)
    def objections_queue(self):
        self.get("/keberatan/petugas/", "objections_queue")

    @task(1)
    def claim_page(self):
        claim = random.choice(SAMPLES["claims"])
        self.get(f"/verifikasi/klaim/{claim['public_id']}/", "claim_page")


class EngineUser(PortalUser):
    """Seed 002 on the workflow engine: a Perangkat Daerah operator's proposals, an employee's
    case, the BKPSDM verifier's queue and an external assessor's sessions."""

    fixed_count = _users("ENGINE")

    def _as(self, session_key: str) -> None:
        self.client.cookiejar.set_cookie(_cookie("sessionid", session_key))

    @task(2)
    def proposals(self):
        self._as(SAMPLES["casework"]["operator"])
        self.get("/permohonan-layanan/usulan/", "engine_proposals")

    @task(2)
    def employee_case(self):
        work = SAMPLES["casework"]
        self._as(work["employee"])
        self.get(f"/permohonan-layanan/{work['employee_case']}/", "engine_case")

    @task(2)
    def staff_queue(self):
        self._as(SAMPLES["casework"]["verifier"])
        self.get("/permohonan-layanan/petugas/", "engine_staff_queue")

    @task(1)
    def assessor_sessions(self):
        self._as(SAMPLES["casework"]["assessor"])
        self.get("/permohonan-layanan/uji/", "engine_sessions")


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
    for _cls in (PublicVisitor, Candidate, DraftCandidate, Verifier, EngineUser):
        _cls.abstract = True
else:
    OnePage.abstract = True
