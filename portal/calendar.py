"""Working-day calendar: the only place the portal turns "n working days" into a date and back.

A working day is Monday to Friday, except Indonesian national holidays and *cuti bersama*
(the `holidays` package, public + government categories, Indonesian names) and the local
closures the administrator keeps in `portal.models.Closure`.

Counting convention, shared by every function here so they agree with each other: the day
something happens (submission, due date) is never counted; counting starts the day after.
Hence ``working_days_between(a, add_working_days(a, n)) == n`` for every ``a`` and ``n >= 0``.
"""

from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

import holidays
from django.utils import timezone

from portal.models import Closure

ONE_DAY = timedelta(days=1)

# Deadlines in the portal are a few working days long; a scan longer than this means a bad
# argument (a typo'd year, a huge n), and must fail instead of looping for minutes.
MAX_SCAN_DAYS = 3 * 366

# Public holidays alone miss cuti bersama, which government offices close for; "government"
# adds them, so both are needed for an ASN office's calendar.
HOLIDAY_CATEGORIES = ("public", "government")


@lru_cache(maxsize=16)
def _national_holidays(year: int) -> Mapping[date, str]:
    """National holidays and cuti bersama of one year, by date, with Indonesian names.

    Cached per process: the list changes only when the `holidays` package is upgraded, which
    means a redeploy, and building it costs far more than looking a day up.
    """
    national = holidays.ID(categories=HOLIDAY_CATEGORIES, language="id", years=year)
    # A plain read-only dict: the package's own object grows itself when asked about another
    # year, which would let a cached value change under its callers.
    return MappingProxyType(dict(national))


# (first, last, closures) read once by closures_preloaded for the block it guards, and the
# working days of the spans working_days_in was asked for inside it, by (first, last).
_preloaded: ContextVar[
    tuple[date, date, frozenset[date], dict[tuple[date, date], tuple[date, ...]]] | None
] = ContextVar("closures_preloaded", default=None)


@contextmanager
def closures_preloaded(first: date, last: date) -> Iterator[None]:
    """Read the local closures from `first` to `last` once; inside the block every function
    here asking for closures within that span uses them instead of a query. A page reading one
    service-hour clock per row (each walking its days chunk by chunk) then costs one query,
    not several per row; a span outside it is still read from the database. Inside a block
    that already holds the span (a page preloading for its clocks around a timeline that
    preloads its own), nothing is read again."""
    outer = _preloaded.get()
    if outer is not None and outer[0] <= first and last <= outer[1]:
        yield
        return
    loaded = frozenset(
        Closure.objects.filter(date__range=(first, last)).values_list("date", flat=True)
    )
    token = _preloaded.set((first, last, loaded, {}))
    try:
        yield
    finally:
        _preloaded.reset(token)


def closures_preloaded_around(*days: date):
    """closures_preloaded for clocks whose scans start on `days` (a page's few clocks, each
    read forward or back for up to MAX_SCAN_DAYS): one query for the page instead of one per
    scan. A scan starting elsewhere still reads its own span."""
    margin = timedelta(days=MAX_SCAN_DAYS + 7)
    return closures_preloaded(min(days) - margin, max(days) + margin)


def _closures(first: date, last: date) -> set[date]:
    """Dates of local closures from `first` to `last` inclusive, in one query (none inside
    closures_preloaded covering the span)."""
    preloaded = _preloaded.get()
    if preloaded is not None and preloaded[0] <= first and last <= preloaded[1]:
        return {day for day in preloaded[2] if first <= day <= last}
    return set(Closure.objects.filter(date__range=(first, last)).values_list("date", flat=True))


def _is_working_day(day: date, closures: Collection[date]) -> bool:
    return day.weekday() < 5 and day not in _national_holidays(day.year) and day not in closures


def _scan_limit(start: date) -> date:
    # Clamped so a start near date.max gives a ValueError below, not an OverflowError here.
    if (date.max - start).days < MAX_SCAN_DAYS:
        return date.max
    return start + timedelta(days=MAX_SCAN_DAYS)


def _days_after(start: date, last: date) -> Iterator[date]:
    """Every day d with start < d <= last."""
    day = start
    while day < last:
        day += ONE_DAY
        yield day


def is_working_day(day: date) -> bool:
    """Whether the office is open on `day` (at most one query, none on weekends or holidays)."""
    if day.weekday() >= 5 or day in _national_holidays(day.year):
        return False
    return not Closure.objects.filter(date=day).exists()


def add_working_days(start: date, n: int) -> date:
    """The date `n` working days after `start`; `start` itself is never counted.

    A deadline "3 working days after submission on Friday" is the following Wednesday when
    no holiday intervenes. For ``n >= 1`` the result is always a working day.

    ``n == 0`` returns `start` unchanged, even on a weekend or holiday: that is the only rule
    under which ``working_days_between(start, add_working_days(start, n)) == n`` holds for
    every `n`, because zero working days lie between a day and itself. Callers that want
    "`start` if the office is open, else the next working day" write
    ``add_working_days(start - timedelta(days=1), 1)``.

    Raises ValueError when `n` is negative or the answer lies more than ``MAX_SCAN_DAYS``
    calendar days after `start`. Loads the closures with one query.
    """
    if n < 0:
        raise ValueError(f"n must be 0 or more working days, got {n}.")
    if n == 0:
        return start
    limit = _scan_limit(start)
    # The end date is unknown until counted, so load every closure the scan may reach: one
    # query over a small table beats one query per day. (From `start`, not the day after, so
    # that start == date.max fails with the ValueError below rather than an OverflowError.)
    closures = _closures(start, limit)
    remaining = n
    for day in _days_after(start, limit):
        if _is_working_day(day, closures):
            remaining -= 1
            if remaining == 0:
                return day
    raise ValueError(
        f"{n} working days after {start.isoformat()} is more than {MAX_SCAN_DAYS} days away."
    )


def working_days_between(a: date, b: date) -> int:
    """The number of working days d with ``a < d <= b``; 0 when `b` is not after `a`.

    The inverse of `add_working_days`. Raises ValueError when `b` is more than
    ``MAX_SCAN_DAYS`` calendar days after `a`. Loads the closures with one query.
    """
    if b <= a:
        return 0
    if (b - a).days > MAX_SCAN_DAYS:
        raise ValueError(
            f"{a.isoformat()} to {b.isoformat()} spans more than {MAX_SCAN_DAYS} days."
        )
    closures = _closures(a + ONE_DAY, b)
    return sum(1 for day in _days_after(a, b) if _is_working_day(day, closures))


def working_days_counter(first: date, last: date) -> Callable[[date, date], int]:
    """`working_days_between` for any number of pairs of dates within first..last, with one
    query: the working days of the span are listed once and each pair counted by bisection.
    For reports and measurements over many cases; a span longer than MAX_SCAN_DAYS counts from
    its last MAX_SCAN_DAYS, as the other functions here scan no further."""
    first = max(first, last - timedelta(days=MAX_SCAN_DAYS))
    closures = _closures(first + ONE_DAY, last)
    working = [day for day in _days_after(first, last) if _is_working_day(day, closures)]

    def between(a: date, b: date) -> int:
        return max(0, bisect_right(working, b) - bisect_right(working, max(a, first)))

    return between


def working_days_many(pairs: Sequence[tuple[date, date]]) -> list[int]:
    """`working_days_between(a, b)` for every pair, with one query for all."""
    if not pairs:
        return []
    between = working_days_counter(min(a for a, _ in pairs), max(b for _, b in pairs))
    return [between(a, b) for a, b in pairs]


def holiday_name(day: date) -> str | None:
    """Why the office is closed on `day` besides a weekend, for showing next to a date.

    The national holiday or cuti bersama name in Indonesian (as the government publishes it),
    else the name of the local closure, else None. At most one query.
    """
    national = _national_holidays(day.year).get(day)
    if national is not None:
        return national
    return Closure.objects.filter(date=day).values_list("name", flat=True).first()


def working_days_overdue(due: date, today: date | None = None) -> int:
    """How many working days past `due` we are `today` (the portal's local date by default).

    0 on the due date itself and before it; 1 on the first working day after it.
    """
    if today is None:
        today = timezone.localdate()
    # Spans longer than MAX_SCAN_DAYS are refused; a deadline that old counts from there.
    return working_days_between(max(due, today - timedelta(days=MAX_SCAN_DAYS)), today)


def working_days_overdue_many(*, due_dates: Iterable[date | None], today: date) -> dict[date, int]:
    """For each due date before `today`: how many working days late it is (as
    working_days_overdue counts), for a whole list page with one query, none for an empty list.

    The closures are read even when no date is past or none is set: a queue's page then makes
    the same queries whatever its rows (the objections' queue made 6 queries on a page of
    objections not yet due and 7 on a page with a late one, the verifier queue 6 on a page of
    decided applications, which have no due date, and 7 on page 1; issue 19)."""
    due_dates = list(due_dates)
    if not due_dates:
        return {}
    dates = {due for due in due_dates if due is not None}
    overdue = sorted(due for due in dates if due < today)
    # The calendar refuses spans over MAX_SCAN_DAYS; a deadline that old counts from there.
    earliest = max(overdue[0] if overdue else today, today - timedelta(days=MAX_SCAN_DAYS))
    closures = _closures(earliest + timedelta(days=1), today)
    working = [day for day in _days_after(earliest, today) if _is_working_day(day, closures)]
    return {due: len(working) - bisect_right(working, due) for due in overdue}


def working_days_in(first: date, last: date) -> list[date]:
    """The working days d with ``first <= d <= last``, in order, with one query.

    Raises ValueError when the span is longer than ``MAX_SCAN_DAYS``."""
    if last < first:
        return []
    if (last - first).days > MAX_SCAN_DAYS:
        raise ValueError(
            f"{first.isoformat()} to {last.isoformat()} spans more than {MAX_SCAN_DAYS} days."
        )
    # Inside closures_preloaded the answer depends on the span alone: a page of service-hour
    # clocks asks for the same few spans again and again (each clock walks its days from the
    # day it was received, from today and from its due dates, several times), issue 19.
    preloaded = _preloaded.get()
    known = None
    if preloaded is not None and preloaded[0] <= first and last <= preloaded[1]:
        known = preloaded[3]
        if (first, last) in known:
            return list(known[(first, last)])
    closures = _closures(first, last)
    days = [day for day in _days_after(first - ONE_DAY, last) if _is_working_day(day, closures)]
    if known is not None:
        known[(first, last)] = tuple(days)
    return days


def latest_working_day_before(end: date, n: int) -> date:
    """The last working day by which something is done "n working days before" `end`: the
    latest working day d with ``working_days_between(d, end) >= n``.

    For an event on a Friday and n = 5 that is the Friday before (Monday to Friday of the
    event's week are the five days); `end` itself counts when it is a working day, as in
    `working_days_between`. ``n == 0`` gives `end` when it is a working day, else the last
    one before it. Raises ValueError when `n` is negative or the answer lies more than
    ``MAX_SCAN_DAYS`` days before `end`. Loads the closures with one query.
    """
    if n < 0:
        raise ValueError(f"n must be 0 or more working days, got {n}.")
    if (end - date.min).days < MAX_SCAN_DAYS:
        raise ValueError(f"{n} working days before {end.isoformat()} is out of range.")
    first = end - timedelta(days=MAX_SCAN_DAYS)
    closures = _closures(first, end)
    counted = 0
    day = end
    while day >= first:
        if _is_working_day(day, closures):
            if counted >= n:
                return day
            counted += 1
        day -= ONE_DAY
    raise ValueError(
        f"{n} working days before {end.isoformat()} is more than {MAX_SCAN_DAYS} days away."
    )
