"""The working-day calendar: deadlines skip weekends, national holidays, cuti bersama and closures.

Dates are the real 2025-2026 Indonesian calendar as the `holidays` package publishes it
(SKB 3 Menteri on cuti bersama), so a wrong category or language setting shows up here.
"""

import itertools
import random
from datetime import date, timedelta

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.calendar import (
    MAX_SCAN_DAYS,
    add_working_days,
    closures_preloaded,
    holiday_name,
    is_working_day,
    working_days_between,
    working_days_counter,
    working_days_in,
    working_days_many,
    working_days_overdue,
    working_days_overdue_many,
)
from portal.models import Closure

pytestmark = pytest.mark.django_db

# A plain autumn week in 2025 with no holiday anywhere near it.
PLAIN_FRIDAY = date(2025, 10, 10)
PLAIN_SATURDAY = date(2025, 10, 11)
PLAIN_SUNDAY = date(2025, 10, 12)
PLAIN_MONDAY = date(2025, 10, 13)
PLAIN_WEDNESDAY = date(2025, 10, 15)


# Plain weeks and weekends


def test_three_working_days_after_a_friday_is_the_next_wednesday():
    assert add_working_days(PLAIN_FRIDAY, 3) == PLAIN_WEDNESDAY


def test_a_plain_week_has_five_working_days():
    assert working_days_between(PLAIN_FRIDAY, PLAIN_FRIDAY + timedelta(days=7)) == 5


def test_weekdays_are_working_days_and_weekends_are_not():
    assert is_working_day(PLAIN_FRIDAY)
    assert is_working_day(PLAIN_MONDAY)
    assert not is_working_day(PLAIN_SATURDAY)
    assert not is_working_day(PLAIN_SUNDAY)


def test_counting_from_a_weekend_starts_on_monday():
    assert add_working_days(PLAIN_SATURDAY, 1) == PLAIN_MONDAY
    assert add_working_days(PLAIN_SUNDAY, 3) == PLAIN_WEDNESDAY


def test_zero_working_days_is_the_start_day_itself_even_on_a_weekend():
    assert add_working_days(PLAIN_FRIDAY, 0) == PLAIN_FRIDAY
    assert add_working_days(PLAIN_SATURDAY, 0) == PLAIN_SATURDAY


def test_the_start_day_or_the_next_working_day_is_one_working_day_after_the_day_before():
    # The documented idiom for "today if the office is open, else the next working day".
    assert add_working_days(PLAIN_FRIDAY - timedelta(days=1), 1) == PLAIN_FRIDAY
    assert add_working_days(PLAIN_SATURDAY - timedelta(days=1), 1) == PLAIN_MONDAY


def test_a_negative_number_of_working_days_is_refused():
    with pytest.raises(ValueError, match="0 or more"):
        add_working_days(PLAIN_FRIDAY, -1)


# National holidays and cuti bersama


def test_idul_fitri_2025_and_its_cuti_bersama_push_a_deadline_two_weeks_out():
    # Thu 27 Mar; Fri 28 Mar cuti Nyepi (Nyepi itself falls on Sat 29); Mon 31 Mar and
    # Tue 1 Apr Idul Fitri; 2, 3, 4 and 7 Apr cuti bersama; then 8, 9, 10 Apr.
    assert add_working_days(date(2025, 3, 27), 3) == date(2025, 4, 10)


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 3, 28),
        date(2025, 3, 31),
        date(2025, 4, 1),
        date(2025, 4, 2),
        date(2025, 4, 3),
        date(2025, 4, 4),
        date(2025, 4, 7),
    ],
)
def test_idul_fitri_2025_holidays_and_cuti_bersama_are_not_working_days(day):
    assert not is_working_day(day)


def test_the_office_reopens_after_idul_fitri_2025_on_tuesday_8_april():
    assert is_working_day(date(2025, 4, 8))


def test_nyepi_and_idul_fitri_2026_close_the_office_from_18_to_24_march():
    # Wed 18 cuti Nyepi, Thu 19 Nyepi, Fri 20 cuti, 21-22 Idul Fitri on the weekend, 23-24 cuti.
    assert add_working_days(date(2026, 3, 17), 1) == date(2026, 3, 25)
    assert add_working_days(date(2026, 3, 16), 3) == date(2026, 3, 26)
    assert working_days_between(date(2026, 3, 17), date(2026, 3, 24)) == 0


def test_christmas_2026_skips_the_cuti_bersama_on_the_24th_and_the_holiday_on_the_25th():
    assert add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 28)
    assert add_working_days(date(2026, 12, 22), 3) == date(2026, 12, 29)


def test_a_deadline_crosses_new_year_and_skips_1_january():
    assert add_working_days(date(2026, 12, 30), 2) == date(2027, 1, 4)


def test_holiday_name_is_the_indonesian_name():
    assert holiday_name(date(2025, 3, 31)) == "Hari Raya Idul Fitri"
    assert holiday_name(date(2025, 4, 2)) == "Cuti Bersama Hari Raya Idul Fitri"
    assert holiday_name(date(2026, 3, 19)) == "Hari Suci Nyepi"
    assert holiday_name(date(2026, 12, 24)) == "Cuti Bersama Hari Raya Natal"


def test_holiday_name_is_none_on_an_ordinary_day():
    assert holiday_name(PLAIN_WEDNESDAY) is None
    assert holiday_name(PLAIN_SATURDAY) is None


# Local closures kept by the administrator


def test_a_closure_the_administrator_adds_shifts_a_deadline_by_a_day():
    assert add_working_days(PLAIN_FRIDAY, 3) == PLAIN_WEDNESDAY

    Closure.objects.create(date=date(2025, 10, 14), name="Perbaikan jaringan gedung layanan")

    assert add_working_days(PLAIN_FRIDAY, 3) == date(2025, 10, 16)
    assert working_days_between(PLAIN_FRIDAY, date(2025, 10, 16)) == 3
    assert not is_working_day(date(2025, 10, 14))


def test_preloaded_closures_serve_the_span_without_queries(django_assert_num_queries):
    Closure.objects.create(date=date(2025, 10, 14), name="Perbaikan jaringan gedung layanan")
    expected = working_days_in(date(2025, 10, 1), date(2025, 10, 31))

    with django_assert_num_queries(1), closures_preloaded(date(2025, 9, 1), date(2025, 12, 31)):
        for _ in range(5):
            assert working_days_in(date(2025, 10, 1), date(2025, 10, 31)) == expected
        assert date(2025, 10, 14) not in expected
    # A span outside the preloaded one is still read from the database.
    with closures_preloaded(date(2025, 9, 1), date(2025, 9, 30)), django_assert_num_queries(1):
        assert working_days_in(date(2025, 10, 1), date(2025, 10, 31)) == expected


def test_holiday_name_gives_the_closure_name_on_a_closure_day():
    Closure.objects.create(date=date(2025, 10, 14), name="Perbaikan jaringan gedung layanan")

    assert holiday_name(date(2025, 10, 14)) == "Perbaikan jaringan gedung layanan"


def test_closures_are_loaded_with_one_query_however_long_the_deadline(
    django_assert_num_queries,
):
    Closure.objects.create(date=date(2025, 10, 14), name="Perbaikan jaringan gedung layanan")

    with django_assert_num_queries(1):
        add_working_days(PLAIN_FRIDAY, 60)
    with django_assert_num_queries(1):
        working_days_between(PLAIN_FRIDAY, date(2026, 10, 10))


def test_weekends_and_national_holidays_are_known_without_a_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert not is_working_day(PLAIN_SATURDAY)
        assert not is_working_day(date(2025, 3, 31))
        assert holiday_name(date(2025, 3, 31)) == "Hari Raya Idul Fitri"


# Counting between two dates


def test_working_days_between_counts_the_end_day_but_not_the_start_day():
    assert working_days_between(date(2025, 3, 27), date(2025, 4, 10)) == 3
    assert working_days_between(PLAIN_FRIDAY, PLAIN_MONDAY) == 1


def test_working_days_between_is_zero_when_the_end_is_not_after_the_start():
    assert working_days_between(date(2025, 4, 10), date(2025, 3, 27)) == 0
    assert working_days_between(PLAIN_MONDAY, PLAIN_FRIDAY) == 0
    assert working_days_between(PLAIN_FRIDAY, PLAIN_FRIDAY) == 0


def test_working_days_between_adds_up_over_consecutive_periods():
    a, b, c = date(2025, 3, 20), date(2025, 4, 3), date(2025, 4, 17)

    assert working_days_between(a, b) + working_days_between(b, c) == working_days_between(a, c)


@settings(deadline=None)  # the first call of a year builds its holiday list; not a slow path
@given(
    start=st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
    n=st.integers(min_value=0, max_value=300),
)
def test_working_days_between_undoes_add_working_days(start, n):
    # Closures too, so both functions are seen to read the same table the same way.
    Closure.objects.get_or_create(date=date(2025, 10, 14), defaults={"name": "Perbaikan"})
    Closure.objects.get_or_create(date=date(2026, 7, 1), defaults={"name": "Hari jadi kantor"})

    due = add_working_days(start, n)

    assert working_days_between(start, due) == n
    if n > 0:
        assert is_working_day(due)
        assert working_days_between(start, due - timedelta(days=1)) == n - 1


# Overdue


def test_nothing_is_overdue_on_or_before_the_due_date():
    due = date(2025, 3, 27)

    assert working_days_overdue(due, today=date(2025, 3, 20)) == 0
    assert working_days_overdue(due, today=due) == 0


def test_holidays_after_the_due_date_do_not_count_as_overdue():
    assert working_days_overdue(date(2025, 3, 27), today=date(2025, 4, 7)) == 0


def test_overdue_counts_working_days_after_the_due_date():
    assert working_days_overdue(date(2025, 3, 27), today=date(2025, 4, 8)) == 1
    assert working_days_overdue(date(2025, 3, 27), today=date(2025, 4, 10)) == 3


def test_overdue_is_counted_up_to_the_local_date_by_default():
    today = timezone.localdate()

    assert working_days_overdue(today + timedelta(days=30)) == 0
    assert working_days_overdue(today) == 0
    assert working_days_overdue(today - timedelta(days=30)) == working_days_between(
        today - timedelta(days=30), today
    )


# Bad input fails fast


def test_a_deadline_more_than_three_years_away_is_refused():
    with pytest.raises(ValueError, match="more than"):
        add_working_days(date(2025, 1, 1), 10_000)


def test_counting_over_more_than_three_years_is_refused():
    with pytest.raises(ValueError, match="spans more than"):
        working_days_between(date(2020, 1, 1), date(2020, 1, 1) + timedelta(MAX_SCAN_DAYS + 1))


def test_a_deadline_past_the_last_representable_date_is_refused():
    with pytest.raises(ValueError, match="more than"):
        add_working_days(date.max, 1)


def test_overdue_days_for_a_whole_page_match_one_by_one_counting(django_assert_num_queries):
    today = date(2025, 4, 10)
    dues = [date(2025, 3, 20), date(2025, 3, 27), date(2025, 4, 8), date(2025, 4, 10), None]

    with django_assert_num_queries(1):
        overdue = working_days_overdue_many(due_dates=dues, today=today)

    assert overdue == {
        due: working_days_overdue(due, today) for due in dues if due is not None and due < today
    }
    assert overdue[date(2025, 3, 27)] == 3  # only 8, 9 and 10 April were working days


def test_overdue_days_read_the_closures_even_when_nothing_is_late_or_due(django_assert_num_queries):
    # A queue's page makes the same queries whether or not one of its rows is late (issue 19).
    today = date(2025, 4, 10)
    with django_assert_num_queries(1):
        assert working_days_overdue_many(due_dates=[today, date(2025, 5, 2)], today=today) == {}
    with django_assert_num_queries(1):
        assert working_days_overdue_many(due_dates=[None, None], today=today) == {}
    with django_assert_num_queries(0):
        assert working_days_overdue_many(due_dates=[], today=today) == {}


def test_counting_many_spans_at_once_agrees_with_one_by_one(django_assert_num_queries):
    Closure.objects.create(date=date(2026, 8, 20), name="Rapat kerja")
    rng = random.Random(6)
    pairs = []
    for _ in range(200):
        start = date(2026, 1, 1) + timedelta(days=rng.randrange(330))
        pairs.append((start, start + timedelta(days=rng.randrange(-3, 40))))
    expected = [working_days_between(a, b) for a, b in pairs]

    with django_assert_num_queries(1):  # the closures, once
        assert working_days_many(pairs) == expected


def test_the_counter_agrees_with_the_calendar_for_every_pair():
    Closure.objects.create(date=date(2025, 5, 21), name="Rapat kerja")
    between = working_days_counter(date(2025, 4, 25), date(2025, 6, 10))
    days = [date(2025, 4, 25), date(2025, 5, 1), date(2025, 5, 9), date(2025, 5, 13)]
    days += [date(2025, 5, 20), date(2025, 5, 21), date(2025, 5, 31), date(2025, 6, 10)]

    for a, b in itertools.product(days, repeat=2):
        assert between(a, b) == working_days_between(a, b), (a, b)


def test_working_days_in_lists_the_open_days_of_a_span_both_ends_included():
    # Nyepi and Idul Fitri 2026: 18-24 March are closed, 17 and 25 March are open.
    assert working_days_in(date(2026, 3, 17), date(2026, 3, 25)) == [
        date(2026, 3, 17),
        date(2026, 3, 25),
    ]
    assert working_days_in(date(2026, 3, 25), date(2026, 3, 17)) == []
