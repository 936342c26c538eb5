"""What SQLite (`make run`, and `make test` without a DATABASE_URL) lacks of the PostgreSQL
functions the portal's queries call, added to each new SQLite connection: REGEXP_REPLACE
(registration.conflicts keys work units alike in SQL and in Python)."""

import re
from functools import lru_cache

from django.db.backends.signals import connection_created
from django.dispatch import receiver


@lru_cache(maxsize=64)
def _pattern(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def regexp_replace(text, pattern, replacement, flags=""):
    """PostgreSQL's regexp_replace(text, pattern, replacement[, flags]) for the patterns the
    portal writes (Python's syntax agrees with them): every match with "g", else the first."""
    if text is None or pattern is None or replacement is None:
        return None
    return _pattern(pattern).sub(replacement, text, count=0 if "g" in (flags or "") else 1)


@receiver(connection_created, dispatch_uid="portal.sqlite.functions")
def functions_add(sender, connection, **kwargs) -> None:
    if connection.vendor != "sqlite":
        return
    create = connection.connection.create_function
    create("REGEXP_REPLACE", 3, regexp_replace, deterministic=True)
    create("REGEXP_REPLACE", 4, regexp_replace, deterministic=True)
