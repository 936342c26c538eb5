"""Celery application: settings come from Django's (CELERY_* names)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def warm_for_web() -> None:
    """Do in a web worker at start what its first queued task would otherwise do inside a
    request: finalize the app (import every app's tasks), import the broker's transport and load
    the result backend's class (see config.warmup for what it cost). Nothing is connected: a
    broker that is down at start is met, as before, by the first send (and the outbox's
    re-drive). Called from config.warmup (config.wsgi) after fork: gunicorn does not preload."""
    if app.conf.task_always_eager:
        return  # nothing is sent to a broker (no CELERY_BROKER_URL)
    app.finalize(auto=True)
    # Builds the Connection object (no socket) and imports the transport's module and its client.
    app.connection_for_write().transport  # noqa: B018 -- imported for its side effect
    # The publisher's settings and its message sender (with the events' dispatcher class).
    app.amqp.send_task_message  # noqa: B018 -- built once per process
    # The result backend's class, found through the installed packages' entry points (~80 ms).
    app.backend  # noqa: B018 -- loaded for its side effect
