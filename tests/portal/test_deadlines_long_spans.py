"""A clock in service hours read years after it started (issue 19: the IP-ASN officials'
overview showed a report returned in 2021 and never sent back, and its last page failed with
"No service hours within 1098 days"): the scan's limit is for a timetable without hours, not
for a long wait."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from portal.deadlines import Pause, TimeLimit, read_clock

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
