"""Time limits as the service standards write them, and the clock that runs against them.

A `TimeLimit` is one limit of a standard, as data: its unit (working days, calendar days, or
days of service hours), an amount or a range ("14 sampai dengan 30 hari kerja": due at the
minimum, overdue past the maximum), and its anchor — it counts *from* a named event ("sejak
berkas dinyatakan lengkap dan benar") or ends *before* one ("paling lambat 5 (lima) hari
sebelum kegiatan"). `TimeLimit.describe()` writes it back the way the standards do.

`read_clock` runs a limit from the moment of its anchor event to a given moment, skipping the
pauses while the application waits on the applicant (returned for revision until resubmitted):
a pause moves the due date by the working days (or calendar days, or open time) it covered.

Counting follows `portal.calendar`: the anchor day itself is never counted, so a limit of n
working days from a Friday with no holiday is due on the Friday after; a pause from day p to
day q covers the days d with ``p < d <= q`` (returned on a Friday and resubmitted on the
Monday costs the office one working day, the Monday); a limit is overdue on the first day
counted past its maximum (the due day itself is on time).

Service hours (seed 003: "1 (satu) hari" within Monday-Thursday 08.00-15.30 and Friday
08.30-15.30, with their breaks) are given as data, a mapping weekday (0 = Monday) -> open spans,
`service_hours_from_rows` builds it from `portal.models.ProviderHours` rows. The clock runs only
inside those spans on working days. A limit of n days of service hours ends at the same point of
the service day (the same open time since opening) n service days later — received Monday
14.00, due Tuesday 14.00 — or at the close of a shorter day.

Nothing uses this module yet: the workflow engine of issue 15 (steps with time limits, the
timeline showing pauses) comes next and will store limits as data and read them through here.
It imports only the calendar, portal.numbers (terbilang) and Django, so any app may use it.
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.calendar import (
    MAX_SCAN_DAYS,
    add_working_days,
    latest_working_day_before,
    working_days_between,
    working_days_counter,
    working_days_in,
)
from portal.numbers import number_in_words

# Open spans per weekday (0 = Monday), e.g. {0: ((time(8), time(11, 30)), (time(13), ...))}.
type ServiceHours = Mapping[int, Sequence[tuple[time, time]]]
type Moment = date | datetime

# Working days are loaded this many calendar days at a time when walking service hours.
_CHUNK_DAYS = 62


class Unit(StrEnum):
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    SERVICE_HOURS = "service_hours"


class Anchor(StrEnum):
    SINCE = "since"
    BEFORE = "before"


@dataclass(frozen=True)
class TimeLimit:
    """A time limit as a standard writes it. Build it with the constructors below."""

    unit: Unit
    amount: int
    maximum: int | None = None
    anchor: Anchor = Anchor.SINCE
    # The anchor event's name as the source writes it, for display; may be empty for SINCE
    # ("1 (satu) hari"), the engine then counts from the step's start.
    event: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.amount <= 999:
            raise ValueError(f"amount must be 0 to 999, got {self.amount}.")
        if self.maximum is not None and not self.amount < self.maximum <= 999:
            raise ValueError(f"maximum must be above {self.amount} and at most 999.")
        if self.anchor == Anchor.BEFORE:
            if not self.event:
                raise ValueError("A limit before an event needs the event's name.")
            if self.maximum is not None:
                raise ValueError("A limit before an event is a single latest date, not a range.")
            if self.unit == Unit.SERVICE_HOURS:
                raise ValueError("A limit before an event counts working or calendar days.")

    @classmethod
    def working_days(cls, amount: int, *, since: str = "") -> "TimeLimit":
        return cls(Unit.WORKING_DAYS, amount, event=since)

    @classmethod
    def working_days_range(cls, minimum: int, maximum: int, *, since: str = "") -> "TimeLimit":
        return cls(Unit.WORKING_DAYS, minimum, maximum, event=since)

    @classmethod
    def calendar_days(cls, amount: int, *, since: str = "") -> "TimeLimit":
        return cls(Unit.CALENDAR_DAYS, amount, event=since)

    @classmethod
    def calendar_days_range(cls, minimum: int, maximum: int, *, since: str = "") -> "TimeLimit":
        return cls(Unit.CALENDAR_DAYS, minimum, maximum, event=since)

    @classmethod
    def service_days(cls, amount: int, *, since: str = "") -> "TimeLimit":
        """n days counted in service hours ("1 (satu) hari", seed 003)."""
        return cls(Unit.SERVICE_HOURS, amount, event=since)

    @classmethod
    def service_days_range(cls, minimum: int, maximum: int, *, since: str = "") -> "TimeLimit":
        return cls(Unit.SERVICE_HOURS, minimum, maximum, event=since)

    @classmethod
    def before(cls, amount: int, event: str, *, working: bool = False) -> "TimeLimit":
        """Done at the latest `amount` days (working days if `working`) before `event`."""
        unit = Unit.WORKING_DAYS if working else Unit.CALENDAR_DAYS
        return cls(unit, amount, anchor=Anchor.BEFORE, event=event)

    @property
    def is_range(self) -> bool:
        return self.maximum is not None

    @property
    def latest(self) -> int:
        """The amount past which the limit is overdue: the maximum of a range, else the amount."""
        return self.amount if self.maximum is None else self.maximum

    def describe(self) -> str:
        """The limit in the standards' words, e.g. "14 (empat belas) sampai dengan 30 (tiga
        puluh) hari kerja sejak berkas dinyatakan lengkap dan benar"."""
        amount = _counted(self.amount)
        if self.maximum is not None:
            amount = _("%(minimum)s sampai dengan %(maximum)s") % {
                "minimum": amount,
                "maximum": _counted(self.maximum),
            }
        unit = _("hari kerja") if self.unit == Unit.WORKING_DAYS else _("hari")
        if self.anchor == Anchor.BEFORE:
            return _("paling lambat %(amount)s %(unit)s sebelum %(event)s") % {
                "amount": amount,
                "unit": unit,
                "event": self.event,
            }
        if self.event:
            return _("%(amount)s %(unit)s sejak %(event)s") % {
                "amount": amount,
                "unit": unit,
                "event": self.event,
            }
        return f"{amount} {unit}"


def _counted(n: int) -> str:
    return f"{n} ({number_in_words(n)})"


@dataclass(frozen=True)
class Pause:
    """A span while the application waits on the applicant: from when it was returned to
    when it was resubmitted (None: still waiting, the clock is stopped)."""

    start: Moment
    end: Moment | None = None


@dataclass(frozen=True)
class ClockReading:
    """Where a limit stands at `as_of`.

    Day units give dates and whole days (working days for working-day limits, calendar days
    for calendar-day limits); service-hour limits give aware datetimes and open time
    (timedelta). For a limit before an event, `due` is the latest date, `used` is None and
    pauses do not apply (the event does not move).
    """

    limit: TimeLimit
    due: Moment
    due_latest: Moment
    used: int | timedelta | None
    remaining: int | timedelta  # until `due`, 0 once past it
    remaining_latest: int | timedelta  # until `due_latest`
    paused_for: int | timedelta
    paused: bool
    past_due: bool
    overdue: bool


def service_hours_from_rows(rows: Iterable) -> dict[int, tuple[tuple[time, time], ...]]:
    """Open spans per weekday from rows shaped like `portal.models.ProviderHours` (weekday,
    opens, closes, break_starts, break_ends): the day minus its break."""
    hours: dict[int, tuple[tuple[time, time], ...]] = {}
    for row in rows:
        if row.break_starts and row.break_ends:
            spans = ((row.opens, row.break_starts), (row.break_ends, row.closes))
        else:
            spans = ((row.opens, row.closes),)
        hours[row.weekday] = spans
    return hours


def read_clock(
    limit: TimeLimit,
    *,
    anchor: Moment,
    as_of: Moment,
    pauses: Sequence[Pause] = (),
    hours: ServiceHours | None = None,
) -> ClockReading:
    """Run `limit` from `anchor` (the moment of its anchor event; for a limit before an event,
    the event's moment) to `as_of`, skipping `pauses`.

    Day limits take dates or aware datetimes (read as the portal's local date); service-hour
    limits need aware datetimes and `hours`. Pauses after `as_of` are not yet known and are
    ignored; a pause still open at `as_of` counts up to it. Overlapping pauses count once.
    """
    if limit.anchor == Anchor.BEFORE:
        return _read_before(limit, event=_day(anchor), as_of=_day(as_of))
    if limit.unit == Unit.SERVICE_HOURS:
        if hours is None:
            raise ValueError("A limit in service hours needs the service hours.")
        return _read_service_hours(limit, anchor, as_of, pauses, hours)
    return _read_days(limit, _day(anchor), _day(as_of), pauses)


def _day(moment: Moment) -> date:
    if isinstance(moment, datetime):
        return timezone.localdate(moment)
    return moment


def _merged(intervals: Iterable[tuple[Moment, Moment]]) -> list[tuple[Moment, Moment]]:
    merged: list[tuple[Moment, Moment]] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _read_before(limit: TimeLimit, *, event: date, as_of: date) -> ClockReading:
    if limit.unit == Unit.WORKING_DAYS:
        latest = latest_working_day_before(event, limit.amount)
        remaining = working_days_between(as_of, latest)
    else:
        latest = event - timedelta(days=limit.amount)
        remaining = max(0, (latest - as_of).days)
    late = as_of > latest
    return ClockReading(limit, latest, latest, None, remaining, remaining, 0, False, late, late)


def _read_days(
    limit: TimeLimit, anchor: date, as_of: date, pauses: Sequence[Pause]
) -> ClockReading:
    intervals = []
    for pause in pauses:
        start = max(_day(pause.start), anchor)
        end = as_of if pause.end is None else min(_day(pause.end), as_of)
        intervals.append((start, end))
    spans = _merged(intervals)
    paused = any(pause.end is None and _day(pause.start) <= as_of for pause in pauses)
    if limit.unit == Unit.WORKING_DAYS:
        between = working_days_counter(anchor, max(anchor, as_of))
        paused_for = sum(between(start, end) for start, end in spans)
        elapsed = between(anchor, as_of)

        def add(n: int) -> date:
            return add_working_days(anchor, n)
    else:
        paused_for = sum((end - start).days for start, end in spans)
        elapsed = max(0, (as_of - anchor).days)

        def add(n: int) -> date:
            return anchor + timedelta(days=n)

    used = elapsed - paused_for
    return ClockReading(
        limit,
        due=add(limit.amount + paused_for),
        due_latest=add(limit.latest + paused_for),
        used=used,
        remaining=max(0, limit.amount - used),
        remaining_latest=max(0, limit.latest - used),
        paused_for=paused_for,
        paused=paused,
        past_due=used > limit.amount,
        overdue=used > limit.latest,
    )


# Service hours


def _aware(moment: Moment) -> datetime:
    if not isinstance(moment, datetime) or timezone.is_naive(moment):
        raise ValueError("A limit in service hours runs between aware datetimes.")
    return timezone.localtime(moment)


def _day_spans(day: date, hours: ServiceHours) -> list[tuple[datetime, datetime]]:
    tz = timezone.get_current_timezone()
    return [
        (datetime.combine(day, opens, tz), datetime.combine(day, closes, tz))
        for opens, closes in hours.get(day.weekday(), ())
        if opens < closes
    ]


def _has_hours(day: date, hours: ServiceHours) -> bool:
    return any(opens < closes for opens, closes in hours.get(day.weekday(), ()))


def _daily_open(hours: ServiceHours) -> dict[int, timedelta]:
    """Weekday -> the open time of a whole day (wall-clock, as _day_spans' differences are):
    a day wholly inside a long span is added, or skipped, without building its spans."""
    return {
        weekday: sum(
            (
                datetime.combine(date.min, closes) - datetime.combine(date.min, opens)
                for opens, closes in spans
                if opens < closes
            ),
            start=timedelta(),
        )
        for weekday, spans in hours.items()
    }


def _service_days(first: date, hours: ServiceHours) -> Iterator[date]:
    """Working days from `first` on (inclusive) with open hours, loaded a chunk at a time. It
    gives up after MAX_SCAN_DAYS without one (no hours at all), counted from the last one found:
    the open time between two moments years apart (a report returned in 2021 and never sent
    back, read today) is a long scan, not a missing timetable."""
    start = found = first
    while (start - found).days <= MAX_SCAN_DAYS:
        last = start + timedelta(days=_CHUNK_DAYS - 1)
        for day in working_days_in(start, last):
            if _has_hours(day, hours):
                found = day
                yield day
        start = last + timedelta(days=1)
    raise ValueError(f"No service hours within {MAX_SCAN_DAYS} days after {found.isoformat()}.")


def _add_open_time(moment: datetime, duration: timedelta, hours: ServiceHours) -> datetime:
    """The instant when `duration` of open time has passed since `moment`; with a zero
    duration, `moment` if the office is open then, else when it next opens."""
    daily = _daily_open(hours)
    first = timezone.localdate(moment)
    for day in _service_days(first, hours):
        # A later day whose whole open time does not use up the rest is skipped whole (a pause
        # of years moves a due date across years of days).
        if day != first and duration > daily[day.weekday()]:
            duration -= daily[day.weekday()]
            continue
        for opens, closes in _day_spans(day, hours):
            if closes <= moment:
                continue
            opens = max(opens, moment)
            if duration <= closes - opens:
                return opens + duration
            duration -= closes - opens
    raise AssertionError("unreachable: _service_days raises first")  # pragma: no cover


def _open_between(a: datetime, b: datetime, hours: ServiceHours) -> timedelta:
    total = timedelta()
    if b <= a:
        return total
    daily = _daily_open(hours)
    first, last = timezone.localdate(a), timezone.localdate(b)
    for day in _service_days(first, hours):
        if first < day < last:  # wholly inside: its whole open time, without its spans
            total += daily[day.weekday()]
            continue
        for opens, closes in _day_spans(day, hours):
            if closes <= a:
                continue
            opens = max(opens, a)
            if opens >= b:
                return total
            total += min(closes, b) - opens
    raise AssertionError("unreachable: a day past `b` ends the loop")  # pragma: no cover


def _service_due(start: datetime, days: int, hours: ServiceHours) -> datetime:
    """The same point of the service day `days` service days after `start` (which is open
    time), or the close of that day if it is shorter. At a break the point is the reopening,
    as `start` is: received at 12.00 during Monday's break, due at 13.00 on Tuesday."""
    start_day = timezone.localdate(start)
    spans = _day_spans(start_day, hours)
    into_day = _open_between(spans[0][0], start, hours)
    if days == 0:
        return start
    service_days = _service_days(start_day + timedelta(days=1), hours)
    for _counted_day in range(days):
        target = next(service_days)
    target_spans = _day_spans(target, hours)
    for opens, closes in target_spans:
        if into_day < closes - opens:
            return opens + into_day
        into_day -= closes - opens
    return target_spans[-1][1]


def _read_service_hours(
    limit: TimeLimit,
    anchor: Moment,
    as_of: Moment,
    pauses: Sequence[Pause],
    hours: ServiceHours,
) -> ClockReading:
    anchor, as_of = _aware(anchor), _aware(as_of)
    # Received outside service hours: the clock starts when the office next opens.
    start = _add_open_time(anchor, timedelta(), hours)
    intervals = []
    for pause in pauses:
        pause_end = as_of if pause.end is None else min(_aware(pause.end), as_of)
        intervals.append((max(_aware(pause.start), start), pause_end))
    paused_for = sum((_open_between(a, b, hours) for a, b in _merged(intervals)), start=timedelta())
    paused = any(pause.end is None and _aware(pause.start) <= as_of for pause in pauses)

    def due_after(days: int) -> datetime:
        due = _service_due(start, days, hours)
        return _add_open_time(due, paused_for, hours) if paused_for else due

    due, due_latest = due_after(limit.amount), due_after(limit.latest)
    used = _open_between(start, as_of, hours) - paused_for
    return ClockReading(
        limit,
        due=due,
        due_latest=due_latest,
        used=used,
        remaining=_open_between(as_of, due, hours),
        remaining_latest=_open_between(as_of, due_latest, hours),
        paused_for=paused_for,
        paused=paused,
        past_due=as_of > due,
        overdue=as_of > due_latest,
    )
