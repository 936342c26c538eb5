"""Time limits as the standards write them, and the clock that runs them on the real 2026
calendar: Idul Fitri (20-24 March with its cuti bersama, Nyepi on 18-19 March, Good Friday on
3 April), Christmas (24-25 December) and seed 003's service hours as migrated for the BKPSDM."""

from datetime import date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from portal.calendar import latest_working_day_before, working_days_between
from portal.deadlines import Pause, TimeLimit, Unit, read_clock, service_hours_from_rows
from portal.models import Closure, Provider

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")

COMPLETE = "berkas dinyatakan lengkap dan benar"
SEED_002 = TimeLimit.working_days_range(14, 30, since=COMPLETE)
SPK = TimeLimit.before(5, "kegiatan")


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


@pytest.fixture
def seed_003_hours():
    """Seed 003's hours as migrated: Mon-Thu 08.00-15.30 (break 11.30-13.00), Fri 08.30-15.30
    (break 11.00-13.00)."""
    provider = Provider.objects.get(slug="bkpsdm-kota-singkawang")
    return service_hours_from_rows(provider.hours.all())


# The limits in the standards' words


def test_a_range_from_a_named_event_reads_as_seed_002_writes_it():
    assert SEED_002.describe() == (
        "14 (empat belas) sampai dengan 30 (tiga puluh) hari kerja sejak "
        "berkas dinyatakan lengkap dan benar"
    )


def test_a_limit_before_an_event_reads_as_seed_004_writes_it():
    assert SPK.describe() == "paling lambat 5 (lima) hari sebelum kegiatan"
    assert TimeLimit.before(5, "kegiatan", working=True).describe() == (
        "paling lambat 5 (lima) hari kerja sebelum kegiatan"
    )


def test_one_day_of_service_hours_reads_as_seed_003_writes_it():
    limit = TimeLimit.service_days(1)
    assert limit.unit == Unit.SERVICE_HOURS
    assert limit.describe() == "1 (satu) hari"


def test_working_and_calendar_days_say_which_they_are():
    assert TimeLimit.working_days(3).describe() == "3 (tiga) hari kerja"
    assert TimeLimit.calendar_days(7, since="surat diterima").describe() == (
        "7 (tujuh) hari sejak surat diterima"
    )


@pytest.mark.parametrize(
    "build",
    [
        lambda: TimeLimit.working_days_range(30, 14),
        lambda: TimeLimit.working_days_range(14, 14),
        lambda: TimeLimit.working_days(-1),
        lambda: TimeLimit(Unit.WORKING_DAYS, 5, anchor="before"),
        lambda: TimeLimit(Unit.SERVICE_HOURS, 1, anchor="before", event="kegiatan"),
        lambda: TimeLimit(Unit.CALENDAR_DAYS, 5, 9, anchor="before", event="kegiatan"),
    ],
    ids=["upside-down", "empty-range", "negative", "no-event", "hours-before", "range-before"],
)
def test_a_limit_that_cannot_be_counted_is_refused(build):
    with pytest.raises(ValueError):
        build()


def test_a_limit_is_a_value():
    assert TimeLimit.working_days_range(14, 30, since=COMPLETE) == SEED_002
    with pytest.raises(AttributeError):
        SEED_002.amount = 10


# A range across Idul Fitri 2026


def test_a_range_is_due_at_its_minimum_and_latest_at_its_maximum_across_idul_fitri():
    # File complete on Friday 6 March. Nyepi (18-19), Idul Fitri and its cuti bersama (20, 23,
    # 24 March) and Good Friday (3 April) are not counted: without them the minimum would fall
    # on 26 March and the maximum on 17 April.
    reading = read_clock(SEED_002, anchor=date(2026, 3, 6), as_of=date(2026, 3, 6))
    assert reading.due == date(2026, 4, 2)
    assert reading.due_latest == date(2026, 4, 27)
    assert reading.used == 0
    assert reading.remaining == 14
    assert reading.remaining_latest == 30
    assert not reading.past_due and not reading.overdue


def test_a_range_is_past_due_after_its_minimum_and_overdue_only_after_its_maximum():
    on_holiday = read_clock(SEED_002, anchor=date(2026, 3, 6), as_of=date(2026, 4, 3))
    assert on_holiday.used == 14
    assert not on_holiday.past_due

    within = read_clock(SEED_002, anchor=date(2026, 3, 6), as_of=date(2026, 4, 6))
    assert within.used == 15
    assert within.remaining == 0
    assert within.remaining_latest == 15
    assert within.past_due and not within.overdue

    last_day = read_clock(SEED_002, anchor=date(2026, 3, 6), as_of=date(2026, 4, 27))
    assert not last_day.overdue
    late = read_clock(SEED_002, anchor=date(2026, 3, 6), as_of=date(2026, 4, 28))
    assert late.used == 31
    assert late.overdue


def test_a_datetime_anchor_counts_from_its_local_date():
    # 20.00 UTC on 5 March is already 6 March in WIB.
    reading = read_clock(
        SEED_002,
        anchor=datetime(2026, 3, 5, 20, tzinfo=ZoneInfo("UTC")),
        as_of=date(2026, 3, 9),
    )
    assert reading.due == date(2026, 4, 2)
    assert reading.used == 1


def test_a_local_closure_moves_the_due_date():
    Closure.objects.create(date=date(2026, 3, 30), name="Banjir")
    reading = read_clock(SEED_002, anchor=date(2026, 3, 6), as_of=date(2026, 3, 6))
    assert reading.due == date(2026, 4, 6)


def test_calendar_days_count_holidays_and_weekends():
    limit = TimeLimit.calendar_days(7)
    reading = read_clock(limit, anchor=date(2026, 3, 17), as_of=date(2026, 3, 25))
    assert reading.due == date(2026, 3, 24)
    assert reading.used == 8
    assert reading.overdue


# Pauses while the application waits on the applicant

FIVE_DAYS = TimeLimit.working_days(5, since=COMPLETE)
MONDAY = date(2026, 10, 5)  # a plain October week, no holiday near


def test_without_a_pause_five_working_days_from_monday_is_the_next_monday():
    assert read_clock(FIVE_DAYS, anchor=MONDAY, as_of=MONDAY).due == date(2026, 10, 12)


def test_a_pause_across_a_weekend_costs_only_the_working_day_it_covered():
    # Returned on Friday, resubmitted on Monday: the office lost Monday, not the weekend.
    pause = Pause(date(2026, 10, 9), date(2026, 10, 12))
    reading = read_clock(FIVE_DAYS, anchor=MONDAY, as_of=date(2026, 10, 13), pauses=[pause])
    assert reading.paused_for == 1
    assert reading.due == date(2026, 10, 13)
    assert reading.used == 5
    assert not reading.past_due
    assert not reading.paused


def test_a_pause_within_a_weekend_moves_nothing():
    pause = Pause(date(2026, 10, 9), date(2026, 10, 10))
    reading = read_clock(FIVE_DAYS, anchor=MONDAY, as_of=date(2026, 10, 13), pauses=[pause])
    assert reading.paused_for == 0
    assert reading.due == date(2026, 10, 12)
    assert reading.past_due


def test_a_pause_still_open_stops_the_clock_until_today():
    pause = Pause(date(2026, 10, 9))
    reading = read_clock(FIVE_DAYS, anchor=MONDAY, as_of=date(2026, 10, 20), pauses=[pause])
    assert reading.paused
    assert reading.paused_for == 7
    assert reading.used == 4
    assert reading.remaining == 1
    assert reading.due == date(2026, 10, 21)
    assert not reading.overdue


def test_overlapping_pauses_count_once_and_pauses_not_yet_known_not_at_all():
    pauses = [
        Pause(date(2026, 10, 6), date(2026, 10, 8)),
        Pause(date(2026, 10, 7), date(2026, 10, 9)),
        Pause(date(2026, 10, 19), date(2026, 10, 21)),
    ]
    reading = read_clock(FIVE_DAYS, anchor=MONDAY, as_of=date(2026, 10, 9), pauses=pauses)
    assert reading.paused_for == 3  # 7, 8 and 9 October
    assert reading.due == date(2026, 10, 15)


def test_a_pause_over_idul_fitri_costs_only_the_working_days_around_it():
    # Returned on Tuesday 17 March, resubmitted on Wednesday 25 March: 18-24 March are
    # holidays, cuti bersama or a weekend, so the office lost only the 25th.
    pause = Pause(date(2026, 3, 17), date(2026, 3, 25))
    reading = read_clock(SEED_002, anchor=date(2026, 3, 6), as_of=date(2026, 3, 26), pauses=[pause])
    assert reading.paused_for == 1
    assert reading.due == date(2026, 4, 6)


# Before an event


def test_five_days_before_an_event_are_calendar_days_even_across_cuti_bersama():
    reading = read_clock(SPK, anchor=date(2026, 3, 25), as_of=date(2026, 3, 10))
    assert reading.due == reading.due_latest == date(2026, 3, 20)
    assert reading.remaining == 10
    assert reading.used is None


def test_five_working_days_before_an_event_skip_idul_fitri():
    # The event is on Monday 30 March; counting back 30, 27, 26, 25 March and then, past Idul
    # Fitri and Nyepi, 17 March: the latest day to act is Monday 16 March (23 March without
    # the holidays).
    limit = TimeLimit.before(5, "kegiatan", working=True)
    reading = read_clock(limit, anchor=date(2026, 3, 30), as_of=date(2026, 3, 9))
    assert reading.due == date(2026, 3, 16)
    assert working_days_between(reading.due, date(2026, 3, 30)) == 5
    assert reading.remaining == 5
    assert not read_clock(limit, anchor=date(2026, 3, 30), as_of=date(2026, 3, 16)).overdue
    assert read_clock(limit, anchor=date(2026, 3, 30), as_of=date(2026, 3, 17)).overdue


def test_the_latest_working_day_before_an_event_is_a_working_day():
    # Event on Saturday 10 October: Monday-Friday are the five days, so the Friday before.
    assert latest_working_day_before(date(2026, 10, 10), 5) == date(2026, 10, 2)
    assert latest_working_day_before(date(2026, 10, 10), 0) == date(2026, 10, 9)
    # Christmas Eve (cuti bersama) and Christmas: one working day before Monday 28 December is
    # Wednesday the 23rd.
    assert latest_working_day_before(date(2026, 12, 28), 1) == date(2026, 12, 23)
    with pytest.raises(ValueError, match="0 or more"):
        latest_working_day_before(date(2026, 10, 10), -1)


# Days of service hours (seed 003)

ONE_DAY = TimeLimit.service_days(1)


def test_seed_003_hours_are_read_from_the_provider_rows(seed_003_hours):
    assert seed_003_hours[0] == ((time(8), time(11, 30)), (time(13), time(15, 30)))
    assert seed_003_hours[4] == ((time(8, 30), time(11)), (time(13), time(15, 30)))
    assert 5 not in seed_003_hours


def test_rows_without_a_break_are_one_span():
    row = SimpleNamespace(
        weekday=0, opens=time(8), closes=time(16), break_starts=None, break_ends=None
    )
    assert service_hours_from_rows([row]) == {0: ((time(8), time(16)),)}


def test_one_day_of_service_hours_from_monday_afternoon_is_tuesday_afternoon(seed_003_hours):
    reading = read_clock(
        ONE_DAY, anchor=wib(2026, 10, 5, 14), as_of=wib(2026, 10, 6, 9), hours=seed_003_hours
    )
    assert reading.due == reading.due_latest == wib(2026, 10, 6, 14)
    # Monday 14.00-15.30 and Tuesday 08.00-09.00 have passed; 09.00-11.30 and 13.00-14.00 remain.
    assert reading.used == timedelta(hours=2, minutes=30)
    assert reading.remaining == timedelta(hours=3, minutes=30)


def test_service_time_runs_across_the_break(seed_003_hours):
    # Thursday 11.15 is 3 h 15 min into the day; Friday opens 08.30 and breaks at 11.00, so the
    # same point of Friday's service day is 13.45.
    reading = read_clock(
        ONE_DAY,
        anchor=wib(2026, 10, 8, 11, 15),
        as_of=wib(2026, 10, 9, 13, 46),
        hours=seed_003_hours,
    )
    assert reading.due == wib(2026, 10, 9, 13, 45)
    assert reading.overdue


def test_received_during_the_break_the_clock_starts_when_the_office_reopens(seed_003_hours):
    reading = read_clock(
        ONE_DAY, anchor=wib(2026, 10, 5, 12), as_of=wib(2026, 10, 5, 12, 30), hours=seed_003_hours
    )
    assert reading.due == wib(2026, 10, 6, 13)
    assert reading.used == timedelta()


def test_a_longer_day_ends_at_the_close_of_a_shorter_friday(seed_003_hours):
    # Thursday 15.15 is 5 h 45 min into the day; Friday is open only 5 h.
    reading = read_clock(
        ONE_DAY,
        anchor=wib(2026, 10, 8, 15, 15),
        as_of=wib(2026, 10, 8, 15, 15),
        hours=seed_003_hours,
    )
    assert reading.due == wib(2026, 10, 9, 15, 30)


def test_received_after_closing_counts_from_the_next_opening(seed_003_hours):
    reading = read_clock(
        ONE_DAY, anchor=wib(2026, 10, 5, 17), as_of=wib(2026, 10, 5, 17), hours=seed_003_hours
    )
    assert reading.due == wib(2026, 10, 7, 8)


def test_service_hours_skip_christmas_and_its_cuti_bersama(seed_003_hours):
    # Received Wednesday 23 December at 10.00; 24 (cuti bersama), 25 (Natal) and the weekend
    # are closed, so the next service day is Monday 28 December.
    reading = read_clock(
        ONE_DAY, anchor=wib(2026, 12, 23, 10), as_of=wib(2026, 12, 24, 10), hours=seed_003_hours
    )
    assert reading.due == wib(2026, 12, 28, 10)
    assert reading.used == timedelta(hours=4)
    assert not reading.past_due


def test_a_pause_in_service_hours_moves_the_due_time_by_the_open_time_it_covered(seed_003_hours):
    # Received Monday 09.00, returned at 10.00, resubmitted at 14.00: 10.00-11.30 and
    # 13.00-14.00 were open, 2 h 30 min, so Tuesday 09.00 becomes Tuesday 11.30.
    pause = Pause(wib(2026, 10, 5, 10), wib(2026, 10, 5, 14))
    reading = read_clock(
        ONE_DAY,
        anchor=wib(2026, 10, 5, 9),
        as_of=wib(2026, 10, 6, 10),
        pauses=[pause],
        hours=seed_003_hours,
    )
    assert reading.paused_for == timedelta(hours=2, minutes=30)
    assert reading.due == wib(2026, 10, 6, 11, 30)
    assert reading.used == timedelta(hours=4, minutes=30)
    assert reading.remaining == timedelta(hours=1, minutes=30)
    late = read_clock(
        ONE_DAY,
        anchor=wib(2026, 10, 5, 9),
        as_of=wib(2026, 10, 6, 11, 31),
        pauses=[pause],
        hours=seed_003_hours,
    )
    assert late.overdue


def test_service_hours_need_hours_and_aware_datetimes(seed_003_hours):
    with pytest.raises(ValueError, match="service hours"):
        read_clock(ONE_DAY, anchor=wib(2026, 10, 5, 9), as_of=wib(2026, 10, 5, 9))
    with pytest.raises(ValueError, match="aware"):
        read_clock(
            ONE_DAY,
            anchor=datetime(2026, 10, 5, 9),
            as_of=wib(2026, 10, 5, 9),
            hours=seed_003_hours,
        )


def test_a_day_reading_costs_at_most_three_queries(django_assert_max_num_queries):
    pause = Pause(date(2026, 3, 17), date(2026, 3, 25))
    with django_assert_max_num_queries(3):
        read_clock(SEED_002, anchor=date(2026, 3, 6), as_of=date(2026, 4, 6), pauses=[pause])


def test_a_range_of_service_days_is_due_at_its_minimum_and_late_past_its_maximum(seed_003_hours):
    limit = TimeLimit.service_days_range(1, 2)
    assert limit.describe() == "1 (satu) sampai dengan 2 (dua) hari"
    reading = read_clock(
        limit, anchor=wib(2026, 10, 5, 14), as_of=wib(2026, 10, 6, 15), hours=seed_003_hours
    )
    assert reading.due == wib(2026, 10, 6, 14)
    assert reading.due_latest == wib(2026, 10, 7, 14)
    assert reading.past_due and not reading.overdue
    assert reading.remaining == timedelta()
    assert reading.remaining_latest == timedelta(hours=5)
