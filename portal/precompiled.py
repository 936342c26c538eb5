"""Queries asked on every request with only a key changing, compiled by Django's ORM once per
process instead of on each request (compiling a query costs more than PostgreSQL's answer to
it: about half a millisecond for the reader's staff roles, which every signed-in page asks), and
planned by PostgreSQL once per connection (portal.prepared)."""

import uuid
import weakref
from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, _get_from_db, get_related_populators

from portal import prepared

# A key no row has: the query is compiled for it, then asked with the real one in its place.
STAND_IN = -7_654_321


def _as_is(key):
    return key


def _uuid_hex(key) -> str:
    return (key if isinstance(key, uuid.UUID) else uuid.UUID(str(key))).hex


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
            values = [key if param == STAND_IN else param for param in params]
            prepared.execute(cursor, sql, values)
            return cursor.fetchall()


class PrecompiledModels:
    """build(key) -> a QuerySet of model instances (select_related allowed) whose only use of
    `key` is one parameter; instances(key) gives what list(build(key)) would: the same instances,
    with their select_related objects, read as Django's ModelIterable reads them (the database
    converters applied), from SQL compiled once. `stand_in` is the key it is compiled for: a
    string for a text column (a number would be turned into text on the way in). Annotations,
    prefetches and the related objects a queryset already knows are not supported."""

    def __init__(self, build: Callable[[object], QuerySet], *, stand_in: object = STAND_IN):
        self.build = build
        self.stand_in = stand_in
        self.compiled = None

    def _compile(self):
        queryset = self.build(self.stand_in)
        if (
            queryset._iterable_class is not ModelIterable
            or queryset._prefetch_related_lookups
            or queryset._known_related_objects
            or queryset.query.annotation_select
        ):
            raise ImproperlyConfigured(f"{self.build!r}: only plain model instances.")
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        # The key as the query holds it: as it is, or a UUID as the backend stores it (SQLite,
        # `make run`: its hex text); each key is given to the query the same way.
        held = [(i, _as_is) for i, param in enumerate(params) if param == self.stand_in]
        if isinstance(self.stand_in, uuid.UUID):
            held += [(i, _uuid_hex) for i, param in enumerate(params) if param == self.stand_in.hex]
        if len(held) != 1:
            raise ImproperlyConfigured(f"{self.build!r}: the key is not one parameter.")
        return queryset, compiler, sql, tuple(params), held[0]

    def instances(self, key) -> list:
        if self.compiled is None:
            self.compiled = self._compile()
        queryset, compiler, sql, params, (position, prepare) = self.compiled
        db = queryset.db
        given = list(params)
        given[position] = prepare(key)
        with connections[db].cursor() as cursor:
            prepared.execute(cursor, sql, given, connection=connections[db])
            rows = cursor.fetchall()
        if not rows:
            return []
        # As ModelIterable.__iter__, from the compiler's state left by as_sql().
        select, klass_info = compiler.select, compiler.klass_info
        fetch_mode = queryset._fetch_mode
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        init_list = [column[0].target.attname for column in select[start:end]]
        from_db = _get_from_db(klass_info["model"], fetch_mode)
        populators = get_related_populators(klass_info, select, db, fetch_mode)
        peers = []
        found = []
        for row in compiler.results_iter([rows]):
            obj = from_db(db, init_list, row[start:end])
            if fetch_mode.track_peers:
                peers.append(weakref.ref(obj))
                obj._state.peers = peers
            for populator in populators:
                populator.populate(row, obj)
            found.append(obj)
        return found
