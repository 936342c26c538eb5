"""What portal.sqlite adds to SQLite connections (`make run`, `make test` without a DATABASE_URL)
behaves as PostgreSQL's function of the same name for the portal's uses; on SQLite, a query
calling it runs."""

import pytest
from django.db import connection

from portal.sqlite import regexp_replace
from registration.conflicts import unit_key


def test_regexp_replace_is_postgresql_s():
    assert regexp_replace("sub-bagian  umum.", "[^0-9a-z]+", " ", "g") == "sub bagian umum "
    assert regexp_replace("a-b-c", "-", "+") == "a+b-c"  # without "g": the first match only
    assert regexp_replace(None, "-", "+", "g") is None
    # The work unit key the queues compute in SQL is the one Python computes.
    text = "Sub-Bagian  Umum."
    assert regexp_replace(text.lower(), "[^0-9a-z]+", " ", "g").strip() == unit_key(text)


@pytest.mark.django_db
def test_a_query_calling_it_runs_on_this_database():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT REGEXP_REPLACE(%s, %s, %s, %s)", ["Bag.  Umum", "[^0-9A-Za-z]+", " ", "g"]
        )
        assert cursor.fetchone()[0] == "Bag Umum"
