"""The engine's staff queue writes its due cells in Python (casework.due_cells, issue 19): each
must be what templates/casework/staff/_due.html writes, byte for byte, for every shape of clock
(none, not started, a date, a range, a service-hours moment, overdue, past the minimum, paused)
and in both languages."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from casework.clock import StepClock
from casework.due_cells import due_html
from portal.deadlines import ClockReading

WIB = ZoneInfo("Asia/Jakarta")


def _reading(due, due_latest=None, *, overdue=False, past_due=False, paused=False):
    return ClockReading(
        limit=None,
        due=due,
        due_latest=due_latest if due_latest is not None else due,
        used=None,
        remaining=0,
        remaining_latest=0,
        paused_for=0,
        paused=paused,
        past_due=past_due,
        overdue=overdue,
    )


CLOCKS = [
    StepClock("", None),
    StepClock("5 hari kerja", None),
    StepClock("5 hari kerja", _reading(date(2026, 12, 7))),
    StepClock("3-5 hari", _reading(date(2026, 1, 2), date(2026, 1, 9), past_due=True)),
    StepClock("5 hari", _reading(date(2025, 5, 1), overdue=True, past_due=True, paused=True)),
    StepClock("8 jam layanan", _reading(datetime(2026, 3, 1, 23, 30, tzinfo=WIB), paused=True)),
    StepClock(
        "8 jam layanan",
        _reading(
            datetime(2026, 3, 1, 16, 0, tzinfo=ZoneInfo("UTC")),
            datetime(2026, 3, 1, 16, 0, tzinfo=ZoneInfo("UTC")) + timedelta(days=2),
            overdue=True,
        ),
    ),
]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("clock", CLOCKS)
def test_due_cell_is_what_the_template_wrote(clock, language):
    with translation.override(language):
        expected = render_to_string("casework/staff/_due.html", {"clock": clock})
        assert due_html(clock) == expected
