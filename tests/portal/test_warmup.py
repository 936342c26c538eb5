"""config.warmup: a web worker's one-time work happens at start, and never needs the broker."""

import socket

from config.celery import app
from config.warmup import warm_web_worker
from portal.tasks import send_outbound_email


def test_warm_up_prepares_celery_without_connecting(monkeypatch):
    # A broker nobody listens on, and no socket may even try: the worker must start (and serve)
    # while Redis is down, as before; the first send meets the broker, the outbox re-drives.
    eager, broker = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, "redis://127.0.0.1:1/0"

    def refuse(*args, **kwargs):
        raise AssertionError("the warm-up opened a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    try:
        warm_web_worker()
    finally:
        app.conf.task_always_eager, app.conf.broker_url = eager, broker
    assert app.finalized
    assert send_outbound_email.name in app.tasks


def test_warm_up_does_nothing_for_an_eager_app(monkeypatch):
    # No broker configured (tasks run in the request): there is nothing to prepare.
    assert app.conf.task_always_eager  # as the suite's settings make it
    monkeypatch.setattr(app, "connection_for_write", lambda: (_ for _ in ()).throw(AssertionError))
    warm_web_worker()
