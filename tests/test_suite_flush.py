"""The suite's flush after a transactional test (tests/conftest.py `_sql_flush_nonempty`): it
deletes from the tables holding rows instead of truncating all of them, and leaves the database
as the migrations left it: the test's own rows gone, the migrations' rows (reference data,
content types, permissions, groups) back with their ids, copied from the worker's snapshot."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.db import connection
from django.db.models.signals import post_migrate

from portal.models import Provider
from registration.models import Level
from tests.factories import LAN

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the snapshot and the flush's SQL are PostgreSQL's"
)


def _holding_rows() -> dict[str, int]:
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    quote = connection.ops.quote_name
    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - our own table
            if count := cursor.fetchone()[0]:
                counts[table] = count
    return counts


@pytest.mark.django_db(transaction=True)
def test_the_flush_deletes_the_tests_rows_and_puts_the_migrations_rows_back(
    reference_data, reference_snapshot, make_user
):
    migrated = _holding_rows()
    assert set(migrated) == set(reference_snapshot)  # what the migrations left is what was copied
    content_types = dict(ContentType.objects.values_list("model", "pk"))
    make_user("pengguna-flush")
    assert Provider.objects.filter(slug=LAN).update(name="Diubah oleh uji") == 1
    holding = _holding_rows()
    assert get_user_model()._meta.db_table in holding

    statements = sql_flush(no_style(), connection, reset_sequences=False)
    assert statements[0] == "SET CONSTRAINTS ALL DEFERRED"
    deleted = {s.removeprefix("DELETE FROM ").strip('"') for s in statements if "DELETE" in s}
    assert deleted == set(holding)
    assert not any("TRUNCATE" in statement for statement in statements)

    # As TransactionTestCase ends: no sequence reset. The flush's post_migrate is not sent.
    sent = []
    post_migrate.connect(receiver := lambda **kwargs: sent.append(kwargs), weak=False)
    try:
        call_command("flush", verbosity=0, interactive=False, reset_sequences=False)
    finally:
        post_migrate.disconnect(receiver)
    assert sent == []
    assert _holding_rows() == migrated
    assert Provider.objects.get(slug=LAN).name != "Diubah oleh uji"
    assert dict(ContentType.objects.values_list("model", "pk")) == content_types
    assert Level.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_rows_made_after_a_flush_take_new_ids(reference_data, make_user):
    first = make_user("pengguna-flush")
    call_command("flush", verbosity=0, interactive=False, reset_sequences=False)
    assert make_user("pengguna-flush").pk > first.pk


@pytest.mark.django_db(transaction=True)
def test_a_flush_resetting_sequences_keeps_djangos_truncate(reference_data):
    statements = sql_flush(no_style(), connection, reset_sequences=True)
    assert statements[0].startswith("TRUNCATE") and "RESTART IDENTITY" in statements[0]
