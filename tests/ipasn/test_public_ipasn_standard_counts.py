"""Issue 19: seed 003's public standard page measures the reports completed in the last 12 months
with each one's service-hours clock. The page makes the same queries with three times as many
measured reports (the closures their clocks read are loaded once for all, not once per report),
and a local closure still counts inside that single read."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from composition.standards import ipasn_measurement
from ipasn.constants import ReportState
from ipasn.models import Pause, Report
from portal.calendar import is_working_day
from portal.models import Closure, Service

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
SLUG = "indeks-profesionalitas-asn"
ROWS = 5


def _open_mondays(count: int) -> list[date]:
    """`count` Mondays of the last months, a fortnight apart, each opening a working Monday
    and Tuesday: the reports' clocks then read days spread over several of portal.deadlines'
    chunks, not one week."""
    day = timezone.localdate() - timedelta(days=14)
    day -= timedelta(days=day.weekday())
    found = []
    while len(found) < count:
        if is_working_day(day) and is_working_day(day + timedelta(days=1)):
            found.append(day)
        day -= timedelta(days=14)
    return found


def _measured(make_report, official, mondays: list[date]) -> None:
    """A report per Monday: received 08.00 WIB, returned to the Perangkat Daerah 09.00 and sent
    back 10.00, signed Tuesday 09.00 (open time: Monday's 6 h less the hour paused, and 1 h on
    Tuesday)."""
    for monday in mondays:
        report = make_report(at=2)
        at = lambda day, hour: datetime.combine(day, time(hour), WIB)  # noqa: E731
        Report.objects.filter(pk=report.pk).update(
            state=ReportState.COMPLETED,
            submitted_at=at(monday, 8),
            closed_at=at(monday + timedelta(days=1), 9),
        )
        Pause.objects.create(
            report=report,
            started_at=at(monday, 9),
            ended_at=at(monday, 10),
            reasons="Lampiran kurang.",
            returned_by=official,
        )


def _page(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("service_standard", args=[SLUG]))
    assert response.status_code == 200
    return len(captured.captured_queries), " ".join(response.content.decode().split())


def test_the_standard_page_makes_the_same_queries_with_three_times_the_reports(
    client, make_report, officials
):
    official = next(iter(officials.values()))
    mondays = _open_mondays(3 * ROWS)
    _measured(make_report, official, mondays[:ROWS])
    _page(client)  # what fills once per process (content types, calendar, caches)

    few, html = _page(client)
    assert f"({ROWS} laporan selesai)" in html
    _measured(make_report, official, mondays[ROWS:])
    many, html = _page(client)
    assert f"({3 * ROWS} laporan selesai)" in html

    assert many == few


def test_the_measurement_reads_the_closures_once_for_all_reports(make_report, officials):
    official = next(iter(officials.values()))
    mondays = _open_mondays(3 * ROWS)
    _measured(make_report, official, mondays[:ROWS])
    with CaptureQueriesContext(connection) as few:
        ipasn_measurement(Service.objects.get(slug=SLUG))
    _measured(make_report, official, mondays[ROWS:])
    with CaptureQueriesContext(connection) as many:
        measured = ipasn_measurement(Service.objects.get(slug=SLUG))

    def closures(queries):
        return [q for q in queries if "portal_closure" in q["sql"]]

    assert measured.count == 3 * ROWS
    assert len(closures(many.captured_queries)) == len(closures(few.captured_queries)) == 1
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_local_closure_is_still_left_out_of_the_open_time(make_report, officials):
    official = next(iter(officials.values()))
    mondays = _open_mondays(ROWS)
    _measured(make_report, official, mondays)
    assert ipasn_measurement(Service.objects.get(slug=SLUG)).median == "6 jam"

    # Every report's Monday closed: each clock starts Tuesday 08.00 (the pause, wholly on the
    # closed Monday, takes no open time), so one hour to the 09.00 signature.
    Closure.objects.bulk_create(Closure(date=monday, name="Libur daerah") for monday in mondays)

    assert ipasn_measurement(Service.objects.get(slug=SLUG)).median == "1 jam"
