"""The report's one clock (seed 003: "1 (satu) hari", in BKPSDM's service hours): from the
moment the report was first received to the laporan's signature, minus the waits on the
Perangkat Daerah (Pause rows). Read with portal.deadlines; callers pass what they already
loaded so a queue costs no query per row."""

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from portal.calendar import closures_preloaded
from portal.deadlines import ClockReading, Pause, ServiceHours, read_clock

# A report due within this much open time is flagged "due soon" in the officials' queues.
SOON = timedelta(hours=1)

# How far past the last moment a clock is read at (today for an open report, the signature for
# a completed one) a page's clocks may look for open days (due dates, the pauses they add):
# three of portal.deadlines' 62-day chunks.
CLOCK_HORIZON = timedelta(days=186)


@dataclass(frozen=True)
class ReportClock:
    limit_text: str
    reading: ClockReading | None  # None: not submitted yet, or the provider set no limit/hours

    @property
    def late(self) -> bool:
        return bool(self.reading and self.reading.past_due)

    @property
    def due_soon(self) -> bool:
        """Open, not late, and due within the hour of open time."""
        return bool(
            self.reading
            and not self.reading.past_due
            and not self.reading.paused
            and self.reading.remaining <= SOON
        )


def pauses_of(rows: Iterable) -> list[Pause]:
    return [Pause(row.started_at, row.ended_at) for row in rows]


def report_clock(
    report,
    *,
    limit_row,
    pauses: Sequence[Pause],
    hours: ServiceHours | None,
    as_of: datetime | None = None,
) -> ReportClock:
    limit = limit_row.time_limit() if limit_row is not None else None
    if limit is None:
        return ReportClock("", None)
    if report.submitted_at is None or not hours:
        return ReportClock(limit.describe(), None)
    as_of = report.closed_at or as_of or timezone.now()
    reading = read_clock(limit, anchor=report.submitted_at, as_of=as_of, pauses=pauses, hours=hours)
    return ReportClock(limit.describe(), reading)


def closures_for(reports: Iterable, *, as_of: datetime | None = None) -> AbstractContextManager:
    """portal.calendar.closures_preloaded for the clocks of `reports` (each read at its
    closed_at, or `as_of` while open, as report_clock does): from the earliest day one of them
    was received to CLOCK_HORIZON past the latest day one is read at. Inside it a list of
    clocks reads the closures once, not once per report (nor per chunk of days); a clock
    reaching outside the span still reads them itself, so the figures never depend on it."""
    today = timezone.localdate(as_of or timezone.now())
    starts, ends = [today], [today]
    for report in reports:
        if report.submitted_at is not None:
            starts.append(timezone.localdate(report.submitted_at))
        if report.closed_at is not None:
            ends.append(timezone.localdate(report.closed_at))
    return closures_preloaded(min(starts), max(ends) + CLOCK_HORIZON)
