"""The candidate dashboard's main column and sidebar kept as HTML per candidate, under a key that
changes whenever anything they show changes, so a cached copy can never be stale.

Building the dashboard costs about nine ORM queries (Django compiling them is most of the CPU)
and a template with a dozen includes; the candidate's own data changes a few times over months.
So the `content` block is rendered once and kept, and every request asks one question instead:
a single hand-written SQL query (no ORM compilation) that hashes, in PostgreSQL, the whole rows
of everything the block reads — the candidate's applications, their documents, seats, sessions,
results, waiting-list entries, certificates and objections, the latest status event of each
application (an objection's window starts at the rejection's), the candidate's profile,
complaints and registry entry, the service with its requirements, competency units, purposes,
levels, disposition rules and time limits, every level and rank, and the local closures (the
working-day counts). Hashing whole rows rather than reading `updated_at` markers means a
`.update()`, an admin edit or a migration that skips `auto_now` still changes the key: nothing
has to remember to bump a version.

The key adds what is not in those rows: the code that renders the block (code_stamp), the
language, the local date (late working days, an objection's last day), on which side of each
time the seat's card changes the candidate's seat is (the meeting link an hour before the
start, the start, the end, the booking's close), and the user's own name, username and join
date. The header, the messages and the footer are rendered around the kept block on every
request, so a flash message still shows and no CSRF token is ever kept: the only forms inside
the block are the waiting list's (with tokens, and a position that moves when other candidates
leave), so a candidate on the waiting list is never served from the cache, nor one with the
engine's, the assessment's or the IP-ASN's links.
"""

import hashlib
import os
from datetime import datetime

import django
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from django.utils.translation import get_language

from certificates.models import Certificate
from complaints.models import Complaint
from objections.models import Objection
from portal.constants import OnlineFlow
from portal.models import (
    Closure,
    CompetencyUnit,
    Event,
    Requirement,
    Service,
    ServiceTimeLimit,
)
from registration.models import (
    Application,
    DispositionRule,
    Document,
    Level,
    Librarian,
    Profile,
    Rank,
    ServiceLevel,
    ServicePurpose,
)
from registration.nip import normalize_nip
from scheduling.candidate_selectors import LINK_VISIBLE_BEFORE
from scheduling.constants import WAITLIST_ACTIVE_STATUSES
from scheduling.models import ExamSession, Result, Seat, WaitlistEntry

KEY = "dashboard:content:v1:{user}:{digest}"

_sql: str | None = None


def _fingerprint_sql() -> str:
    """The one query (built once per process from the models' tables): the md5 of every row the
    block reads, whether an active waiting-list entry exists, and the active seats' session
    times (epoch seconds)."""
    global _sql
    if _sql is not None:
        return _sql
    t = {
        model.__name__: connection.ops.quote_name(model._meta.db_table)
        for model in (
            Application,
            Document,
            Profile,
            Librarian,
            Level,
            Rank,
            ServicePurpose,
            ServiceLevel,
            DispositionRule,
            Seat,
            ExamSession,
            Result,
            WaitlistEntry,
            Certificate,
            Complaint,
            Objection,
            Service,
            Requirement,
            CompetencyUnit,
            ServiceTimeLimit,
            Closure,
            Event,
        )
    }
    rows = "(SELECT string_agg(x::text, ',' ORDER BY x.id) FROM {table} x WHERE {where})"
    parts = [
        rows.format(table="apps", where="true"),
        rows.format(table=t["Document"], where="x.application_id IN (SELECT id FROM apps)"),
        rows.format(table="seats", where="true"),
        rows.format(table=t["ExamSession"], where="x.id IN (SELECT session_id FROM seats)"),
        rows.format(table=t["Result"], where="x.seat_id IN (SELECT id FROM seats)"),
        rows.format(table=t["WaitlistEntry"], where="x.application_id IN (SELECT id FROM apps)"),
        rows.format(table=t["Certificate"], where="x.application_id IN (SELECT id FROM apps)"),
        rows.format(table=t["Objection"], where="x.application_id IN (SELECT id FROM apps)"),
        # The events only say when a state was reached: the latest one's id is enough.
        f"(SELECT max(e.id)::text FROM {t['Event']} e WHERE e.content_type_id = %(ct)s"  # noqa: S608
        " AND e.object_id IN (SELECT id FROM apps))",
        rows.format(table=t["Profile"], where="x.user_id = %(user)s"),
        rows.format(table=t["Complaint"], where="x.reporter_id = %(user)s"),
        rows.format(table=t["Librarian"], where="x.nip = %(nip)s"),
        rows.format(table=t["Level"], where="true"),
        rows.format(table=t["Rank"], where="true"),
        rows.format(table=t["Closure"], where="true"),
        rows.format(table=t["Service"], where="x.id = (SELECT id FROM service)"),
        rows.format(table=t["Requirement"], where="x.service_id = (SELECT id FROM service)"),
        rows.format(table=t["CompetencyUnit"], where="x.service_id = (SELECT id FROM service)"),
        rows.format(table=t["ServicePurpose"], where="x.service_id = (SELECT id FROM service)"),
        rows.format(table=t["ServiceLevel"], where="x.service_id = (SELECT id FROM service)"),
        rows.format(table=t["DispositionRule"], where="x.service_id = (SELECT id FROM service)"),
        rows.format(table=t["ServiceTimeLimit"], where="x.service_id = (SELECT id FROM service)"),
    ]
    active = ", ".join(f"'{status}'" for status in WAITLIST_ACTIVE_STATUSES)
    # The active seats' session times, one array per kind of moment the seat's card turns on.
    times = ", ".join(
        f"(SELECT array_agg(extract(epoch FROM s.{column})::float8 ORDER BY s.id) FROM seats"  # noqa: S608
        f" JOIN {t['ExamSession']} s ON s.id = seats.session_id WHERE seats.is_active)"
        for column in ("starts_at", "ends_at", "booking_closes_at")
    )
    # Only our own tables' names and constants are formatted in (S608): no input.
    _sql = (
        f"WITH service AS (SELECT id FROM {t['Service']}"  # noqa: S608
        " WHERE online_flow = %(flow)s AND is_active),"
        f" apps AS (SELECT * FROM {t['Application']} WHERE candidate_id = %(user)s),"
        f" seats AS (SELECT * FROM {t['Seat']} WHERE application_id IN (SELECT id FROM apps))"
        f" SELECT md5(concat_ws('|', {', '.join(parts)})),"
        f" EXISTS (SELECT 1 FROM {t['WaitlistEntry']} w"
        f" WHERE w.application_id IN (SELECT id FROM apps) AND w.status IN ({active})),"
        f" {times}"
    )
    return _sql


# Not the project's code: what a deploy does not change, or what the block never renders.
_NOT_CODE = {".venv", "node_modules", "tests", "var", "media", "staticfiles", ".git", "data"}
_code_stamp: str | None = None


def code_stamp() -> str:
    """What the kept blocks were rendered by: the Python, templates and compiled translations
    of this checkout (paths, sizes and modification times, read once per process), and
    Django's version. A deploy that changes any of them starts new keys, so a block rendered by
    the old code is never served by the new."""
    global _code_stamp
    if _code_stamp is None:
        digest = hashlib.md5(django.get_version().encode(), usedforsecurity=False)
        for root, dirs, files in os.walk(settings.BASE_DIR):
            dirs[:] = sorted(name for name in dirs if name not in _NOT_CODE)
            for name in sorted(files):
                if name.endswith((".py", ".html", ".mo")):
                    info = os.stat(os.path.join(root, name))
                    digest.update(f"{root}/{name}:{info.st_size}:{info.st_mtime_ns}".encode())
        _code_stamp = digest.hexdigest()[:12]
    return _code_stamp


def enabled() -> bool:
    # The key's query hashes in PostgreSQL (md5, concat_ws, row casts): on SQLite (`make run`)
    # the dashboard is rendered on every request.
    return settings.PORTAL_DASHBOARD_CACHE_SECONDS > 0 and connection.vendor == "postgresql"


def fingerprint_sql() -> str:
    """The key's query (named parameters: fingerprint_params) for a caller that asks it in one
    round trip with its own (composition.views._dashboard_answers); its row goes to
    key_from_row."""
    return _fingerprint_sql()


def fingerprint_params(user) -> dict:
    return {
        "user": user.pk,
        "nip": normalize_nip(user.nip or ""),
        "flow": OnlineFlow.CANDIDATE_APPLICATION.value,
        "ct": ContentType.objects.get_for_model(Application).pk,
    }


def content_key(*, user, now: datetime | None = None) -> str | None:
    """Where the candidate's block is kept as it is now; None when it must not be kept (an
    active waiting-list entry). One query."""
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql(), fingerprint_params(user))
        row = cursor.fetchone()
    return key_from_row(user=user, row=row, now=now)


def key_from_row(*, user, row, now: datetime | None = None) -> str | None:
    """content_key from the query's row (digest, waiting, starts, ends, booking closes)."""
    now = now or timezone.now()
    digest, waiting, starts, ends, closes = row
    if waiting:
        return None
    stamp = now.timestamp()
    # Which side of each moment the seat's card changes at: the link shows LINK_VISIBLE_BEFORE
    # the start, the seat can no longer be changed from the start or the booking's close, and
    # the card says the session is over from its end.
    moments = [s - LINK_VISIBLE_BEFORE.total_seconds() for s in starts or ()]
    moments += [*(starts or ()), *(ends or ()), *(closes or ())]
    phase = "".join("1" if stamp >= moment else "0" for moment in moments)
    parts = (
        code_stamp(),
        digest,
        get_language(),
        timezone.localdate(now).isoformat(),
        phase,
        user.get_username(),
        user.first_name,
        user.last_name,
        user.date_joined.isoformat() if user.date_joined else "",
        user.nip or "",
    )
    combined = hashlib.md5("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()
    return KEY.format(user=user.pk, digest=combined)
