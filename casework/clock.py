"""The clocks of a case, read with portal.deadlines: each step's own limit from the moment the
case entered it, and the service's completion limit from the end of the step that starts it
("sejak berkas dinyatakan lengkap dan benar"). Waits on the applicant (CasePause rows) stop
both. A limit *before* an event ("paling lambat 5 hari sebelum kegiatan") reads from the case's
exam session; without one it has no date yet.

Callers pass the case's pauses and the provider's service hours they already loaded, so a list
of cases costs no query per row."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from portal.deadlines import (
    Anchor,
    ClockReading,
    Pause,
    ServiceHours,
    TimeLimit,
    Unit,
    read_clock,
)


@dataclass(frozen=True)
class StepClock:
    """A step's limit as it stands: its reading, or None when the step sets no limit or its
    anchor event has no date yet."""

    limit_text: str
    reading: ClockReading | None


def pauses_of(rows: Iterable) -> list[Pause]:
    """portal.deadlines pauses from CasePause rows."""
    return [Pause(row.started_at, row.ended_at) for row in rows]


def _event_moment(case) -> datetime | None:
    session = getattr(case, "exam_session", None) if case.exam_session_id else None
    return session.starts_at if session is not None else None


# A page's memo of limits (step_clock's and completion_clock's `limits`): each limit row's
# TimeLimit and its words, keyed by the row's model and pk. A queue page of 50 cases shares a few
# steps and services: reading and describing each limit once per row was about a tenth of the
# engine's staff queue's CPU (issue 19).
Limits = dict[tuple[str, int], tuple[TimeLimit | None, str]]


def _limit(row, limits: Limits | None) -> tuple[TimeLimit | None, str]:
    """`row`'s time limit and its words ("" without a limit), from `limits` when given."""
    if limits is None:
        limit = row.time_limit()
        return limit, limit.describe() if limit is not None else ""
    key = (row._meta.label, row.pk)
    if key not in limits:
        limits[key] = _limit(row, None)
    return limits[key]


def _read(limit, *, anchor, as_of, pauses: Sequence[Pause], hours: ServiceHours | None):
    if limit.unit == Unit.SERVICE_HOURS and not hours:
        return None
    return read_clock(limit, anchor=anchor, as_of=as_of, pauses=pauses, hours=hours)


def step_clock(
    run,
    *,
    case,
    pauses: Sequence[Pause],
    hours: ServiceHours | None = None,
    as_of=None,
    limits: Limits | None = None,
) -> StepClock:
    """The clock of one StepRun: from its start to its end (or now), minus the pauses.
    `limits`: a page's memo of limits (a dict the caller keeps for the page)."""
    limit, text = _limit(run.step, limits)
    if limit is None:
        return StepClock("", None)
    as_of = run.finished_at or as_of or timezone.now()
    if limit.anchor == Anchor.BEFORE:
        event = _event_moment(case)
        if event is None:
            return StepClock(text, None)
        return StepClock(text, read_clock(limit, anchor=event, as_of=as_of))
    return StepClock(
        text,
        _read(limit, anchor=run.started_at, as_of=as_of, pauses=pauses, hours=hours),
    )


def completion_clock(
    case,
    *,
    limit_row,
    pauses: Sequence[Pause],
    hours: ServiceHours | None = None,
    as_of=None,
    limits: Limits | None = None,
) -> StepClock:
    """The service's completion limit (portal.ServiceCompletionLimit) for the case: from the
    moment its file was declared complete and correct to its end (or now). `limits`: as for
    step_clock."""
    limit, text = _limit(limit_row, limits) if limit_row is not None else (None, "")
    if limit is None:
        return StepClock("", None)
    if case.clock_started_at is None:
        return StepClock(text, None)
    as_of = case.closed_at or as_of or timezone.now()
    return StepClock(
        text,
        _read(limit, anchor=case.clock_started_at, as_of=as_of, pauses=pauses, hours=hours),
    )
