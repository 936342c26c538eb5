"""The kernel every app shares: catalogue, calendar, uploads, outbox mail, events, roles, exports.
It imports no feature app; the project's settings, URLs, Celery and WSGI live in config/."""
