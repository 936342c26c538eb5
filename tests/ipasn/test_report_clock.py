"""The report's "1 (satu) hari" in BKPSDM Kota Singkawang's service hours as migrated (seed 003:
Mon-Thu 08.00-15.30 with a break 11.30-13.00, Fri 08.30-15.30 with 11.00-13.00, WIB), from its
receipt, paused while it is back with the Perangkat Daerah; and the officials' queue flags."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from ipasn.models import Pause
from ipasn.selectors import report_route, staff_queue
from portal.constants import Role

pytestmark = pytest.mark.django_db


def wib(day: str, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(
        datetime.fromisoformat(day).replace(hour=hour, minute=minute),
        timezone.get_fixed_timezone(7 * 60),
    )


def received(make_report, moment: datetime):
    report = make_report(2)
    report.submitted_at = moment
    report.save(update_fields=["submitted_at"])
    return report


def test_received_in_the_lunch_break_runs_from_the_reopening(make_report):
    # Monday 7 Dec 2026, 11.45: the office is at lunch until 13.00; the day counts from 13.00.
    # 3 h 30 min of Monday's open time had passed by then (08.00-11.30), so the same point of
    # Tuesday's day is 11.30, which is the break: due when it reopens at 13.00.
    report = received(make_report, wib("2026-12-07", 11, 45))
    clock = report_route(report, as_of=wib("2026-12-08", 12, 0)).clock
    assert clock.reading.due == wib("2026-12-08", 13, 0)
    assert not clock.late
    assert clock.due_soon  # nothing of open time is left before 13.00
    assert report_route(report, as_of=wib("2026-12-08", 13, 1)).clock.late


def test_received_on_a_friday_afternoon_is_due_on_monday(make_report):
    # Friday 4 Dec 2026, 15.00: 4 h 30 min of Friday's open time had passed (08.30-11.00,
    # 13.00-15.00). Monday: 08.00-11.30 is 3 h 30 min, then 1 h from 13.00: due 14.00.
    report = received(make_report, wib("2026-12-04", 15, 0))
    clock = report_route(report, as_of=wib("2026-12-07", 12, 0)).clock
    assert clock.reading.due == wib("2026-12-07", 14, 0)
    assert clock.reading.remaining == timedelta(hours=1)
    assert clock.due_soon and not clock.late


def test_a_holiday_is_not_a_service_day(make_report):
    # Friday 14 Aug 2026, 14.00 (3 h 30 min of Friday passed). Monday 17 August is
    # Independence Day: the next service day is Tuesday 18, and 3 h 30 min into it is 11.30,
    # the break: due at 13.00.
    report = received(make_report, wib("2026-08-14", 14, 0))
    clock = report_route(report, as_of=wib("2026-08-17", 10, 0)).clock
    assert clock.reading.due == wib("2026-08-18", 13, 0)
    assert not clock.due_soon  # Monday is closed: all of Tuesday morning is still ahead


def test_the_clock_stops_while_the_report_is_back_with_the_pd(make_report, officials):
    # Received Monday 7 Dec 09.00, returned at 10.00, sent again Tuesday 09.00. The pause took
    # 5 h of open time (Mon 10.00-11.30 and 13.00-15.30, Tue 08.00-09.00): due Tuesday 09.00
    # plus 5 h of open time = 15.30.
    report = received(make_report, wib("2026-12-07", 9, 0))
    Pause.objects.create(
        report=report,
        started_at=wib("2026-12-07", 10, 0),
        ended_at=wib("2026-12-08", 9, 0),
        reasons="Rekap belum lengkap.",
        returned_by=officials[Role.PERSONNEL_ANALYST],
    )
    clock = report_route(report, as_of=wib("2026-12-08", 15, 0)).clock
    assert clock.reading.paused_for == timedelta(hours=5)
    assert clock.reading.due == wib("2026-12-08", 15, 30)
    assert clock.due_soon and not clock.late


def test_the_queue_shows_due_within_the_hour_and_late(make_report, officials):
    soon = received(make_report, wib("2026-12-04", 15, 0))  # due Monday 14.00
    # The same Perangkat Daerah's report of the year before, received on Thursday: late.
    last_year = timezone.localdate().year - 1
    late = received(lambda at: make_report(at, year=last_year), wib("2026-12-03", 9, 0))
    queue = staff_queue(officials[Role.ADMIN_CLERK], as_of=wib("2026-12-07", 13, 30))
    flags = {row.report.pk: (row.clock.due_soon, row.clock.late) for row in queue.mine}
    assert flags == {soon.pk: (True, False), late.pk: (False, True)}
    assert (queue.due_soon, queue.late) == (1, 1)
    # The Kasubbag has nothing waiting: the reports are at the clerk's step.
    assert staff_queue(officials[Role.GENERAL_AFFAIRS_HEAD]).total == 0
