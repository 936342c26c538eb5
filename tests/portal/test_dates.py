"""The portal's `date` filter (portal.dates, a template builtin in place of Django's) writes
what Django's filter writes, byte for byte: for every format the templates use and for those it
leaves to Django (named, escaped, other characters), for dates and datetimes (aware in other
zones, naive, with microseconds, around midnight and the year's ends, every month and weekday),
for values that are neither, in both languages."""

import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from django.template.defaultfilters import date as django_date
from django.utils import translation

from portal import dates

EAST = timezone(timedelta(hours=9))
VALUES = [
    *(date(2026, month, day) for month in range(1, 13) for day in (1, 9, 28)),
    *(datetime(2026, 12, day, 1, 5, tzinfo=UTC) for day in range(7, 14)),  # every weekday
    date(999, 3, 4),
    datetime(2026, 12, 31, 16, 59, 59, tzinfo=UTC),
    datetime(2026, 12, 31, 17, 0, tzinfo=UTC),
    datetime(2026, 2, 28, 23, 30, 1, 123456, tzinfo=UTC),
    datetime(2026, 5, 5, 8, 0, tzinfo=EAST),
    datetime(2026, 8, 17, 10, 15),  # naive
    "2026-08-17",
    17,
    None,
    "",
]
OTHER_FORMATS = ["DATETIME_FORMAT", "DATE_FORMAT", r"j \d\e F", "N j, Y", "c Y", "P", "j F Y e"]


def _template_formats() -> set[str]:
    """Every literal format a template gives |date."""
    found = set()
    for folder in [
        Path(settings.BASE_DIR) / "templates",
        *Path(settings.BASE_DIR).glob("*/templates"),
    ]:
        for path in folder.rglob("*.html"):
            found.update(
                match.group(2)
                for match in re.finditer(r"""\|date:(["'])(.*?)\1""", path.read_text())
            )
    return found


TEMPLATE_FORMATS = sorted(_template_formats())


def test_the_templates_formats_are_found_and_mostly_written_here():
    assert {"c", "j F Y", "l, j F Y, H.i", "DATETIME_FORMAT"} <= set(TEMPLATE_FORMATS)
    written = [fmt for fmt in TEMPLATE_FORMATS if dates._pieces(fmt) is not None]
    assert len(written) >= len(TEMPLATE_FORMATS) - 1, set(TEMPLATE_FORMATS) - set(written)


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("fmt", [*TEMPLATE_FORMATS, *OTHER_FORMATS, None])
def test_the_filter_writes_what_django_writes(language, fmt):
    with translation.override(language):
        for value in VALUES:
            try:
                expected = django_date(value, fmt)
            except TypeError as exc:  # a time asked of a date: Django raises, and so must we
                with pytest.raises(TypeError, match=re.escape(str(exc))):
                    dates.date(value, fmt)
                continue
            assert dates.date(value, fmt) == expected, (value, fmt)


def test_templates_use_it_in_the_current_time_zone():
    template = engines["django"].from_string('{{ value|date:"l, j F Y, H.i" }}')
    assert template.template.nodelist[0].filter_expression.filters[0][0] is dates.date
    # 17.30 UTC on a Saturday is 00.30 WIB on the Sunday, in the portal's time zone.
    with translation.override("id"):
        assert template.render({"value": datetime(2027, 1, 2, 17, 30, tzinfo=UTC)}) == (
            "Minggu, 3 Januari 2027, 00.30"
        )
