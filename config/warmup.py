"""What a web worker does once when it starts rather than in the first request that needs it.

Measured in-process (scripts.bench.profile alike, a POST of the public complaint form after the
public pages had been read): the first submission in a fresh process cost about 350 ms of CPU
against 6 to 7 ms for the next ones. With four gunicorn workers the bench's rare POSTs paid it four
times, enough to put complaint_submit's p95 at 162 ms. Most of it was one-time work: the Celery
app's finalizing, its broker transport's and result backend's imports (the outbox queues its
mail after commit), and the compiling of Django's e-mail validator's domain pattern (a large
Unicode character class, about 30 ms, also paid by the registration form)."""

import contextlib

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from config.celery import warm_for_web


def warm_web_worker() -> None:
    warm_for_web()
    with contextlib.suppress(ValidationError):  # the address is valid
        validate_email("warm-up@example.com")  # compiles the validator's patterns
