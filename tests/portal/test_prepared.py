"""portal.prepared: SQL planned once per connection answers as the SQL itself does, is prepared
once per connection (again after a reconnect, and kept through a rolled-back transaction), and
is counted as one query a run."""

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from portal import prepared
from portal.models import Provider
from tests.databases import postgres_only

pytestmark = pytest.mark.django_db

SQL = 'SELECT "name" FROM "portal_provider" WHERE "id" = %s OR "name" LIKE %s ORDER BY 1'
NAMED = (
    'SELECT "name" FROM "portal_provider" WHERE "id" = %(id)s OR "slug" = %(code)s '
    'OR "name" = %(code)s ORDER BY 1'
)


def test_placeholders_become_numbers():
    assert prepared.numbered("SELECT %s, %s, '100%%'", [1, "a"]) == (
        "SELECT $1, $2, '100%'",
        [1, "a"],
    )
    text, values = prepared.numbered("SELECT %(b)s, %(a)s, %(b)s", {"a": 1, "b": 2})
    assert (text, values) == ("SELECT $1, $2, $1", [2, 1])
    with pytest.raises(ValueError):
        prepared.numbered("SELECT %s", [1, 2])
    with pytest.raises(ValueError):
        prepared.numbered("SELECT %(a)s, %s", {"a": 1})


def _plain(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _prepared(sql, params):
    with connection.cursor() as cursor:
        prepared.execute(cursor, sql, params)
        return cursor.fetchall()


def _statements() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements WHERE name LIKE 'portal_%%'")
        return {row[0] for row in cursor.fetchall()}


def test_the_answers_are_the_sqls_own(perpusnas, lan):
    for params in ([perpusnas.pk, "%"], [perpusnas.pk, "Balai%"], [-1, "nothing%"]):
        assert _prepared(SQL, params) == _plain(SQL, params)
    for params in ({"id": lan.pk, "code": perpusnas.slug}, {"id": -1, "code": "x%"}):
        assert _prepared(NAMED, params) == _plain(NAMED, params)
    assert _prepared(SQL, [lan.pk, "x"]) == [(lan.name,)]


@postgres_only("PREPARE is PostgreSQL's")
def test_prepared_once_per_connection_and_counted_once(perpusnas):
    with CaptureQueriesContext(connection) as queries:
        first = _prepared(SQL, [perpusnas.pk, "%"])
        second = _prepared(SQL, [perpusnas.pk, "Balai%"])
    assert len(queries) == 2
    assert all(q["sql"].startswith("EXECUTE portal_") for q in queries.captured_queries)
    assert first == _plain(SQL, [perpusnas.pk, "%"]) and second
    name = prepared._statement(SQL, [0, ""])[0]
    assert name in getattr(connection, prepared._PREPARED) and name in _statements()


@postgres_only("PREPARE is PostgreSQL's")
def test_a_new_connection_prepares_again():
    sql = "SELECT %s::int + 1, %s::text || 'x'"
    fresh = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        fresh.ensure_connection()
        assert getattr(fresh, prepared._PREPARED) == set()  # connection_created
        for _round in range(2):
            with fresh.cursor() as cursor:
                prepared.execute(cursor, sql, [41, "a"], connection=fresh)
                assert cursor.fetchall() == [(42, "ax")]
            name = prepared._statement(sql, [0, ""])[0]
            assert getattr(fresh, prepared._PREPARED) == {name}
            with fresh.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM pg_prepared_statements")
                assert cursor.fetchone() == (1,)
            fresh.close()  # closed: the next round's connection is a new one
            assert fresh.connection is None
    finally:
        fresh.close()


@postgres_only("PREPARE is PostgreSQL's")
def test_a_statement_outlives_a_rolled_back_transaction(perpusnas):
    with transaction.atomic():
        assert _prepared(NAMED, {"id": perpusnas.pk, "code": "-"}) == [(perpusnas.name,)]
        transaction.set_rollback(True)
    Provider.objects.filter(pk=perpusnas.pk).update(name="Perpustakaan Nasional RI")
    assert _prepared(NAMED, {"id": perpusnas.pk, "code": "-"}) == [("Perpustakaan Nasional RI",)]


def test_switched_off_the_sql_runs_as_it_is(settings, perpusnas):
    settings.PORTAL_PREPARED_STATEMENTS = False
    with CaptureQueriesContext(connection) as queries:
        assert _prepared(SQL, [perpusnas.pk, "%"]) == _plain(SQL, [perpusnas.pk, "%"])
    assert queries.captured_queries[0]["sql"].startswith('SELECT "name"')
