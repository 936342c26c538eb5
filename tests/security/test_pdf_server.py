"""The PDF check's server (portal.pdfclean ``serve``, portal.uploads.PDF_SERVERS): Python and
pypdf start once per web process instead of once per upload, and each PDF is still read in a
fresh child with the limits. What must hold: the server and its children carry none of the web
process's environment, a child that dies leaves the server serving, and a server that dies or
hangs costs one answer at most: the PDF is checked in a child of its own, or refused as too
complex, and the next upload starts a new server."""

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from portal import pdfclean, uploads
from portal.uploads import PDF_SERVERS, UploadRejected, upload_clean
from tests.portal import files
from tests.security.test_pdf_active_content import Rules


@pytest.fixture(autouse=True)
def fresh_servers():
    PDF_SERVERS.stop()
    yield
    PDF_SERVERS.stop()


def _check(pdf: bytes | None = None):
    return upload_clean(files.upload(pdf or files.pdf_bytes()), Rules()).checked


def _server_pids() -> list[int]:
    return [server.process.pid for server in PDF_SERVERS.idle]


def test_one_server_checks_pdf_after_pdf_in_isolated_python():
    pages = [_check().pages for _ in range(3)]

    assert pages == [1, 1, 1]
    [pid] = _server_pids()
    arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    assert arguments[1:2] == [b"-I"]
    assert arguments[-2:] == [b"serve", b""]
    assert arguments[2].endswith(b"portal/pdfclean.py")


def test_the_server_gets_none_of_the_web_processs_environment(monkeypatch):
    """A parser exploit in a child finds no secret: no SECRET_KEY, no DATABASE_URL. The child
    is forked from the server and has the server's environment."""
    monkeypatch.setenv("SECRET_KEY", "rahasia-yang-tidak-boleh-bocor")

    _check()

    [pid] = _server_pids()
    environment = Path(f"/proc/{pid}/environ").read_bytes()
    names = {entry.split(b"=", 1)[0] for entry in environment.split(b"\0") if entry}
    assert names <= {b"PATH", b"LC_ALL"}
    assert b"rahasia" not in environment


def test_a_child_that_runs_out_of_memory_leaves_the_server_serving(monkeypatch):
    _check()
    [pid] = _server_pids()
    monkeypatch.setattr(pdfclean, "MEMORY_LIMIT", 16 * 1024 * 1024)  # below Python's own

    with pytest.raises(UploadRejected) as refused:
        _check(files.pdf_bytes(pages=3000))

    assert refused.value.code == "pdf_too_complex"
    monkeypatch.undo()
    assert _check().pages == 1
    assert _server_pids() == [pid]


def test_a_killed_server_costs_nothing_and_is_replaced(monkeypatch):
    _check()
    [first] = _server_pids()
    os.kill(first, signal.SIGKILL)
    asked = []
    original = subprocess.run

    def recording(arguments, **options):
        asked.append(options.get("env"))
        return original(arguments, **options)

    monkeypatch.setattr(uploads.subprocess, "run", recording)

    checked = _check(files.pdf_bytes(pages=2))

    assert checked.pages == 2  # asked of a child of its own
    assert len(asked) == 1 and set(asked[0]) <= {"PATH", "LC_ALL"}
    assert _server_pids() == []
    assert not Path(f"/proc/{first}").exists()  # waited for: no zombie
    _check()
    [second] = _server_pids()
    assert second != first
    assert len(asked) == 1


def test_a_server_that_stops_answering_is_ended_and_the_pdf_refused(monkeypatch):
    _check()
    [pid] = _server_pids()
    monkeypatch.setattr(uploads, "PDF_CHILD_SECONDS", 0.2)
    monkeypatch.setattr(uploads, "PDF_SERVER_GRACE_SECONDS", 0.3)
    os.kill(pid, signal.SIGSTOP)  # alive, and answering nothing

    with pytest.raises(UploadRejected) as refused:
        _check()

    assert refused.value.code == "pdf_too_complex"
    assert _server_pids() == []
    assert not Path(f"/proc/{pid}").exists()


def test_a_server_ends_when_its_web_process_lets_go():
    _check()
    [server] = PDF_SERVERS.idle
    PDF_SERVERS.idle.clear()

    server.process.stdin.close()  # as when the web process exits
    deadline = time.monotonic() + 10
    while server.process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)

    server.process.stdout.close()
    assert server.process.returncode == 0


def test_servers_started_for_uploads_at_once_are_not_all_kept():
    """Two threads checking a PDF at the same time each get a server; one is kept idle."""
    started = threading.Barrier(2)
    taken = []
    original = uploads._PdfServer.ask

    def ask_together(server, data, *, rewrite):
        taken.append(server.process.pid)
        started.wait(timeout=10)  # both servers are in use at once
        return original(server, data, rewrite=rewrite)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(uploads._PdfServer, "ask", ask_together)
        threads = [threading.Thread(target=_check) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert len(set(taken)) == 2
    kept = _server_pids()
    assert len(kept) == uploads.PDF_SERVERS_KEPT == 1
    [stopped] = set(taken) - set(kept)
    assert not Path(f"/proc/{stopped}").exists()
