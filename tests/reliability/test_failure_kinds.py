"""Which failures the portal absorbs and which it must still report, with real errors from
PostgreSQL and from an unreachable Redis (in-process; the subprocess tests show the whole)."""

import logging

import psycopg2
import pytest
from django.db import DatabaseError, connection, transaction
from django.db import connections as django_connections
from django.test import RequestFactory

from portal import ratelimit
from portal.cache import FailOpenRedisCache
from portal.middleware import DatabaseUnavailableMiddleware, database_connection_error
from tests.reliability.conftest import free_port

pytestmark = pytest.mark.django_db


def django_error(sql: str, *, setup: str = "") -> DatabaseError:
    """The Django exception a query raises (wrapping the driver's error, as in a view)."""
    with pytest.raises(DatabaseError) as raised, connection.cursor() as cursor:
        if setup:
            cursor.execute(setup)
        cursor.execute(sql)
    return raised.value


def unreachable_error() -> DatabaseError:
    """What a view gets while PostgreSQL is down: connecting is refused."""
    settings_dict = {**connection.settings_dict, "PORT": free_port()}
    down = type(django_connections["default"])(settings_dict, alias="down")
    try:
        with pytest.raises(DatabaseError) as raised:
            down.ensure_connection()
    finally:
        down.close()
    return raised.value


def test_an_unreachable_database_is_a_connection_error_answered_503():
    error = unreachable_error()
    assert isinstance(error.__cause__, psycopg2.OperationalError)

    request = RequestFactory().get("/layanan/")
    response = DatabaseUnavailableMiddleware(lambda r: None).process_exception(request, error)

    assert database_connection_error(error)
    assert response.status_code == 503
    assert response["Retry-After"] == "15"
    assert "Layanan sedang tidak tersedia" in response.content.decode()


@pytest.mark.django_db(transaction=True)  # the test's own connection is ended
def test_a_connection_ended_by_the_server_is_a_connection_error():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    other = django_connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()

    error = django_error("SELECT 1")

    assert database_connection_error(error), repr(error)
    connection.close()


@pytest.mark.parametrize(
    ("setup", "sql"),
    [
        ("SET LOCAL statement_timeout = 10", "SELECT pg_sleep(1)"),  # query_canceled
        ("", "SELECT 1 / 0"),  # a DataError
        ("", "SELECT * FROM no_such_table"),  # a programming error
    ],
)
def test_errors_in_queries_are_not_hidden_behind_the_503_page(setup, sql):
    with (
        pytest.raises(DatabaseError) as raised,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        if setup:
            cursor.execute(setup)
        cursor.execute(sql)
    request = RequestFactory().get("/")

    assert not database_connection_error(raised.value)
    assert (
        DatabaseUnavailableMiddleware(lambda r: None).process_exception(request, raised.value)
        is None
    )  # Django's 500: somebody must look at it


def test_the_rate_limit_fails_open_when_the_cache_is_down(settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",  # not the fail-open one
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    request = RequestFactory().get("/cek-nip/?nip=198609262015052001")

    try:
        with caplog.at_level(logging.WARNING, logger="portal.ratelimit"):
            waits = [ratelimit.consume(request, "nip_check") for _ in range(30)]
    finally:  # the suite's teardown clears the cache
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    assert waits == [0] * 30  # beyond 20 a minute, yet allowed: the page matters more
    assert "Rate limit 'nip_check' not applied" in caplog.text


def test_the_cache_answers_as_empty_while_redis_is_down(caplog):
    cache = FailOpenRedisCache(f"redis://127.0.0.1:{free_port()}/0", {})

    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        assert cache.get("laporan", "tidak ada") == "tidak ada"
        cache.set("laporan", b"%PDF")
        assert cache.add("kunci", True) is True  # a lock taken: allauth's limiter goes ahead
        with pytest.raises(ValueError):
            cache.incr("hitungan")  # like a missing key: the rate limit starts a new window
        assert cache.get_many(["a", "b"]) == {}
        assert cache.delete("laporan") is False

    assert "Cache unreachable, get skipped" in caplog.text
