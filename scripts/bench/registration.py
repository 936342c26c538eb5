"""`make bench`'s registration surge (issue 19): the whole registration at a steady rate, with
one Celery mail worker delivering to an SMTP sink, as on the last day before a closing date.

Each registration, started on schedule (open loop: whether or not the earlier ones are done):

1. `form`: POST /register/ with NIP and address: the "periksa kembali" page (200);
2. `send`: its button (confirm=1): the link mail is queued (302);
3. the link mail reaches the sink through the worker; its token is read from it;
4. `button`: POST /register/konfirmasi/<token>/: the account, its generated password (fast
   keyed hash, registration.hashers) and the credentials mail (302).

Reported: per step the requests, statuses, 429s (shed) and the CPU milliseconds of each request
(the X-Bench-CPU-ms header of scripts.bench.middleware: the handling thread's CPU) plus the
gunicorn workers' whole CPU per registration; the accounts created; the latency of the
credentials mail from the button's POST to its arrival at the sink, and from the outbox's own
rows (created_at to sent_at, link and credentials mails together).

`run.py` calls `registration_surge(server, samples, rate, seconds, pg_url, env, workdir)` with
the big seed's server; alone, against a running gunicorn of the bench settings:

    .venv/bin/python -m scripts.bench.registration --port 8000 --samples samples.json \\
        --rate 20 --seconds 20
"""

import argparse
import email
import http.client
import json
import math
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from email.header import decode_header, make_header
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
CPU_HEADER = "x-bench-cpu-ms"  # scripts.bench.middleware.CPU_HEADER, as http.client lowers it
LINK = re.compile(r"/register/konfirmasi/([A-Za-z0-9_-]+)/")
CREDENTIALS = re.compile(r"Kata sandi: \S+")
STEPS = ("form", "send", "button")
WARM_UP = 20  # registrations before the measured ones (not counted)


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(q * len(ordered)) - 1)], 1)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _worker_cpus() -> list[str]:
    """The mail worker runs beside the load generator, off the web core (run.py pins gunicorn
    to every CPU but the last)."""
    cores = os.cpu_count() or 1
    taskset = shutil.which("taskset")
    return [taskset, "-c", str(cores - 1)] if taskset and cores >= 2 else []


class Sink:
    """An SMTP server that keeps, per recipient, when each kind of mail arrived (and the link's
    token), and wakes whoever waits for it."""

    def __init__(self):
        self.arrived: dict[str, dict] = {}
        self.condition = threading.Condition()
        self.received = 0

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's name
        now = time.time()
        message = email.message_from_bytes(envelope.content)
        body = ""
        for part in message.walk():
            if part.get_content_type() == "text/plain":
                payload = part.get_payload(decode=True) or b""
                body += payload.decode(part.get_content_charset() or "utf-8", "replace")
        subject = str(make_header(decode_header(message.get("Subject", ""))))
        link = LINK.search(body)
        with self.condition:
            self.received += 1
            for recipient in envelope.rcpt_tos:
                seen = self.arrived.setdefault(recipient.lower(), {})
                if link:
                    seen.setdefault("link", (now, link.group(1)))
                elif CREDENTIALS.search(body):
                    seen.setdefault("credentials", now)
                else:
                    seen.setdefault("other", (now, subject))
            self.condition.notify_all()
        return "250 OK"

    def wait(self, recipient: str, kind: str, timeout: float):
        deadline = time.monotonic() + timeout
        with self.condition:
            while kind not in self.arrived.get(recipient, {}):
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.condition.wait(left)
            return self.arrived[recipient][kind]


def _post(port: int, path: str, fields: dict, csrf: str) -> tuple[int, float | None, float]:
    """(status, the request's CPU ms from the server, when it was sent as time.time())."""
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, **fields}).encode()
    headers = {
        "Host": "127.0.0.1",
        "Cookie": f"csrftoken={csrf}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    sent = time.time()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        cpu = response.getheader(CPU_HEADER)
        connection.close()
    except OSError:
        return 0, None, sent
    return response.status, float(cpu) if cpu else None, sent


def _official_addresses(pg_url: str, nips: list[str]) -> dict[str, str]:
    """The registry's official address of each NIP that has one: its link goes there."""
    import psycopg2

    with psycopg2.connect(pg_url) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT nip, lower(email) FROM registration_librarian "
            "WHERE nip = ANY(%s) AND email <> ''",
            (nips,),
        )
        return dict(cursor.fetchall())


def _accounts(pg_url: str, nips: list[str]) -> int:
    import psycopg2

    with psycopg2.connect(pg_url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM registration_user WHERE nip = ANY(%s)", (nips,))
        return cursor.fetchone()[0]


def _outbox_latencies(pg_url: str, since: float) -> list[float]:
    """Seconds from created_at to sent_at of the outbox rows created since `since`."""
    import psycopg2

    with psycopg2.connect(pg_url) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT extract(epoch FROM sent_at - created_at) FROM portal_outboundemail "
            "WHERE created_at >= to_timestamp(%s) AND sent_at IS NOT NULL",
            (since,),
        )
        return [float(row[0]) for row in cursor.fetchall()]


def _outbox_unsent(pg_url: str, since: float) -> dict[str, int]:
    import psycopg2

    with psycopg2.connect(pg_url) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, count(*) FROM portal_outboundemail "
            "WHERE created_at >= to_timestamp(%s) AND sent_at IS NULL GROUP BY status",
            (since,),
        )
        return dict(cursor.fetchall())


def _start_worker(env: dict, workdir: Path, smtp_port: int) -> tuple[subprocess.Popen, object]:
    """One Celery worker process (concurrency 1) on the `mail` queue, delivering to the sink."""
    import redis

    client = redis.Redis.from_url(env["REDIS_URL"])
    # Tasks queued by earlier phases would be delivered first and count against this one.
    for key in client.scan_iter(match="mail*"):
        client.delete(key)
    log = workdir / "celery-registration.log"
    log.unlink(missing_ok=True)
    worker_env = {**env, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port)}
    cmd = [*_worker_cpus(), str(VENV_BIN / "celery"), "-A", "config", "worker", "-Q", "mail"]
    cmd += ["-c", "1", "-P", "prefork", "-n", "bench-registration@%h", "-l", "INFO"]
    cmd += ["--logfile", str(log), "--without-gossip", "--without-mingle", "--without-heartbeat"]
    banner = open(workdir / "celery-registration.out", "w")  # noqa: SIM115 - closed by the caller
    worker = subprocess.Popen(  # noqa: S603
        cmd, env=worker_env, cwd=BASE_DIR, start_new_session=True, stdout=banner, stderr=banner
    )
    deadline = time.monotonic() + 60
    while "ready." not in (log.read_text() if log.exists() else ""):
        if time.monotonic() > deadline or worker.poll() is not None:
            worker.kill()
            banner.close()
            raise SystemExit(f"The Celery mail worker did not start; see {log}")
        time.sleep(0.2)
    return worker, banner


def _stop(worker: subprocess.Popen) -> None:
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def _server_cpu(server) -> float:
    workers = server.workers() if server is not None else []
    return sum(sum(worker.cpu_times()[:2]) for worker in workers)


def _worker_cpu(worker: subprocess.Popen) -> float:
    """CPU seconds of the Celery worker: its main process and its pool."""
    import psutil

    try:
        main = psutil.Process(worker.pid)
        processes = [main, *main.children(recursive=True)]
        return sum(sum(process.cpu_times()[:2]) for process in processes)
    except psutil.NoSuchProcess:
        return 0.0


def _step_summary(records: list[tuple[int, float | None]]) -> dict:
    cpu = [ms for _status, ms in records if ms is not None]
    statuses: dict[str, int] = {}
    for status, _ms in records:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    return {
        "requests": len(records),
        "statuses": statuses,
        "shed_429": statuses.get("429", 0),
        "cpu_ms_median": round(statistics.median(cpu), 1) if cpu else None,
        "cpu_ms_mean": round(statistics.fmean(cpu), 1) if cpu else None,
        "cpu_ms_p95": _percentile(cpu, 0.95),
    }


def registration_surge(
    server, samples: dict, rate: int, seconds: int, pg_url: str, env: dict, workdir: Path
) -> dict:
    """`rate` registrations per second for `seconds`, each the three POSTs above, with one mail
    worker delivering to a local SMTP sink. `server` needs `.port` and `.workers()` (run.py's
    Server); the NIPs are the last `rate * seconds` of samples["unregistered_nips"], so that
    run.py's older registration phase (which takes the first ones) mails none of them."""
    from aiosmtpd.controller import Controller

    total = rate * seconds
    available = samples["unregistered_nips"]
    if len(available) < total + WARM_UP:
        raise SystemExit(
            f"The seed has {len(available)} unregistered NIPs; {total + WARM_UP} needed."
        )
    nips = available[-total:]
    warm_nips = available[-total - WARM_UP : -total]
    official = _official_addresses(pg_url, warm_nips + nips)
    accounts_before = _accounts(pg_url, nips)

    sink = Sink()
    smtp_port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    worker, banner = _start_worker(env, workdir, smtp_port)
    steps: dict[str, list] = {step: [] for step in STEPS}
    credentials_latency: list[float] = []
    link_latency: list[float] = []
    failures = {"no_link_mail": 0, "no_credentials_mail": 0}
    lock = threading.Lock()

    def register(nip: str) -> None:
        csrf = secrets.token_hex(16)
        typed = f"lonjakan.{nip}@contoh.go.id"
        mailbox = official.get(nip, typed)
        fields = {"nip": nip, "email": typed}
        status, cpu, _sent = _post(server.port, "/register/", fields, csrf)
        with lock:
            steps["form"].append((status, cpu))
        if status != 200:
            return
        status, cpu, sent = _post(server.port, "/register/", {**fields, "confirm": "1"}, csrf)
        with lock:
            steps["send"].append((status, cpu))
        if status != 302:
            return
        link = sink.wait(mailbox, "link", timeout=120)
        with lock:
            if link is None:
                failures["no_link_mail"] += 1
            else:
                link_latency.append(link[0] - sent)
        if link is None:
            return
        status, cpu, sent = _post(server.port, f"/register/konfirmasi/{link[1]}/", {}, csrf)
        with lock:
            steps["button"].append((status, cpu))
        if status != 302:
            return
        credentials = sink.wait(mailbox, "credentials", timeout=180)
        with lock:
            if credentials is None:
                failures["no_credentials_mail"] += 1
            else:
                credentials_latency.append(credentials - sent)

    # Every worker thread renders each step's templates once before the clock starts, as a
    # server that has been up for a while has (not counted).
    warm = [threading.Thread(target=register, args=(nip,), daemon=True) for nip in warm_nips]
    for thread in warm:
        thread.start()
        time.sleep(1 / rate)
    for thread in warm:
        thread.join(timeout=300)
    steps = {step: [] for step in STEPS}
    credentials_latency.clear()
    link_latency.clear()
    failures.update(no_link_mail=0, no_credentials_mail=0)

    cpu_before = _server_cpu(server)
    worker_cpu_before = _worker_cpu(worker)
    phase_started = time.time()
    threads = []
    started = time.perf_counter()
    try:
        for index, nip in enumerate(nips):
            delay = started + index / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            thread = threading.Thread(target=register, args=(nip,), daemon=True)
            thread.start()
            threads.append(thread)
        arrivals_s = time.perf_counter() - started
        for thread in threads:
            thread.join(timeout=300)
        finished_s = time.perf_counter() - started
        cpu = _server_cpu(server) - cpu_before
        worker_cpu = _worker_cpu(worker) - worker_cpu_before
        outbox = _outbox_latencies(pg_url, phase_started)
        unsent = _outbox_unsent(pg_url, phase_started)
    finally:
        _stop(worker)
        banner.close()
        controller.stop()

    created = _accounts(pg_url, nips) - accounts_before
    summaries = {step: _step_summary(records) for step, records in steps.items()}
    return {
        "rate": rate,
        "seconds": seconds,
        "registrations": total,
        "arrivals_s": round(arrivals_s, 1),
        "finished_s": round(finished_s, 1),
        "steps": summaries,
        "shed_429": sum(summary["shed_429"] for summary in summaries.values()),
        "accounts_created": created,
        "server_cpu_ms_per_registration": round(1000 * cpu / max(total, 1), 1),
        "credentials_mail_s": {
            "count": len(credentials_latency),
            "p50": _percentile(credentials_latency, 0.50),
            "p95": _percentile(credentials_latency, 0.95),
            "max": round(max(credentials_latency), 1) if credentials_latency else None,
        },
        "link_mail_s": {
            "count": len(link_latency),
            "p50": _percentile(link_latency, 0.50),
            "p95": _percentile(link_latency, 0.95),
        },
        "outbox_created_to_sent_s": {
            "count": len(outbox),
            "p50": _percentile(outbox, 0.50),
            "p95": _percentile(outbox, 0.95),
        },
        "outbox_unsent": unsent,
        "failures": failures,
        "sink_received": sink.received,
        "worker_cpu_ms_per_mail": round(1000 * worker_cpu / max(len(outbox), 1), 1),
        "worker": "one Celery worker, prefork concurrency 1, queue mail, SMTP sink on 127.0.0.1",
    }


class _RunningServer:
    """A gunicorn already serving the bench settings (for running this phase alone)."""

    def __init__(self, port: int, master_pid: int | None):
        self.port = port
        self.master_pid = master_pid

    def workers(self) -> list:
        import psutil

        if not self.master_pid:
            return []
        return psutil.Process(self.master_pid).children()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True, help="the gunicorn serving the seed")
    parser.add_argument("--master-pid", type=int, help="gunicorn's master, for the CPU figure")
    parser.add_argument("--samples", type=Path, required=True, help="the seed's samples JSON")
    parser.add_argument("--rate", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--workdir", type=Path, default=Path("var/bench"))
    parser.add_argument(
        "--skip", type=int, default=0, help="leave out the last N NIPs (used by an earlier run)"
    )
    args = parser.parse_args()
    samples = json.loads(args.samples.read_text())
    if args.skip:
        samples["unregistered_nips"] = samples["unregistered_nips"][: -args.skip]
    args.workdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "scripts.bench.settings"}
    result = registration_surge(
        _RunningServer(args.port, args.master_pid),
        samples,
        args.rate,
        args.seconds,
        os.environ["DATABASE_URL"],
        env,
        args.workdir,
    )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
