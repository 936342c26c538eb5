"""A real HTTP receiver on loopback (a thread with http.server) that records what it gets, for
the webhooks and the fake SP4N-LAPOR!; and complaints made through the real services."""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from complaints.constants import ComplaintKind
from complaints.services import complaint_submit
from portal.constants import Role
from portal.models import Service
from tests.factories import SERVICE_SLUG


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Answers every POST with `status` (200 by default) and records it; `stop()` closes the
    port (connections refused) and `start()` opens it again on the same port."""

    status: int = 200
    received: list[Received] = field(default_factory=list)
    port: int = 0
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.received.append(
                    Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                )
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.allow_reuse_address = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def bodies(self) -> list[dict]:
        return [request.json for request in self.received]


@pytest.fixture
def receiver():
    ThreadingHTTPServer.allow_reuse_address = True
    receiver = Receiver()
    receiver.start()
    yield receiver
    receiver.stop()


@pytest.fixture
def lapor(settings):
    """The fake SP4N-LAPOR! endpoint, configured as the portal's."""
    ThreadingHTTPServer.allow_reuse_address = True
    fake = Receiver()
    fake.start()
    settings.PORTAL_LAPOR_URL = f"http://127.0.0.1:{fake.port}/lapor/api"
    settings.PORTAL_LAPOR_TOKEN = "token-lapor-uji"
    yield fake
    fake.stop()


@pytest.fixture
def handler(make_user):
    return make_user("pengelola-pengaduan", Role.COMPLAINT_HANDLER, first_name="Sari Handayani")


@pytest.fixture
def make_complaint():
    def make(**fields):
        values = {
            "kind": ComplaintKind.COMPLAINT,
            "service": Service.objects.get(slug=SERVICE_SLUG),
            "subject": "Berkas tidak dapat diunggah",
            "description": "Unggahan SK jabatan selalu gagal sejak kemarin.",
            "reporter_name": "Budi Santoso",
            "reporter_email": "budi@example.test",
            **fields,
        }
        return complaint_submit(**values)

    return make
