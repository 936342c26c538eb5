"""Data made once for a whole test module instead of once per test, where making it is most of
what a test costs (the access matrix's users, seed_demo's run); and the settings every test runs
with (tests/conftest.py `_test_settings`).

A module-scoped fixture does `yield from module_data(django_db_blocker, tmp_path, make)`: `make`
runs inside a transaction, with the test settings, and that transaction is rolled back when the
module's tests are done. Each test of the module still runs in its own savepoint inside it
(pytest-django's `django_db`), so whatever a test writes is undone before the next one: the
module's data is all they share. Only for modules whose tests are all non-transactional: a
`transaction=True` test empties the tables, module data included."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.db import transaction
from django.test import override_settings

TEST_PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "registration.hashers.GeneratedPasswordHasher",  # the generated first passwords
]


def suite_settings(media: Path) -> dict:
    """The settings every test runs with (media files under `media`)."""
    return {
        "PASSWORD_HASHERS": TEST_PASSWORD_HASHERS,
        "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        # Headers and footers read their provider anew on every page: query budgets count that
        # path, the same on every request (tests/portal/test_providers.py tests the cache
        # itself).
        "PORTAL_PROVIDER_CACHE_SECONDS": 0,
        # Likewise the candidate's dashboard block: tests/composition/test_dashboard_cache.py
        # turns it on.
        "PORTAL_DASHBOARD_CACHE_SECONDS": 0,
        "STORAGES": {
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": media, "base_url": None},
            },
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        # Mail still goes through the outbox; the transport is Django's in-memory one.
        "MAILERS": {
            "default": {"BACKEND": "portal.mail.OutboxEmailBackend"},
            "transport": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
        },
        "CELERY_TASK_ALWAYS_EAGER": True,
        # The tests' webhook receivers and fake LAPOR! listen on loopback, over plain http.
        "PORTAL_WEBHOOK_ALLOW_HTTP_LOOPBACK": True,
        "PORTAL_WEBHOOK_ALLOW_PRIVATE": True,
    }


def module_data(django_db_blocker, tmp_path: Path, make: Callable[[Path], Any]) -> Iterator:
    """Yields what `make(media)` returns, made inside a transaction rolled back afterwards (the
    test settings in force meanwhile, media files written under `media`: a test reading them
    points its STORAGES there, each test having its own)."""
    from django.core.cache import cache

    from config.celery import app

    media = tmp_path / "media"
    atomic = transaction.atomic()
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        with django_db_blocker.unblock(), override_settings(**suite_settings(media)):
            atomic.__enter__()
            try:
                data = make(media)
            except BaseException as error:
                atomic.__exit__(type(error), error, error.__traceback__)
                raise
            finally:
                cache.clear()
    finally:
        app.conf.task_always_eager = eager
    try:
        yield data
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
