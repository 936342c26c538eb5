"""What the index tests of the staff queues check (issue 19): that an index can serve a query's
order (or answer it alone), whatever the size of the test's tables. On a few rows PostgreSQL
rightly prefers reading the table and sorting; with sequential scans and sorts priced out of
reach it still sorts, or reads the table, only when no index can do the work.

Not a test module: the queue tests of each app call it."""

import pytest
from django.db import connection, transaction
from django.db.models import QuerySet


def plan_without_seqscan_or_sort(query: QuerySet | str) -> str:
    """The plan PostgreSQL gives `query` (a queryset, or the SQL a CaptureQueriesContext
    recorded) when every index path is cheaper than a sequential scan or a sort (the settings
    last until the end of a savepoint). Skips the test on another database."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: reads its query plan")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            if isinstance(query, str):
                cursor.execute(f"EXPLAIN {query}")
                plan = "\n".join(row[0] for row in cursor.fetchall())
            else:
                plan = query.explain()
        transaction.set_rollback(True)
    return plan
