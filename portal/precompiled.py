"""Queries asked on every request with only a key changing, compiled by Django's ORM once per
process instead of on each request (compiling a query costs more than PostgreSQL's answer to
it: about half a millisecond for the reader's staff roles, which every signed-in page asks)."""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import QuerySet

# A key no row has: the query is compiled for it, then asked with the real one in its place.
STAND_IN = -7_654_321


class Precompiled:
    """build(key) -> a QuerySet whose only use of `key` is one parameter (e.g. a filter on a
    foreign key); rows(key) gives what list(build(key)) would for a values_list() query, as the
    database returns the values (no model field conversions: for integers and text they are the
    same)."""

    def __init__(self, build: Callable[[int], QuerySet]):
        self.build = build
        self.compiled: tuple[str, tuple] | None = None

    def rows(self, key: int) -> list[tuple]:
        if self.compiled is None:
            sql, params = self.build(STAND_IN).query.sql_with_params()
            if list(params).count(STAND_IN) != 1:
                raise ImproperlyConfigured(f"{self.build!r}: the key is not one parameter.")
            self.compiled = (sql, tuple(params))
        sql, params = self.compiled
        with connection.cursor() as cursor:
            cursor.execute(sql, [key if param == STAND_IN else param for param in params])
            return cursor.fetchall()
