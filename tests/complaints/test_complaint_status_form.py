"""The team's one "Ubah status" form (a choice among the allowed next statuses, each status's
fields in its own group, only the chosen one's read), the closing due date of an answered
complaint and its place in the overdue queue, the reporter's steps ahead on the tracking page,
and the public report opening on the latest period with figures."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from complaints import workflow
from complaints.constants import ComplaintKind, ComplaintStatus, MessageKind
from complaints.models import Complaint
from complaints.reports import last_full_month, month_period
from complaints.services import complaint_message_add, complaint_transition
from portal.calendar import add_working_days, working_days_overdue
from portal.events import event_list

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
QUEUE = "/pengaduan/staf/"
REPORT = "/pengaduan/laporan/"


@pytest.fixture
def team_client(client, handler):
    client.force_login(handler)
    return client


def detail(complaint) -> str:
    return reverse("complaints_detail", args=[complaint.public_id])


def status_url(complaint) -> str:
    return reverse("complaints_transition", args=[complaint.public_id])


def moved(complaint, handler, *statuses) -> Complaint:
    for status in statuses:
        complaint = complaint_transition(complaint=complaint, to=status, actor=handler)
    return complaint


def status_events(complaint) -> list[str]:
    return [e.to_state for e in event_list(subject=complaint).filter(kind="status")]


# --- the one form ----------------------------------------------------------------------------


def test_the_page_has_one_status_form_with_a_group_per_allowed_status(team_client, make_complaint):
    complaint = make_complaint()

    html = team_client.get(detail(complaint)).content.decode()

    assert html.count(f'action="{status_url(complaint)}"') == 1
    assert html.count('name="to"') == 4
    for value, label in [
        ("verified", "Terverifikasi"),
        ("forwarded", "Bukan kewenangan kami (diteruskan)"),
        ("rejected", "Ditolak"),
        ("duplicate", "Duplikat"),
    ]:
        assert f'value="{value}"' in html
        # Without JavaScript every group is on the page, titled by its status.
        assert f'data-status-group="{value}"' in html
        assert f"Untuk status “{label}”" in html
    assert 'value="closed"' not in html  # not a move the table allows from "received"
    assert "js/complaint-status.js" in html
    assert html.count(">Simpan status</button>") == 1


@pytest.mark.parametrize(
    ("to", "field", "error"),
    [
        ("forwarded", "forwarded_to", "Tuliskan instansi atau unit tujuan penerusan."),
        ("rejected", "note_rejected", "Tuliskan alasan penolakan untuk pelapor."),
        ("duplicate", "duplicate_code", "Tuliskan kode pengaduan asalnya."),
    ],
)
def test_each_status_needs_its_field_and_says_so_next_to_it(
    team_client, make_complaint, to, field, error
):
    complaint = make_complaint()

    response = team_client.post(
        status_url(complaint),
        {"to": to, field: "  ", "note_verified": "Teks lain yang tetap ada."},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.RECEIVED
    assert f'<a href="#status_{field}">' in html  # the summary links to the field
    assert html.count(error) == 2  # in the summary and next to the field
    assert f'id="status_{field}_error"' in html
    assert re.search(rf'value="{to}" required id="status_to_\d" checked', html)
    assert "Teks lain yang tetap ada." in html  # nothing typed is lost


def test_only_the_chosen_statuses_fields_are_read(team_client, make_complaint):
    complaint = make_complaint()

    response = team_client.post(
        status_url(complaint),
        {
            "to": "verified",
            "note_verified": "Laporan lengkap.",
            "forwarded_to": "",  # empty fields of the other statuses do not matter
            "note_rejected": "",
            "duplicate_code": "bukan kode",
        },
    )

    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.VERIFIED
    assert complaint.forwarded_to == "" and complaint.duplicate_of is None
    assert event_list(subject=complaint).last().note == "Laporan lengkap."


def test_no_choice_is_an_error_next_to_the_choices(team_client, make_complaint):
    complaint = make_complaint()

    response = team_client.post(status_url(complaint), {"note_verified": "Lengkap."})

    html = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#status_to_0">Status baru: Pilih status baru pengaduan ini.' in html
    assert "Lengkap." in html


@pytest.mark.parametrize(
    ("path", "to"),
    [
        ((), ComplaintStatus.ANSWERED),  # not from "received"
        ((ComplaintStatus.VERIFIED,), ComplaintStatus.CLOSED),  # not before an answer
        ((ComplaintStatus.VERIFIED,), "unknown"),
    ],
)
def test_a_move_the_table_forbids_is_refused_by_the_server(
    team_client, handler, make_complaint, path, to
):
    complaint = moved(make_complaint(), handler, *path)
    before = status_events(complaint)

    response = team_client.post(status_url(complaint), {"to": to, f"note_{to}": "Coba."})

    assert response.status_code == 400
    assert (
        "Status ini tidak dapat dipilih untuk pengaduan ini sekarang." in response.content.decode()
    )
    assert Complaint.objects.get(pk=complaint.pk).status == complaint.status
    assert status_events(complaint) == before


def test_a_finished_complaint_cannot_be_moved_by_the_team(team_client, handler, make_complaint):
    complaint = moved(make_complaint(), handler, ComplaintStatus.VERIFIED, ComplaintStatus.ANSWERED)
    complaint = moved(complaint, handler, ComplaintStatus.CLOSED)

    page = team_client.get(detail(complaint)).content.decode()
    # Reopening is the reporter's move (workflow), never the team's.
    response = team_client.post(status_url(complaint), {"to": "in_progress"}, follow=True)

    assert f'action="{status_url(complaint)}"' not in page
    assert "tidak dapat Anda ubah sekarang" in response.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.CLOSED


def test_a_double_submit_changes_the_status_once(
    team_client, make_complaint, django_capture_on_commit_callbacks
):
    complaint = make_complaint()
    mail.outbox.clear()
    data = {"to": "verified", "note_verified": "Lengkap."}

    with django_capture_on_commit_callbacks(execute=True):
        first = team_client.post(status_url(complaint), data)
        second = team_client.post(status_url(complaint), data, follow=True)

    assert first.status_code == 302
    assert second.status_code == 200
    assert "Status pengaduan sudah “Terverifikasi”." in second.content.decode()
    assert status_events(complaint) == [ComplaintStatus.RECEIVED, ComplaintStatus.VERIFIED]
    assert len(mail.outbox) == 1


# --- closing due date ------------------------------------------------------------------------


def test_an_answered_complaint_must_be_closed_within_ten_working_days(
    team_client, handler, make_complaint
):
    complaint = moved(make_complaint(), handler, ComplaintStatus.VERIFIED)

    team_client.post(status_url(complaint), {"to": "answered", "note_answered": "Via telepon."})

    complaint.refresh_from_db()
    due = add_working_days(timezone.localdate(), workflow.CLOSING_WORKING_DAYS)
    assert complaint.status == ComplaintStatus.ANSWERED
    assert complaint.due_date == due
    html = team_client.get(detail(complaint)).content.decode()
    assert "Batas penyelesaian" in html
    assert f'<time datetime="{due.isoformat()}">' in html
    assert "mengikuti SP4N-LAPOR!" in html and "10 hari kerja setelah jawaban" in html
    # Closing ends it; the reporter writing back opens a new follow-up period instead.
    closed = moved(complaint, handler, ComplaintStatus.CLOSED)
    assert closed.due_date is None


def test_the_reporter_writing_back_replaces_the_closing_due_date(handler, make_complaint):
    complaint = moved(make_complaint(), handler, ComplaintStatus.VERIFIED, ComplaintStatus.ANSWERED)
    closing = complaint.due_date

    complaint_message_add(
        complaint=complaint, kind=MessageKind.REPORTER, body="Belum beres.", as_reporter=True
    )

    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.IN_PROGRESS
    assert complaint.due_date == add_working_days(timezone.localdate(), 5) != closing


def _answered_late(make_complaint, handler, today, number: int) -> Complaint:
    complaint = moved(
        make_complaint(subject=f"Dijawab {number}"),
        handler,
        ComplaintStatus.VERIFIED,
        ComplaintStatus.ANSWERED,
    )
    Complaint.objects.filter(pk=complaint.pk).update(due_date=today - timedelta(days=9))
    complaint.refresh_from_db()
    return complaint


def test_answered_complaints_past_their_closing_date_are_overdue_in_the_queue(
    team_client, handler, make_complaint
):
    today = timezone.localdate()
    late = _answered_late(make_complaint, handler, today, 0)
    moved(make_complaint(subject="Dijawab tepat waktu"), handler, "verified", "answered")
    days = working_days_overdue(late.due_date, today)

    overdue = team_client.get(QUEUE, {"status": "terbuka", "terlambat": "1"})
    by_default = team_client.get(QUEUE).content.decode()
    answered = team_client.get(QUEUE, {"status": "answered"}).content.decode()
    home = team_client.get("/staf/")

    assert [c.tracking_code for c in overdue.context["page"]] == [late.tracking_code]
    assert f"terlambat {days} hari kerja" in overdue.content.decode()
    assert "batas penyelesaian" in overdue.content.decode()
    assert late.tracking_code not in by_default  # the open queue keeps its meaning
    assert answered.count("queue-table__overdue") == 1  # overdue shows wherever it is listed
    assert home.context["complaints"]["overdue"] == 1


def test_the_overdue_queue_takes_the_same_queries_for_many_answered_complaints(
    team_client, handler, make_complaint
):
    today = timezone.localdate()
    _answered_late(make_complaint, handler, today, 0)
    with CaptureQueriesContext(connection) as few:
        team_client.get(QUEUE, {"terlambat": "1"})
    for number in range(1, 8):
        _answered_late(make_complaint, handler, today, number)
    with CaptureQueriesContext(connection) as many:
        response = team_client.get(QUEUE, {"terlambat": "1"})

    assert len(response.context["page"]) == 8
    assert len(many) == len(few)


# --- the reporter's steps ---------------------------------------------------------------------


def steps_of(client, complaint) -> list[tuple[str, str]]:
    response = client.get(reverse("complaint_track", args=[complaint.tracking_code]))
    return [(step.status, step.state) for step in response.context["steps"]]


def test_a_new_complaint_shows_every_step_ahead_with_its_time_limit(client, make_complaint):
    complaint = make_complaint()  # about no service: 3 working days to verify, 5 to answer

    response = client.get(reverse("complaint_track", args=[complaint.tracking_code]))

    assert [(step.status, step.state, step.days) for step in response.context["steps"]] == [
        ("received", "current", None),
        ("verified", "upcoming", 3),
        ("in_progress", "upcoming", None),
        ("answered", "upcoming", 5),
        ("closed", "upcoming", 10),
    ]
    html = response.content.decode()
    assert "sekarang" in html
    assert f"Tahap ini selesai paling lambat {date_format(complaint.due_date, 'l, j F Y')}." in html
    assert "Paling lambat 3 hari kerja setelah pengaduan diterima." in html
    assert "Paling lambat 5 hari kerja setelah diverifikasi." in html
    assert "Paling lambat 10 hari kerja setelah dijawab" in html


def test_the_steps_follow_the_complaints_own_path(client, handler, make_complaint):
    following_up = moved(make_complaint(), handler, "verified", "in_progress")
    answered_at_once = moved(make_complaint(kind=ComplaintKind.INFORMATION), handler, "verified")
    answered_at_once = moved(answered_at_once, handler, "answered")
    rejected = moved(make_complaint(), handler, "verified")
    rejected = complaint_transition(
        complaint=rejected, to="rejected", actor=handler, note="Bukan layanan kami."
    )

    assert steps_of(client, following_up) == [
        ("received", "done"),
        ("verified", "done"),
        ("in_progress", "current"),
        ("answered", "upcoming"),
        ("closed", "upcoming"),
    ]
    assert steps_of(client, answered_at_once) == [
        ("received", "done"),
        ("verified", "done"),
        ("answered", "current"),
        ("closed", "upcoming"),
    ]
    assert steps_of(client, rejected) == [
        ("received", "done"),
        ("verified", "done"),
        ("rejected", "problem"),
    ]
    html = client.get(reverse("complaint_track", args=[answered_at_once.tracking_code]))
    assert "Bila Anda tidak menanggapi jawaban, pengaduan diselesaikan paling lambat" in (
        html.content.decode()
    )


# --- the public report ------------------------------------------------------------------------


def _received(day) -> Complaint:
    return Complaint.objects.create(
        tracking_code=f"ADU-LAPR-{day:%m%d}",
        kind=ComplaintKind.COMPLAINT,
        subject="Judul",
        description="Uraian",
        received_at=datetime.combine(day, datetime.min.time(), tzinfo=WIB).replace(hour=9),
    )


def test_the_public_report_opens_on_the_latest_month_with_figures(client):
    today = timezone.localdate()
    empty = last_full_month(today)
    earlier_day = empty.start - timedelta(days=40)
    earlier = month_period(earlier_day.year, earlier_day.month)
    _received(earlier_day)
    _received(today)  # this month has begun: its figures still change

    response = client.get(REPORT)
    chosen = client.get(REPORT, {"periode": empty.key})

    assert response.context["period"] == earlier
    assert response.context["report"].total == 1
    assert chosen.status_code == 200  # a month without complaints can still be chosen
    assert chosen.context["report"].total == 0


def test_the_public_report_opens_on_this_month_when_only_it_has_figures(client):
    today = timezone.localdate()
    _received(today)

    response = client.get(REPORT)

    assert response.context["period"] == month_period(today.year, today.month)
    assert response.context["report"].total == 1


def test_without_any_complaint_the_public_report_opens_on_the_last_full_month(client):
    response = client.get(REPORT)

    assert response.status_code == 200
    assert response.context["period"] == last_full_month(timezone.localdate())
