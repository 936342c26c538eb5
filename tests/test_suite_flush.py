"""The suite's flush after a transactional test (tests/conftest.py `_sql_flush_nonempty`): it
deletes from the tables holding rows instead of truncating all of them, and leaves every table
as Django's flush does: empty, but for what the flush's post_migrate makes again (and the
migrations' reference data, put back after it for the next test)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.db import connection

from registration.models import Level

# What the flush's post_migrate signal creates again once the tables are empty.
REMADE = {"django_content_type", "auth_permission"}


def _holding_rows() -> set[str]:
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    quote = connection.ops.quote_name
    holding = set()
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {quote(table)})")  # noqa: S608 - our own table
            if cursor.fetchone()[0]:
                holding.add(table)
    return holding


@pytest.mark.django_db(transaction=True)
def test_the_flush_deletes_only_from_the_tables_holding_rows_and_empties_them(
    reference_data, make_user
):
    make_user("pengguna-flush")
    holding = _holding_rows()
    assert {get_user_model()._meta.db_table, Level._meta.db_table} <= holding

    statements = sql_flush(no_style(), connection, reset_sequences=False)
    assert statements[0] == "SET CONSTRAINTS ALL DEFERRED"
    deleted = {s.removeprefix("DELETE FROM ").strip('"') for s in statements[1:]}
    assert deleted == holding
    assert not any("TRUNCATE" in statement for statement in statements)

    # As TransactionTestCase ends: no sequence reset. The test's own rows are gone; what the
    # flush's post_migrate makes again is back, and so is the migrations' reference data
    # (tests/conftest.py `_reference_data_back_after_a_flush`), which the next test may need.
    call_command("flush", verbosity=0, interactive=False, reset_sequences=False)
    after = _holding_rows()
    assert get_user_model()._meta.db_table not in after
    assert REMADE | {Level._meta.db_table} <= after <= REMADE | holding


@pytest.mark.django_db(transaction=True)
def test_a_flush_without_post_migrate_leaves_every_table_empty(reference_data, make_user):
    make_user("pengguna-flush")
    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
    assert _holding_rows() == set()


@pytest.mark.django_db(transaction=True)
def test_a_flush_resetting_sequences_keeps_djangos_truncate(reference_data):
    statements = sql_flush(no_style(), connection, reset_sequences=True)
    assert statements[0].startswith("TRUNCATE") and "RESTART IDENTITY" in statements[0]
