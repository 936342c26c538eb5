"""Fixtures shared by the whole suite: one user per role plus an outsider (healthchecks style)."""

import dataclasses
import functools
import io
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.test import override_settings

from portal.constants import Role
from portal.models import Provider
from tests.factories import LAN, PERPUSNAS, ServiceFactory
from tests.module_data import module_data, suite_settings
from tests.users import PASSWORD, user_make


def _redis_url_for_worker(url: str, worker: str) -> str:
    """REDIS_URL's database number moved up by one per pytest-xdist worker (gw0 → n+1, gw1 →
    n+2, ...): a real Celery worker started by one of them must not take the tasks another one
    queued, nor a purge empty another's queues."""
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    number = base + 1 + int(worker.removeprefix("gw"))
    if number > 15:
        raise pytest.UsageError(
            f"REDIS_URL's database {base} leaves no database {number} for xdist worker {worker}"
            " (Redis has 0-15): use a lower database number or fewer workers"
        )
    return urlunsplit(parts._replace(path=f"/{number}"))


def pytest_configure(config):
    # Under pytest-xdist every worker has its own test database (pytest-django adds _gw0, ...)
    # and, here, its own Redis database for the Celery broker.
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker and settings.CELERY_BROKER_URL:
        from config.celery import app

        settings.CELERY_BROKER_URL = _redis_url_for_worker(settings.CELERY_BROKER_URL, worker)
        if settings.REDIS_URL:
            settings.REDIS_URL = _redis_url_for_worker(settings.REDIS_URL, worker)
        app.conf.broker_url = settings.CELERY_BROKER_URL


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Fast password hashing, in-memory caches, media under tmp_path, mail through the outbox to
    # Django's in-memory transport, Celery tasks run eagerly (tests/module_data.py says which).
    for name, value in suite_settings(tmp_path / "media").items():
        setattr(settings, name, value)
    from config.celery import app

    app.conf.task_always_eager = True
    yield
    cache.clear()  # rate-limit counters must not leak into the next test


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def make_user(db, password):
    """A user with the given roles: tests.users.user_make, with the suite's password."""
    return functools.partial(user_make, password=password)


@pytest.fixture(scope="module")
def _demo_seeded_once(django_db_setup, django_db_blocker, tmp_path_factory):
    def seed(media) -> tuple[str, Path]:
        out = io.StringIO()
        with override_settings(DEBUG=True):
            call_command("seed_demo", without_stages=True, stdout=out)
            call_command("seed_demo", without_stages=True, stdout=out)  # adds nothing
        return out.getvalue(), media

    yield from module_data(django_db_blocker, tmp_path_factory.mktemp("demo"), seed)


@pytest.fixture
def demo_seeded(_demo_seeded_once, settings) -> str:
    """`make run`'s demo data without the librarian exam's stages, seeded twice (however often
    it runs, it makes each thing once), once for the whole module that asks for it, whose tests
    must all be non-transactional (tests/module_data.py); returns what seed_demo printed. The
    test runs with DEBUG on, and with the seeded media files."""
    out, media = _demo_seeded_once
    settings.DEBUG = True
    storages = {**settings.STORAGES}
    storages["default"] = {**storages["default"], "OPTIONS": {"location": media, "base_url": None}}
    settings.STORAGES = storages
    return out


@pytest.fixture
def perpusnas():
    """The librarian exam's provider, where make_user's staff hold their roles by default."""
    return Provider.objects.get(slug=PERPUSNAS)


@pytest.fixture
def lan():
    """LAN's Balai Layanan Pemetaan Kompetensi (seed 004), a second seeded provider."""
    return Provider.objects.get(slug=LAN)


@pytest.fixture
def other_provider_service():
    """A service of a provider of its own (B), with the time limits its certificates need."""
    service = ServiceFactory(name="Uji Kompetensi Penyelenggara B", slug="uji-penyelenggara-b")
    for stage in ("data_validation", "issuance", "legalisation"):
        service.time_limits.create(stage=stage, working_days=5)
    return service


@pytest.fixture
def candidate(make_user):
    return make_user("198609262015052001", nip="198609262015052001", first_name="Rina Wulandari")


@pytest.fixture
def outsider(make_user):
    """A logged-in candidate with no staff role: must be refused on every staff page."""
    return make_user("199001152014031002", nip="199001152014031002")


@pytest.fixture
def verifier(make_user):
    return make_user("verifikator", Role.VERIFIER)


@pytest.fixture
def administrator(make_user):
    return make_user("admin", Role.ADMINISTRATOR, is_staff=True, is_superuser=True)


def _our_app_labels() -> list[str]:
    """Our own apps (not Django's or allauth's), whose data migrations hold reference data."""
    return [
        config.label
        for config in django_apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR)
        and ".venv" not in Path(config.path).parts
    ]


# --- The test database under pytest-xdist: migrated once, copied for each worker --------------
#
# Each worker needs a database of its own (pytest-django names them test_<name>_gw0, ...).
# Instead of every worker running the migrations, the controller runs them once into a template
# before it starts the workers, and each worker's database is created from it (PostgreSQL's
# CREATE DATABASE ... TEMPLATE, Django's DATABASES["TEST"]["TEMPLATE"]); the worker's migrate
# then finds nothing left to apply. A serial run creates its database as before.

_TEMPLATE: dict[str, str | None] = {}


def _template_create(config) -> str | None:
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    if connection.vendor != "postgresql":
        return None
    test_settings = connection.settings_dict["TEST"]
    name = f"{test_settings.get('NAME') or 'test_' + connection.settings_dict['NAME']}_template"
    _TEMPLATE["original"] = connection.settings_dict["NAME"]
    test_settings["NAME"] = name
    with config.stash[blocking_manager_key].unblock():
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        connection.close()  # CREATE DATABASE ... TEMPLATE refuses a template in use
    return name


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """pytest-xdist's controller, before it starts a worker: the template, made once."""
    if "name" not in _TEMPLATE:
        _TEMPLATE["name"] = _template_create(node.config)
    if _TEMPLATE["name"]:
        node.workerinput["portal_db_template"] = _TEMPLATE["name"]


def pytest_sessionfinish(session):
    if _TEMPLATE.get("name"):
        from django.db import connection
        from pytest_django.plugin import blocking_manager_key

        with session.config.stash[blocking_manager_key].unblock():
            connection.creation.destroy_test_db(_TEMPLATE["original"], verbosity=0)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, request):
    """In a pytest-xdist worker: its database is a copy of the controller's template."""
    template = getattr(request.config, "workerinput", {}).get("portal_db_template")
    if template:
        settings.DATABASES["default"]["TEST"]["TEMPLATE"] = template


# --- What a transactional test's flush leaves: the database as the migrations left it ---------
#
# A transactional test (live server, browser, real worker) ends with Django's flush, which
# empties every table; the next test expects the providers, services, levels and groups the
# migrations made. On PostgreSQL the flush puts them back itself: right after the migrations,
# each worker copies every table holding rows into a schema of its own (suite_reference), and
# the suite's sql_flush deletes what the tables hold and copies those rows back, in one
# transaction, so the flush's post_migrate (content types, permissions: restored too, with
# their ids) is skipped. Elsewhere (SQLite) a dumpdata of our apps and the groups is loaded
# back after the flush's post_migrate (a few seconds a test instead of a few milliseconds).

_REFERENCE_DUMP: list[Path] = []
_SNAPSHOT_SCHEMA = "suite_reference"


@dataclasses.dataclass(frozen=True)
class _SnapshotTable:
    columns: tuple[str, ...]
    sequences: tuple[tuple[str, int], ...]  # (sequence, the largest value the rows hold)


_SNAPSHOT: dict[str, _SnapshotTable] = {}
_RESTORED_BY_FLUSH: list[bool] = []  # set by sql_flush, read by the flush's post_migrate


def _tables_holding_rows(cursor, tables, quote) -> set[str]:
    probes = (f"(SELECT %s FROM {quote(table)} LIMIT 1)" for table in tables)  # noqa: S608 (the tables' own names)
    cursor.execute(" UNION ALL ".join(probes), list(tables))
    return {row[0] for row in cursor.fetchall()}


def _reference_snapshot_take(connection) -> None:
    """suite_reference.<table>: a copy of each table that holds rows after the migrations."""
    quote = connection.ops.quote_name
    introspection = connection.introspection
    tables = introspection.django_table_names(only_existing=True, include_views=False)
    schema = quote(_SNAPSHOT_SCHEMA)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        cursor.execute(f"CREATE SCHEMA {schema}")
        for table in sorted(_tables_holding_rows(cursor, tables, quote)):
            cursor.execute(f"CREATE TABLE {schema}.{quote(table)} AS TABLE {quote(table)}")
            columns = tuple(c.name for c in introspection.get_table_description(cursor, table))
            sequences = []
            for sequence in introspection.get_sequences(cursor, table):
                cursor.execute(f"SELECT MAX({quote(sequence['column'])}) FROM {quote(table)}")  # noqa: S608 (our own table)
                sequences.append((sequence["name"], cursor.fetchone()[0] or 0))
            _SNAPSHOT[table] = _SnapshotTable(columns, tuple(sequences))


def _reference_restore_sql(tables, quote) -> list[str]:
    """INSERTs putting the snapshot's rows back into the emptied tables, and each sequence
    moved past them should a migration test have made its table anew."""
    statements = []
    for table in tables:
        kept = _SNAPSHOT.get(table)
        if kept is None:
            continue
        columns = ", ".join(quote(column) for column in kept.columns)
        statements.append(
            f"INSERT INTO {quote(table)} ({columns}) SELECT {columns} "  # noqa: S608 (our own tables)
            f"FROM {quote(_SNAPSHOT_SCHEMA)}.{quote(table)}"
        )
        for sequence, largest in kept.sequences:
            statements.append(
                f"SELECT setval('{quote(sequence)}', GREATEST({int(largest)}, "  # noqa: S608 (our own sequence)
                f"(SELECT last_value FROM {quote(sequence)})))"
            )
    return statements


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """The test database as the migrations leave it, and a copy of what they put in it for the
    flush to restore (above). (Running the data migrations again cannot: written for the schema
    of their day, they do not fit today's, e.g. a service now needs a provider.)"""
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            _reference_snapshot_take(connection)
            return
        path = tmp_path_factory.mktemp("reference") / "reference.json"
        call_command(
            "dumpdata",
            *_our_app_labels(),
            "auth.group",
            natural_foreign=True,
            output=str(path),
            verbosity=0,
        )
        _REFERENCE_DUMP[:] = [path]


def _sql_flush_nonempty(original):
    """PostgreSQL's DatabaseOperations.sql_flush for the suite. Django's TRUNCATEs every table
    of the portal at once: 3 to 5 s here, the same whether they hold rows or not (PostgreSQL
    makes new files for each table and index). This deletes from the tables that hold rows, in
    the flush's transaction, the foreign keys checked at its commit (Django makes them all
    DEFERRABLE INITIALLY DEFERRED), then copies the migrations' rows back from the snapshot: a
    few milliseconds. A flush asked to reset sequences or to cascade keeps Django's
    statements (and its post_migrate)."""

    @functools.wraps(original)
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        _RESTORED_BY_FLUSH[:] = []
        if reset_sequences or allow_cascade or not tables:
            return original(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        quote = self.quote_name
        with self.connection.cursor() as cursor:
            holding = _tables_holding_rows(cursor, tables, quote)
        restore = _reference_restore_sql(tables, quote)
        _RESTORED_BY_FLUSH[:] = [bool(restore)]
        return [
            "SET CONSTRAINTS ALL DEFERRED",
            *(
                f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(quote(table))}"
                for table in tables
                if table in holding
            ),
            *restore,
        ]

    return sql_flush


def _post_migrate_unless_restored(original):
    """The flush's post_migrate, skipped when the flush restored the snapshot: the content types
    and permissions it would make again are back already, with their ids."""

    @functools.wraps(original)
    def emit(*args, **kwargs):
        if _RESTORED_BY_FLUSH == [True]:
            return None
        return original(*args, **kwargs)

    return emit


@pytest.fixture(scope="session", autouse=True)
def _flush_only_what_holds_rows():
    from django.core.management.commands import flush
    from django.db.backends.postgresql.operations import DatabaseOperations

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            DatabaseOperations, "sql_flush", _sql_flush_nonempty(DatabaseOperations.sql_flush)
        )
        patch.setattr(
            flush,
            "emit_post_migrate_signal",
            _post_migrate_unless_restored(flush.emit_post_migrate_signal),
        )
        yield


def _reference_data_back_after_a_flush(sender, using="default", **kwargs):
    """Where there is no snapshot (SQLite): a transactional test's flush empties every table,
    then sends post_migrate once per app; after the last app's (content types and permissions
    are back by then), put the reference data back. pytest-django runs transactional tests
    last, but pytest-xdist's worksteal can hand a worker another worker's plain tests after its
    own transactional ones, and those expect the providers and services the migrations made."""
    # The signal goes to each app with models, in INSTALLED_APPS' order.
    with_models = [config for config in django_apps.get_app_configs() if config.models_module]
    if not _REFERENCE_DUMP or sender is not with_models[-1]:
        return
    from registration.models import Level

    if not Level.objects.using(using).exists():
        call_command("loaddata", str(_REFERENCE_DUMP[0]), database=using, verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def _reference_data_kept():
    post_migrate.connect(_reference_data_back_after_a_flush, dispatch_uid="tests-reference-data")
    yield
    post_migrate.disconnect(dispatch_uid="tests-reference-data")


@pytest.fixture
def reference_snapshot() -> dict[str, _SnapshotTable]:
    """The tables the worker's snapshot copied, with their columns and sequences."""
    return _SNAPSHOT


@pytest.fixture
def reference_data(transactional_db):
    """For transactional tests (live server, real worker): what the migrations created, there
    at the start (each such test ends with the flush, which puts it back on PostgreSQL; the
    dump is loaded back here elsewhere). (Django's serialized_rollback keeps its snapshot on the
    connection object, which Playwright's event loop swaps out.)"""
    from registration.models import Level

    if _REFERENCE_DUMP and not Level.objects.exists():
        call_command("loaddata", str(_REFERENCE_DUMP[0]), verbosity=0)
