"""The figures of the complaint report, checked against a month computed by hand: counts by kind,
channel, service and state, the share handled within the time limit, and the medians in working
days over the Waisak holidays of May 2025."""

import itertools
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from complaints.constants import Channel, ComplaintKind, ComplaintStatus
from complaints.models import Complaint
from complaints.reports import (
    complaint_report,
    last_full_month,
    public_periods,
    semester_period,
    staff_presets,
)
from portal.constants import Stage
from portal.models import Closure, Service, ServiceTimeLimit
from tests.factories import SERVICE_SLUG, ServiceFactory

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
MAY = {"start": date(2025, 5, 1), "end": date(2025, 5, 31)}
TODAY = date(2025, 5, 26)  # a Monday; "pending" and "late" are judged on this day

_codes = itertools.count(1)


def wib(day: int, hour: int = 10, minute: int = 0, *, month: int = 5) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=WIB)


def complaint(**fields) -> Complaint:
    values = {
        "tracking_code": f"ADU-TEST-{next(_codes):04d}",
        "kind": ComplaintKind.COMPLAINT,
        "subject": "Judul",
        "description": "Uraian",
        "received_at": wib(2),
        **fields,
    }
    return Complaint.objects.create(**values)


@pytest.fixture
def librarian_service():
    return Service.objects.get(slug=SERVICE_SLUG)  # 3 working days to verify, 5 to follow up


@pytest.fixture
def quick_service():
    """A service that promises 2 working days to verify and 2 more to follow up."""
    service = ServiceFactory(name="Layanan Uji Coba", slug="layanan-uji-coba")
    ServiceTimeLimit.objects.create(
        service=service, stage=Stage.COMPLAINT_VERIFICATION, working_days=2
    )
    ServiceTimeLimit.objects.create(
        service=service, stage=Stage.COMPLAINT_FOLLOW_UP, working_days=2
    )
    return service


@pytest.fixture
def may(librarian_service, quick_service):
    """Seven complaints of May 2025. Holidays: Thu 1 May (Hari Buruh), Mon 12 and Tue 13 May
    (Waisak and its cuti bersama), Thu 29 and Fri 30 May. Working days are counted from the day
    after receipt; "x→y = n" below is working_days_between(x, y)."""
    return {
        # Fri 9 → verified Wed 14 = 1 (12, 13 are holidays), answered Mon 19 = 4, closed Wed 21
        # = 6. On time (1 <= 3, 4 <= 3 + 5). Without the holidays the answer would take 6.
        "c1": complaint(
            service=librarian_service,
            channel=Channel.PORTAL,
            status=ComplaintStatus.CLOSED,
            subject="Nilai ujian tidak muncul",
            reporter_name="Budi Santoso",
            reporter_email="budi@example.test",
            received_at=wib(9),
            verified_at=wib(14),
            first_answered_at=wib(19),
            closed_at=wib(21),
        ),
        # Mon 5 → verified Fri 9 = 4: late (over 3), whatever came after. Answered Wed 14 = 5,
        # closed Fri 16 = 7.
        "c2": complaint(
            service=librarian_service,
            channel=Channel.EMAIL,
            status=ComplaintStatus.CLOSED,
            received_at=wib(5, 8),
            verified_at=wib(9),
            first_answered_at=wib(14),
            closed_at=wib(16),
        ),
        # Received 00:30 WIB on Thu 1 May (a holiday; still 30 April in UTC), no service (3 + 5).
        # Verified and answered Fri 2 = 1, closed Mon 5 = 2. On time.
        "c3": complaint(
            kind=ComplaintKind.INFORMATION,
            channel=Channel.TELEPHONE,
            status=ComplaintStatus.CLOSED,
            received_at=wib(1, 0, 30),
            verified_at=wib(2, 9),
            first_answered_at=wib(2, 11),
            closed_at=wib(5),
        ),
        # Tue 20, not verified; on Mon 26 that is 4 working days (21, 22, 23, 26) > 3: late.
        "c4": complaint(
            kind=ComplaintKind.ASPIRATION,
            channel=Channel.LAPOR,
            status=ComplaintStatus.RECEIVED,
            received_at=wib(20),
        ),
        # Quick service (2 + 2). Wed 21 → verified Thu 22 = 1; no answer, and on Mon 26 only 3
        # working days (22, 23, 26) of the 4 allowed have passed: pending.
        "c5": complaint(
            service=quick_service,
            channel=Channel.PORTAL,
            status=ComplaintStatus.IN_PROGRESS,
            received_at=wib(21),
            verified_at=wib(22),
        ),
        # Quick service, confidential, rejected straight from "received": that decision is its
        # verification. Wed 7 → closed Fri 9 = 2 (<= 2, and <= 4): on time.
        "c6": complaint(
            service=quick_service,
            channel=Channel.SUGGESTION_BOX,
            status=ComplaintStatus.REJECTED,
            confidential=True,
            received_at=wib(7),
            closed_at=wib(9),
        ),
        # Thu 8 → verified Fri 9 = 1, answered Fri 23 = 9 (9, 14, 15, 16, 19, 20, 21, 22, 23)
        # > 3 + 5: late.
        "c7": complaint(
            service=librarian_service,
            kind=ComplaintKind.ASPIRATION,
            channel=Channel.INSTAGRAM,
            status=ComplaintStatus.ANSWERED,
            received_at=wib(8, 14),
            verified_at=wib(9),
            first_answered_at=wib(23),
        ),
    }


def test_counts_every_complaint_received_in_the_month(may, librarian_service):
    report = complaint_report(**MAY, today=TODAY)

    assert report.total == 7
    assert dict(report.by_kind) == {
        "Pengaduan": 4,  # c1, c2, c5, c6
        "Aspirasi / saran": 2,  # c4, c7
        "Permintaan informasi": 1,  # c3
    }
    assert {label: count for label, count in report.by_channel if count} == {
        "Portal (formulir daring)": 2,
        "E-mail": 1,
        "Telepon": 1,
        "SP4N-LAPOR!": 1,
        "Kotak saran": 1,
        "Instagram": 1,
    }
    assert len(report.by_channel) == len(Channel.choices)  # zeros are shown too
    assert dict(report.by_status) == {
        "Diterima": 1,
        "Terverifikasi": 0,
        "Sedang ditindaklanjuti": 1,
        "Dijawab": 1,
        "Selesai": 3,
        "Bukan kewenangan kami (diteruskan)": 0,
        "Ditolak": 1,
        "Duplikat": 0,
    }
    # Most complaints first; ties by name.
    assert report.by_service == [
        (librarian_service.name, 3),
        ("Layanan Uji Coba", 2),
        ("Tanpa layanan tertentu", 2),
    ]


def test_share_on_time_leaves_out_complaints_still_within_their_limit(may):
    report = complaint_report(**MAY, today=TODAY)

    assert (report.on_time, report.late, report.pending) == (3, 3, 1)  # c1 c3 c6 / c2 c4 c7 / c5
    assert report.on_time_percent == 50.0


def test_medians_count_working_days_over_the_holidays(may):
    report = complaint_report(**MAY, today=TODAY)

    # First answers: c3 1, c1 4, c2 5, c7 9 → (4 + 5) / 2.
    assert report.median_days_to_first_answer == 4.5
    # Ended: c3 2, c6 2, c1 6, c2 7 → (2 + 6) / 2.
    assert report.median_days_to_closure == 4.0


def test_a_pending_complaint_becomes_late_once_its_limit_has_passed(may):
    # On Tue 27 May, c5 has had 4 working days (22, 23, 26, 27): still within 2 + 2.
    assert complaint_report(**MAY, today=date(2025, 5, 27)).pending == 1
    # On Mon 2 June (28 May is the 5th working day): late.
    report = complaint_report(**MAY, today=date(2025, 6, 2))
    assert (report.on_time, report.late, report.pending) == (3, 4, 0)
    assert report.on_time_percent == 42.9  # 3 / 7


def test_a_local_closure_counts_like_a_holiday(may):
    # The office closed on Wed 14 May, so that day no longer counts.
    Closure.objects.create(date=date(2025, 5, 14), name="Renovasi gedung")

    report = complaint_report(**MAY, today=TODAY)

    # Answers: c3 1; c1 Fri 9 → Mon 19 = 3 (15, 16, 19); c2 Mon 5 → Wed 14 = 4 (6, 7, 8, 9);
    # c7 Thu 8 → Fri 23 = 8 (9, 15, 16, 19, 20, 21, 22, 23) → (3 + 4) / 2.
    assert report.median_days_to_first_answer == 3.5


def test_the_service_filter_keeps_only_that_services_complaints(may, quick_service):
    report = complaint_report(**MAY, service=quick_service, today=TODAY)

    assert report.total == 2  # c5, c6
    assert report.by_service == [("Layanan Uji Coba", 2)]
    assert (report.on_time, report.late, report.pending) == (1, 0, 1)
    assert report.on_time_percent == 100.0
    assert report.median_days_to_first_answer is None
    assert report.median_days_to_closure == 2.0


def test_the_public_report_counts_confidential_complaints_only_in_the_totals(may):
    report = complaint_report(**MAY, public=True, today=TODAY)

    assert report.total == 7
    assert report.undisclosed == 1  # c6
    assert (report.on_time, report.late, report.pending) == (3, 3, 1)
    for _title, rows in report.sections():
        assert sum(count for _label, count in rows) == 6
    assert dict(report.by_kind)["Pengaduan"] == 3
    assert dict(report.by_channel)["Kotak saran"] == 0
    assert dict(report.by_status)["Ditolak"] == 0


def test_the_staff_report_breaks_down_confidential_complaints_too(may):
    report = complaint_report(**MAY, today=TODAY)

    assert report.undisclosed == 0
    assert dict(report.by_channel)["Kotak saran"] == 1


def test_periods_follow_the_wib_date_of_receipt():
    complaint(received_at=wib(30, 23, 59, month=4))  # last minute of April in Jakarta
    complaint(received_at=datetime(2025, 4, 30, 17, 30, tzinfo=ZoneInfo("UTC")))  # 1 May 00:30
    complaint(received_at=wib(31, 23, 59))
    complaint(received_at=wib(1, 0, 0, month=6))

    assert complaint_report(**MAY, today=TODAY).total == 2
    assert complaint_report(start=date(2025, 4, 1), end=date(2025, 4, 30)).total == 1
    assert complaint_report(start=date(2025, 6, 1), end=date(2025, 6, 1)).total == 1


def test_an_empty_period_has_no_share_and_no_medians():
    report = complaint_report(**MAY, today=TODAY)

    assert report.total == 0
    assert report.on_time_percent is None
    assert report.median_days_to_first_answer is None
    assert report.median_days_to_closure is None
    assert dict(report.by_kind) == {
        "Pengaduan": 0,
        "Aspirasi / saran": 0,
        "Permintaan informasi": 0,
    }
    assert report.by_service == []


def test_the_figures_take_the_same_queries_for_many_complaints(
    may, quick_service, django_assert_max_num_queries
):
    # The breakdowns, the dates, the time limits, the closures.
    with django_assert_max_num_queries(4):
        complaint_report(**MAY, today=TODAY)
    for day in range(2, 29):
        complaint(service=quick_service, received_at=wib(day), closed_at=wib(day, 15))
    with django_assert_max_num_queries(4):
        assert complaint_report(**MAY, today=TODAY).total == 34


def test_the_default_public_period_is_the_last_full_month():
    assert last_full_month(date(2026, 1, 15)).key == "2025-12"
    assert last_full_month(date(2026, 3, 1)).start == date(2026, 2, 1)
    assert last_full_month(date(2026, 3, 1)).end == date(2026, 2, 28)


def test_staff_presets_cover_this_and_last_month_semester_and_year():
    presets = dict(staff_presets(date(2026, 8, 12)))

    assert (presets["Bulan ini"].start, presets["Bulan ini"].end) == (
        date(2026, 8, 1),
        date(2026, 8, 31),
    )
    assert presets["Bulan lalu"].key == "2026-07"
    assert (presets["Semester ini"].start, presets["Semester ini"].end) == (
        date(2026, 7, 1),
        date(2026, 12, 31),
    )
    assert presets["Tahun ini"].key == "2026"


def test_public_periods_are_those_begun_since_the_first_year():
    periods = public_periods(today=date(2026, 2, 10), first_year=2025)

    assert [p.key for p in periods["Bulan"]][:3] == ["2026-02", "2026-01", "2025-12"]
    assert len(periods["Bulan"]) == 14
    assert [p.key for p in periods["Semester"]] == ["2026-S1", "2025-S2", "2025-S1"]
    assert [p.key for p in periods["Tahun"]] == ["2026", "2025"]
    assert semester_period(2025, 1).end == date(2025, 6, 30)
    assert periods["Semester"][0].label == "Semester I 2026"
