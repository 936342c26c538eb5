"""Support for the reliability tests: the portal's real processes, started as subprocesses
(gunicorn, Celery workers, a private redis-server) next to the pieces the tests break on
purpose (a TCP proxy in front of PostgreSQL, an SMTP sink that can be down).

Every process is started in its own process group and killed with it when its fixture ends.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings

from config.celery import app as celery_app

BASE_DIR = Path(django_settings.BASE_DIR)
VENV_BIN = Path(sys.executable).parent
QUEUES = "default,mail,pdf"  # CELERY_TASK_DEFAULT_QUEUE and CELERY_TASK_ROUTES


# --- Only with PostgreSQL and Redis, as CI has them -------------------------------------------


def _missing_services() -> str | None:
    if django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return "needs PostgreSQL (DATABASE_URL=postgres://...); CI sets it"
    if not django_settings.REDIS_URL:
        return "needs REDIS_URL (the suite's Redis); CI sets it"
    return None


@pytest.fixture(autouse=True)
def _services_required():
    reason = _missing_services()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI must run the reliability tests: {reason}")
        pytest.skip(reason)


# --- Waiting ---------------------------------------------------------------------------------


def wait_for(condition: Callable[[], object], timeout: float, what: str, interval=0.05):
    """Poll condition() until it is truthy; fail naming what was awaited after timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"still waiting after {timeout} s for {what}")
        time.sleep(interval)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


# --- Subprocesses ----------------------------------------------------------------------------


class Process:
    """A subprocess in its own process group, its output in a log file."""

    def __init__(self, name: str, args: list[str], env: dict, log_dir: Path):
        self.name = name
        self.log_path = log_dir / f"{name}-{uuid.uuid4().hex[:6]}.log"
        with self.log_path.open("wb") as log:
            self.popen = subprocess.Popen(
                args,
                cwd=BASE_DIR,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def pid(self) -> int:
        return self.popen.pid

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def running(self) -> bool:
        return self.popen.poll() is None

    def kill(self, sig=signal.SIGKILL) -> None:
        """Signal the whole process group (gunicorn's and celery's children too)."""
        if self.running():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, sig)

    def stop(self, grace: float = 5) -> None:
        if self.running():
            self.kill(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(grace)
        self.kill(signal.SIGKILL)  # whatever is left of the group
        self.popen.wait(10)

    def check_alive(self) -> None:
        if not self.running():
            pytest.fail(f"{self.name} exited ({self.popen.returncode}):\n{self.log()[-3000:]}")


@pytest.fixture
def processes(reference_data, tmp_path) -> Iterator[Callable[..., Process]]:
    """start(name, args, env) → Process; every one is stopped when the test ends, before the
    test database is emptied (they use it: a transactional database, committed rows, with the
    reference rows the migrations made)."""
    started: list[Process] = []

    def start(name: str, args: list[str], env: dict) -> Process:
        process = Process(name, args, env, tmp_path)
        started.append(process)
        return process

    yield start
    for process in reversed(started):
        process.stop()


# --- A private Redis that the tests may kill -------------------------------------------------


class RedisServer:
    def __init__(self, start_process: Callable[..., Process]):
        self.start_process = start_process
        self.port = free_port()
        self.process: Process | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        args += ["--save", "", "--appendonly", "no", "--protected-mode", "no"]
        self.process = self.start_process("redis", args, os.environ.copy())
        wait_for(lambda: port_open(self.port), 10, "redis-server to listen")

    def stop(self) -> None:
        """A crash: SIGKILL, and every connection to it is gone."""
        self.process.kill()
        self.process.popen.wait(5)
        wait_for(lambda: not port_open(self.port), 5, "redis-server's port to close")


@pytest.fixture
def private_redis(processes) -> RedisServer:
    server = RedisServer(processes)
    server.start()
    return server


# --- Static files for DEBUG=false (WhiteNoise's manifest storage) ----------------------------


@pytest.fixture(scope="session")
def var_dir(tmp_path_factory) -> Path:
    """A PORTAL_VAR_DIR with collected static files, once per session. The admin's files are
    left out: these tests never open the admin, and they are most of collectstatic's time."""
    directory = tmp_path_factory.mktemp("reliability-var")
    env = {**os.environ, "DEBUG": "false", "PORTAL_VAR_DIR": str(directory)}
    env["SECRET_KEY"] = django_settings.SECRET_KEY
    for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"):
        env.pop(name, None)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0", "-i", "admin"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=120,
    )
    return directory


# --- The environment of the portal's processes -----------------------------------------------


def database_url(host: str | None = None, port: int | None = None) -> str:
    """The test database (its name during a transactional test), optionally via a proxy."""
    db = django_settings.DATABASES["default"]
    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host = host or db["HOST"] or "127.0.0.1"
    port = port or db["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def portal_env(var_dir: Path, **values) -> dict:
    """The environment a production process would get; values override (None removes)."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("EMAIL_", "PORTAL_", "CELERY_", "DB_", "GUNICORN_"))
        and name not in ("DATABASE_URL", "REDIS_URL", "PYTEST_CURRENT_TEST", "PYTHONWARNINGS")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY=django_settings.SECRET_KEY,  # sessions made by the tests are valid there
        PORTAL_VAR_DIR=str(var_dir),
        DATABASE_URL=database_url(),
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    for name, value in values.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = str(value)
    return env


# As the Dockerfile serves the portal.
WORKER_CLASS = "portal.gunicorn_worker.ThreadWorker"
ACCESS_LOG_FORMAT = 'pid=%(p)s %(h)s "%(r)s" %(s)s %(b)s'


class WebServer:
    def __init__(self, process: Process, port: int):
        self.process = process
        self.port = port
        self.url = f"http://127.0.0.1:{port}"

    def get(self, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", 15)
        kwargs.setdefault("allow_redirects", False)
        return requests.get(self.url + path, **kwargs)  # noqa: S113 - the default is set above

    def worker_pids(self) -> set[int]:
        import psutil

        return {child.pid for child in psutil.Process(self.process.pid).children()}


@pytest.fixture
def start_web(processes, var_dir) -> Callable[..., WebServer]:
    """start_web(threads=, workers=, **env) → a gunicorn serving the portal with the
    Dockerfile's worker class (one process unless told); its access log lines start with the
    process id."""

    def start(threads: int = 4, workers: int = 1, **env_values) -> WebServer:
        port = free_port()
        args = [str(VENV_BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}"]
        args += ["--workers", str(workers), "--worker-class", WORKER_CLASS]
        args += ["--threads", str(threads), "--timeout", "30", "--graceful-timeout", "2"]
        args += ["--access-logfile", "-", "--access-logformat", ACCESS_LOG_FORMAT]
        process = processes("gunicorn", args, portal_env(var_dir, **env_values))
        server = WebServer(process, port)

        def answers():
            process.check_alive()
            try:  # the first request imports every view: slow on a busy machine
                return server.get("/healthz", timeout=10).status_code in (200, 503)
            except (requests.ConnectionError, requests.Timeout):
                return False

        wait_for(answers, 30, "gunicorn to answer /healthz", interval=0.1)
        return server

    return start


class Worker:
    def __init__(self, process: Process):
        self.process = process

    def ran(self, task_id: str) -> bool:
        """Whether the worker finished the task (its INFO log line)."""
        self.process.check_alive()
        return f"[{task_id}] succeeded" in self.process.log()


@pytest.fixture
def start_worker(processes, var_dir) -> Callable[..., Worker]:
    """start_worker(**env) → a real `celery worker` (solo pool) on the portal's queues, ready."""

    def start(**env_values) -> Worker:
        args = [str(VENV_BIN / "celery"), "-A", "config", "worker", "--pool", "solo"]
        args += ["--queues", QUEUES, "--loglevel", "INFO", "--hostname", f"{uuid.uuid4().hex}@%h"]
        args += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        process = processes("celery", args, portal_env(var_dir, **env_values))

        def ready():
            process.check_alive()
            return " ready." in process.log()

        wait_for(ready, 30, "the celery worker to be ready", interval=0.1)
        return Worker(process)

    return start


@pytest.fixture
def send_task():
    """send_task(task, broker_url, *args) → task id: queue a task on a private broker, as beat
    (or a web process) would; the autouse fixture's in-process mode is off meanwhile."""

    def send(task, broker_url: str, *args) -> str:
        task_id = uuid.uuid4().hex
        with celery_app.connection_for_write(broker_url) as connection:
            task.apply_async(args, connection=connection, task_id=task_id)
        return task_id

    celery_app.conf.task_always_eager = False
    try:
        yield send
    finally:
        celery_app.conf.task_always_eager = True  # as tests/conftest.py's autouse fixture


# --- SMTP ------------------------------------------------------------------------------------


class SmtpSink:
    """An SMTP server on a fixed port that can be started late (SMTP down until then)."""

    def __init__(self):
        self.port = free_port()
        self.envelopes = []
        self._controller = None

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, ready_timeout=5)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def recipients(self) -> list[str]:
        return sorted(rcpt for envelope in self.envelopes for rcpt in envelope.rcpt_tos)


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    """Not listening yet: call start()."""
    sink = SmtpSink()
    yield sink
    sink.stop()


# --- A TCP proxy in front of PostgreSQL that can "restart" it --------------------------------


class TcpProxy:
    """Forwards 127.0.0.1:port to upstream. outage_begin() drops every open connection and
    stops listening (new connections are refused), like a database restart; outage_end()
    listens again on the same port."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.port = free_port()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._threads: list[threading.Thread] = []
        self.accepted = 0

    def start(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        self._spawn(self._accept_loop, listener)

    def _spawn(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # the listener was closed: the outage began, or the test ended
            try:
                server = socket.create_connection(self.upstream, timeout=5)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets.update((client, server))
                self.accepted += 1
            self._spawn(self._pump, client, server)
            self._spawn(self._pump, server, client)

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                self._close(sock)

    def _close(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(sock)
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()

    def outage_begin(self) -> None:
        listener, self._listener = self._listener, None
        with contextlib.suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() of the accepting thread
        listener.close()
        with self._lock:
            open_sockets = list(self._sockets)
        for sock in open_sockets:
            self._close(sock)

    def outage_end(self) -> None:
        self.start()

    def stop(self) -> None:
        if self._listener is not None:
            self.outage_begin()
        for thread in self._threads:
            thread.join(2)


@pytest.fixture
def db_proxy() -> Iterator[TcpProxy]:
    db = django_settings.DATABASES["default"]
    proxy = TcpProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    proxy.start()
    yield proxy
    proxy.stop()
