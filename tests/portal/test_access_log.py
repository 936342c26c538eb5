"""gunicorn's access log through portal.access_log.AccessLogger writes the lines gunicorn's own
Logger writes, for the default format, every fixed atom, quotes to escape, basic auth, and a
format reading headers or environ variables (left to gunicorn); gunicorn.conf.py selects it."""

import datetime
import runpy
from pathlib import Path

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger

from portal.access_log import AccessLogger

ROOT = Path(__file__).resolve().parents[2]

ALL_FIXED = " ".join(f"%({name})s" for name in "hlutrsmUqHbBfaTDMLp") + " %(nope)s %(H)s"


class _Response:
    status = "302 Found"
    sent = 1234
    headers = [("Content-Type", "text/html"), ("Location", "/masuk/"), ("X-Custom", 'a"b')]


class _Request:
    headers = [("HOST", "127.0.0.1:8000"), ("USER-AGENT", 'Agent "quoted"'), ("X-Thing", "t")]


def _environ(**extra) -> dict:
    return {
        "REQUEST_METHOD": "POST",
        "RAW_URI": '/cek-nip/?nip=1&q="x"',
        "PATH_INFO": "/cek-nip/",
        "QUERY_STRING": 'nip=1&q="x"',
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.7",
        "REMOTE_PORT": "51234",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_USER_AGENT": 'Agent "quoted"',
        "HTTP_REFERER": "http://127.0.0.1:8000/",
        "HTTP_X_THING": "t",
        "wsgi.url_scheme": "http",
        **extra,
    }


def _line(logger_class, tmp_path, log_format, environ, monkeypatch) -> str:
    path = tmp_path / f"{logger_class.__name__}.log"
    cfg = Config()
    cfg.set("accesslog", str(path))
    if log_format is not None:
        cfg.set("access_log_format", log_format)
    logger = logger_class(cfg)
    monkeypatch.setattr(logger, "now", lambda: "[05/Dec/2026:17:00:00 +0000]")
    logger.access(_Response(), _Request(), environ, datetime.timedelta(seconds=1, microseconds=5))
    for handler in logger.access_log.handlers:
        handler.close()
    return path.read_text()


@pytest.mark.parametrize(
    "log_format",
    [None, ALL_FIXED, '%(h)s "%({x-thing}i)s" %({location}o)s %({remote_port}e)s %(s)s'],
    ids=["default", "every fixed atom", "headers and environ"],
)
@pytest.mark.parametrize(
    "extra", [{}, {"HTTP_AUTHORIZATION": "Basic YWxpY2U6cmFoYXNpYQ=="}], ids=["", "basic auth"]
)
def test_the_lines_are_gunicorns(tmp_path, monkeypatch, log_format, extra):
    environ = _environ(**extra)
    expected = _line(Logger, tmp_path, log_format, environ, monkeypatch)
    assert _line(AccessLogger, tmp_path, log_format, environ, monkeypatch) == expected
    assert expected.count("\n") == 1 and "10.0.0.7" in expected
    if extra and "%(u)s" in (log_format or "%(u)s"):
        assert "alice" in expected


def test_a_default_line_reads_no_header(tmp_path, monkeypatch):
    """The work it saves: gunicorn's atoms get no header and only the fixed atoms' environ."""
    seen = []
    original = Logger.atoms

    def atoms(self, resp, req, environ, request_time):
        seen.append((list(resp.headers), sorted(environ)))
        return original(self, resp, req, environ, request_time)

    monkeypatch.setattr(Logger, "atoms", atoms)
    _line(AccessLogger, tmp_path, None, _environ(), monkeypatch)
    assert seen[0][0] == []
    assert "HTTP_X_THING" not in seen[0][1] and "REMOTE_ADDR" in seen[0][1]


def test_gunicorn_conf_selects_the_logger():
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert settings["logger_class"] == "portal.access_log.AccessLogger"
    cfg = Config()
    cfg.set("logger_class", settings["logger_class"])
    assert cfg.logger_class is AccessLogger
