"""SQL asked on many requests with only its parameters changing, planned by PostgreSQL once per
connection (PREPARE, then EXECUTE) instead of on every request.

The candidate's dashboard asks one query with its links' questions and the key of its kept block
(composition.views._dashboard_answers): some forty subqueries, which PostgreSQL took about
1.3 ms to plan and 1.2 ms to run on the bench's seed, on every request; the planning was as much
CPU again as the web process spent on the whole page, taken from the same two cores. A prepared
statement is planned when first run; PostgreSQL keeps the plan for the connection and, after a
few runs with plans made for their values, a generic plan when it costs no more.

A statement is named after a hash of its SQL and prepared the first time a connection runs it:
the PREPARE goes through the driver's own cursor, as Django's own connection setup does, so
query counts and logs see one EXECUTE per run. Prepared statements outlive a rolled-back
transaction; they end with the connection (`connection_created` starts each new connection's
set empty), and PostgreSQL plans one again by itself when a table it reads is altered. Other
databases (SQLite, `make run`), and PostgreSQL with PORTAL_PREPARED_STATEMENTS off (behind a
pooler in transaction mode, which would hand one connection's statements to another client),
run the SQL as it is.
"""

import hashlib
import re

from django.conf import settings
from django.db import connection as default_connection
from django.db.backends.signals import connection_created
from django.dispatch import receiver

_NAMED = re.compile(r"%\((\w+)\)s")
# The names a connection has prepared, kept on its Django wrapper.
_PREPARED = "_portal_prepared"


@receiver(connection_created, dispatch_uid="portal.prepared.forget")
def _forget(sender, connection, **kwargs):
    """A new connection (the first, or after the old one was closed) has prepared nothing."""
    setattr(connection, _PREPARED, set())


def numbered(sql: str, params) -> tuple[str, list]:
    """The SQL with PostgreSQL's $1, $2... for the driver's placeholders, and the values in
    that order: positional (%s, params a sequence) or named (%(name)s, params a mapping; each
    name is one number however often it appears). %% stands for a % in the driver's SQL."""
    text, names = _numbered_text(sql, len(params), isinstance(params, dict))
    return text, [params[name] for name in names] if names is not None else list(params)


def _numbered_text(sql: str, count: int, named: bool) -> tuple[str, list[str] | None]:
    text = sql.replace("%%", "\x00")
    names: list[str] | None = None
    if named:
        names = []

        def number(match: re.Match) -> str:
            name = match.group(1)
            if name not in names:
                names.append(name)
            return f"${names.index(name) + 1}"

        text = _NAMED.sub(number, text)
    else:
        pieces = text.split("%s")
        if len(pieces) != count + 1:
            raise ValueError("The SQL's placeholders and the parameters do not match.")
        text = "".join(
            piece + (f"${index + 1}" if index < count else "") for index, piece in enumerate(pieces)
        )
    if "%" in text:
        raise ValueError("The SQL holds a placeholder of another kind.")
    return text.replace("\x00", "%"), names


# SQL as the driver takes it, and whether its parameters are named -> (statement name, its
# PREPARE, its EXECUTE for the driver, the parameters' names in order or None). The same few
# statements are asked again and again; their conversion is kept for the process.
_STATEMENTS: dict[tuple[str, bool], tuple[str, str, str, list[str] | None]] = {}


def _statement(sql: str, params) -> tuple[str, str, str, list]:
    named = isinstance(params, dict)
    found = _STATEMENTS.get((sql, named))
    if found is None:
        text, names = _numbered_text(sql, len(params), named)
        name = "portal_" + hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:20]
        arguments = ", ".join(["%s"] * len(params))
        call = f"EXECUTE {name}({arguments})" if params else f"EXECUTE {name}"
        found = _STATEMENTS[(sql, named)] = (name, f"PREPARE {name} AS {text}", call, names)
    name, prepare, call, names = found
    values = [params[key] for key in names] if names is not None else list(params)
    return name, prepare, call, values


def execute(cursor, sql: str, params=(), *, connection=default_connection) -> None:
    """cursor.execute(sql, params), the statement prepared on the connection the first time it
    runs there (PostgreSQL only). `cursor` is one of `connection`'s Django cursors."""
    if connection.vendor != "postgresql" or not settings.PORTAL_PREPARED_STATEMENTS:
        cursor.execute(sql, params)
        return
    name, prepare, call, values = _statement(sql, params)
    prepared = getattr(connection, _PREPARED, None)
    if prepared is None:  # connected before this module was imported
        prepared = set()
        setattr(connection, _PREPARED, prepared)
    if name not in prepared:
        # The driver's own cursor: connection setup, not a query of the request's.
        cursor.cursor.execute(prepare)
        prepared.add(name)
    cursor.execute(call, values)
