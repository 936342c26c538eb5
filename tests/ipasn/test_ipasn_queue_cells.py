"""The IP-ASN officials' queue writes its rows in Python (ipasn.queue_cells, issue 19): they must
be what the template loop they replaced wrote, byte for byte (queue_rows_reference.html, kept
here as it was, with the ipasn/staff/_due.html include the report page still uses), for every
state of a row's clock (none, not started, running, due within the hour, late, paused) and in
both languages."""

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.template import engines
from django.template.loader import render_to_string
from django.utils import translation

from casework.models import Institution
from ipasn.clock import ReportClock
from ipasn.models import Report
from ipasn.queue_cells import due_html, queue_rows_html
from ipasn.selectors import QueueRow
from portal.deadlines import ClockReading
from portal.models import Service

REFERENCE = (Path(__file__).parent / "queue_rows_reference.html").read_text()
DUE = datetime(2026, 3, 2, 2, 30, tzinfo=UTC)  # 09.30 WIB


def _reading(*, remaining=timedelta(hours=5), past_due=False, paused=False):
    return ClockReading(
        limit=None,
        due=DUE,
        due_latest=DUE,
        used=timedelta(hours=2),
        remaining=remaining,
        remaining_latest=remaining,
        paused_for=timedelta(),
        paused=paused,
        past_due=past_due,
        overdue=past_due,
    )


CLOCKS = [
    ReportClock("", None),
    ReportClock("1 hari", None),
    ReportClock("1 hari", _reading()),
    ReportClock("1 hari", _reading(remaining=timedelta(minutes=40))),
    ReportClock("1 hari", _reading(remaining=timedelta(minutes=40), paused=True)),
    ReportClock("1 hari", _reading(remaining=timedelta(), past_due=True)),
    ReportClock("1 hari", _reading(remaining=timedelta(), past_due=True, paused=True)),
]


@pytest.fixture
def rows(db):
    steps = list(Service.objects.get(slug="indeks-profesionalitas-asn").steps.order_by("order"))
    names = ["Dinas Pendidikan", 'Badan <Keuangan> & "Aset"', "Kecamatan Singkawang Barat"]
    made = []
    for index, clock in enumerate(CLOCKS * 2):
        report = Report(
            public_id=uuid.UUID(int=index + 1),
            reference=f"IPASN/2026/{index:05d}" if index % 3 else "IPASN/<2026>&'00001'",
            institution=Institution(name=names[index % len(names)]),
            year=2025 + index % 2,
            step=steps[1 + index % (len(steps) - 1)],
        )
        waiting = (
            None
            if index % 4 == 3
            else DUE - timedelta(days=40 * index, minutes=7 * index, microseconds=1001 * index)
        )
        made.append(QueueRow(report, clock, waiting))
    return made


@pytest.mark.parametrize("language", ["id", "en"])
def test_queue_rows_are_what_the_template_wrote(rows, language):
    with translation.override(language):
        expected = engines["django"].from_string(REFERENCE).render({"queue": {"mine": rows}})
        assert queue_rows_html(rows) == expected


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("clock", CLOCKS)
def test_due_cell_is_what_the_include_wrote(clock, language):
    with translation.override(language):
        expected = render_to_string("ipasn/staff/_due.html", {"clock": clock})
        assert due_html(clock) == expected


def test_no_rows_write_nothing():
    assert queue_rows_html([]) == ""
