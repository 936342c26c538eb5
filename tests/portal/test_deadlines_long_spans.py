"""A clock in service hours read years after it started (issue 19: the IP-ASN officials'
overview showed a report returned in 2021 and never sent back, and its last page failed with
"No service hours within 1098 days"): the scan's limit is for a timetable without hours, not
for a long wait."""

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from portal import deadlines
from portal.deadlines import Pause, TimeLimit, read_clock, service_hours_from_rows
from portal.models import Provider

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
WEEKDAYS = {weekday: ((time(8), time(16)),) for weekday in range(5)}


def test_a_clock_paused_for_five_years_is_read():
    anchor = datetime(2021, 12, 27, 9, tzinfo=WIB)
    as_of = datetime(2026, 12, 4, 9, tzinfo=WIB)
    pause = Pause(datetime(2021, 12, 28, 9, tzinfo=WIB), None)

    reading = read_clock(
        TimeLimit.service_days(5), anchor=anchor, as_of=as_of, pauses=[pause], hours=WEEKDAYS
    )

    assert reading.paused
    assert not reading.overdue  # one open day used before the pause, the rest waits


def test_five_years_of_open_time_are_counted():
    anchor = datetime(2021, 12, 27, 9, tzinfo=WIB)
    as_of = datetime(2026, 12, 4, 9, tzinfo=WIB)

    reading = read_clock(TimeLimit.service_days(5), anchor=anchor, as_of=as_of, hours=WEEKDAYS)

    assert reading.overdue


def test_a_timetable_without_hours_still_fails():
    anchor = datetime(2026, 10, 5, 9, tzinfo=WIB)
    with pytest.raises(ValueError, match="service hours"):
        read_clock(TimeLimit.service_days(1), anchor=anchor, as_of=anchor, hours={})


# The day-by-day reading the scan replaced (issue 19): every open span from a moment on. The
# faster one adds or skips whole days; both must agree to the second.


def _spans_from(moment, hours):
    for day in deadlines._service_days(timezone.localdate(moment), hours):
        for opens, closes in deadlines._day_spans(day, hours):
            if closes > moment:
                yield max(opens, moment), closes


def _open_between_by_spans(a, b, hours):
    total = timedelta()
    if b <= a:
        return total
    for opens, closes in _spans_from(a, hours):
        if opens >= b:
            break
        total += min(closes, b) - opens
    return total


def _add_open_time_by_spans(moment, duration, hours):
    for opens, closes in _spans_from(moment, hours):
        if duration <= closes - opens:
            return opens + duration
        duration -= closes - opens
    raise AssertionError


def _moments(count: int) -> list[datetime]:
    rng = random.Random(19)
    start = datetime(2026, 12, 14, 0, tzinfo=WIB)  # around Christmas and its cuti bersama
    return [start + timedelta(minutes=rng.randrange(0, 60 * 24 * 40)) for _ in range(count)]


@pytest.fixture
def seed_003_hours():
    provider = Provider.objects.get(slug="bkpsdm-kota-singkawang")
    return service_hours_from_rows(provider.hours.all())


def test_open_time_between_two_moments_is_what_the_spans_add_up_to(seed_003_hours):
    moments = _moments(60)
    with timezone.override(WIB):
        for a, b in zip(moments, reversed(moments), strict=True):
            expected = _open_between_by_spans(a, b, seed_003_hours)
            assert deadlines._open_between(a, b, seed_003_hours) == expected, (a, b)


def test_open_time_added_to_a_moment_ends_where_the_spans_say(seed_003_hours):
    rng = random.Random(3)
    with timezone.override(WIB):
        for moment in _moments(60):
            duration = timedelta(minutes=rng.choice([0, 1, 90, 390, 405, 391 * 7, 60 * 24 * 9]))
            expected = _add_open_time_by_spans(moment, duration, seed_003_hours)
            assert deadlines._add_open_time(moment, duration, seed_003_hours) == expected
