"""Seed 003 on its public standard page: applied for online here (the Perangkat Daerah's page
linked), its steps with who acts (the Perangkat Daerah's operator, then each official by the
seed's titles), its one day in service hours with the hours table, and what the portal measured
of it: the open service time from receipt to the signed laporan of the reports completed in the
last 12 months (median, 90th percentile, share within the day), shown only from five reports."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from composition.standards import ipasn_measurement
from ipasn.constants import ReportState
from ipasn.models import Report
from portal.calendar import is_working_day
from portal.models import Service

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
SLUG = "indeks-profesionalitas-asn"
HOME = "/laporan-ip-asn/"


def _page(client) -> str:
    response = client.get(reverse("service_standard", args=[SLUG]))
    assert response.status_code == 200
    return response.content.decode()


def _text(html: str) -> str:
    return " ".join(html.split())


def _three_working_days() -> date:
    """A Monday of the last few weeks opening three working days in a row."""
    day = timezone.localdate() - timedelta(days=21)
    day -= timedelta(days=day.weekday())
    while not all(is_working_day(day + timedelta(days=i)) for i in range(3)):
        day -= timedelta(days=7)
    return day


def _complete(report: Report, *, received: datetime, signed: datetime) -> None:
    # The route's services end at the Kabid's signature (i17/laporan); the measurement only
    # reads these columns, so the test writes them.
    Report.objects.filter(pk=report.pk).update(
        state=ReportState.COMPLETED, submitted_at=received, closed_at=signed
    )


def _completed_reports(make_report, monday: date, hours_after: list[float]) -> None:
    """Reports received Monday 08.00 WIB and signed after that much open time (BKPSDM's
    Monday: 08.00-11.30 and 13.00-15.30, six hours)."""
    opens = datetime.combine(monday, time(8), WIB)
    for hours in hours_after:
        report = make_report(at=2)
        morning = min(hours, 3.5)
        signed = opens + timedelta(hours=morning)
        if hours > 3.5:
            signed = datetime.combine(monday, time(13), WIB) + timedelta(hours=hours - 3.5)
        _complete(report, received=opens, signed=signed)


def test_applied_for_online_on_the_perangkat_daerahs_page(client):
    html = _page(client)

    how = html.split("Cara mengajukan")[1].split("</section>")[0]
    assert "Daring di portal ini" in how
    assert f'href="{HOME}"' in how
    assert "belum dapat diajukan" not in html


def test_the_steps_say_who_acts_in_the_seeds_words(client):
    html = _text(_page(client))

    steps = html[html.index('id="langkah-layanan"') :]
    for actor in (
        "Operator perangkat daerah (pemohon)",
        "Kasubbag Umum, Kepegawaian dan Aset",
        "Sekretaris Badan",
        "Kepala Badan",
        "Analis Kepegawaian (unit pengolah)",
    ):
        assert actor in steps
    assert "Operator instansi pemohon" not in steps


def test_the_time_limit_is_one_day_in_service_hours_with_the_hours(client):
    html = _text(_page(client))

    assert "1 (satu) hari" in html
    assert "Satu hari dihitung dalam jam pelayanan penyelenggara" in html
    assert "Jam layanan" in html
    assert "Jumat" in html


def test_under_five_completed_reports_is_not_enough_data(client, make_report):
    _completed_reports(make_report, _three_working_days(), [1, 2, 3, 4])

    html = _text(_page(client))

    assert "Terukur oleh portal ini: belum cukup data (4 laporan selesai" in html
    assert "median" not in html.split("Terukur oleh portal ini")[1].split("</p>")[0]


def test_five_completed_reports_are_measured_in_open_service_time(client, make_report):
    monday = _three_working_days()
    # 1, 2, 3 hours in the morning; 4.5 hours (1 hour after the break); and one signed
    # Wednesday 08.00: two whole open days (12 hours), past the one-day limit.
    _completed_reports(make_report, monday, [1, 2, 3, 4.5])
    late = make_report(at=2)
    _complete(
        late,
        received=datetime.combine(monday, time(8), WIB),
        signed=datetime.combine(monday + timedelta(days=2), time(8), WIB),
    )

    html = _text(_page(client))

    assert "Terukur oleh portal ini selama 12 bulan terakhir" in html
    assert "median 3 jam, 90% selesai dalam 12 jam; 80% selesai dalam batas waktu" in html
    assert "(5 laporan selesai)" in html


def test_reports_older_than_twelve_months_and_unfinished_ones_do_not_count(
    make_report, ipasn_service
):
    long_ago = datetime.combine(timezone.localdate() - timedelta(days=400), time(9), WIB)
    for _ in range(5):
        _complete(make_report(at=2), received=long_ago, signed=long_ago)
    make_report(at=2)  # still routing

    measured = ipasn_measurement(ipasn_service)

    assert measured.count == 0
    assert measured.enough is False


def test_the_measurement_reads_everything_at_once_whatever_the_number_of_reports(
    make_report, ipasn_service
):
    # The limit, the hours, the reports, their pauses and the closures their clocks read (one
    # read for all the clocks, issue 19) are each read once.
    monday = _three_working_days()
    _completed_reports(make_report, monday, [1, 2])
    with CaptureQueriesContext(connection) as few:
        ipasn_measurement(Service.objects.get(pk=ipasn_service.pk))
    _completed_reports(make_report, monday, [3, 4, 4.5, 5])
    with CaptureQueriesContext(connection) as many:
        ipasn_measurement(Service.objects.get(pk=ipasn_service.pk))

    assert len(many.captured_queries) == len(few.captured_queries)
