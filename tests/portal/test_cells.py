"""portal.cells.time_html and the date helpers beside it write the formats the queues and cards
use themselves instead of through Django's date filter (issue 19): each must be what the template
expression it stands for writes, byte for byte, for dates and datetimes (aware in another zone,
naive, with microseconds, around midnight and the year's ends, every month and weekday) in both
languages."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from django.template import engines
from django.utils import translation
from django.utils.timezone import template_localtime

from portal.cells import (
    day_month_year,
    day_month_year_long,
    hour_minute,
    short_weekday_day_month_year,
    time_html,
    weekday_day_month_year,
)

TEMPLATE = engines["django"].from_string(
    '<time datetime="{{ value|date:datetime_format }}">{{ value|date:"j M Y" }}</time>'
)

EAST = timezone(timedelta(hours=9))
VALUES = [
    *(date(2026, month, day) for month in range(1, 13) for day in (1, 9, 28)),
    date(999, 3, 4),
    date(2026, 12, 31),
    datetime(2026, 12, 31, 16, 59, 59, tzinfo=UTC),  # 23.59 WIB
    datetime(2026, 12, 31, 17, 0, tzinfo=UTC),  # the next year in Jakarta
    datetime(2026, 2, 28, 23, 30, 1, 123456, tzinfo=UTC),
    datetime(2026, 5, 5, 8, 0, tzinfo=EAST),
    datetime(2026, 8, 17, 10, 15),  # naive: shown as it is
    None,
]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("datetime_format", ["c", "Y-m-d", "j F Y"])
def test_time_html_is_the_template_expression(language, datetime_format):
    with translation.override(language):
        for value in VALUES:
            expected = TEMPLATE.render({"value": value, "datetime_format": datetime_format})
            assert time_html(value, datetime_format) == expected, value


HELPERS = [
    (day_month_year, "j M Y"),
    (day_month_year_long, "j F Y"),
    (weekday_day_month_year, "l, j F Y"),
    (short_weekday_day_month_year, "D, j M Y"),
    (hour_minute, "H.i"),
]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    ("helper", "date_format"), HELPERS, ids=lambda h: getattr(h, "__name__", h)
)
def test_each_date_helper_is_the_filter(language, helper, date_format):
    template = engines["django"].from_string("{{ value|date:date_format }}")
    days_of_a_week = [datetime(2026, 12, day, 1, 5, tzinfo=UTC) for day in range(7, 14)]
    with translation.override(language):
        for value in [*VALUES[:-1], *days_of_a_week]:
            if helper is hour_minute and not isinstance(value, datetime):
                continue
            expected = template.render({"value": value, "date_format": date_format})
            # The template gives the filter the value in the current time zone.
            assert helper(template_localtime(value)) == expected, value
