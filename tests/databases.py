"""For tests of what only PostgreSQL does. CI runs the suite on PostgreSQL; `make test` without
a DATABASE_URL runs it on SQLite, where these are skipped with the reason."""

import pytest
from django.db import connection


def postgres_only(reason: str):
    """Skip the test (or module, as pytestmark) on any other database, saying why."""
    return pytest.mark.skipif(
        connection.vendor != "postgresql", reason=f"PostgreSQL only: {reason}"
    )
