"""The complaint team's screens: the triage queue (filters, search, sort, overdue, constant
queries), one complaint's page and its actions, attachments, and recording a complaint that came
through another channel. Only the team gets in; it sees who reported, unless the reporter asked
to stay anonymous (tests/complaints/test_complaint_seal.py)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from complaints.constants import (
    Channel,
    ComplaintKind,
    ComplaintStatus,
    MessageKind,
    Priority,
)
from complaints.models import Complaint, ComplaintMessage
from complaints.services import complaint_assign, complaint_transition
from portal.calendar import working_days_overdue
from portal.constants import Role
from portal.events import event_list
from portal.models import Service
from tests.factories import SERVICE_SLUG, pdf_bytes

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
QUEUE = "/pengaduan/staf/"
RECORD = "/pengaduan/staf/catat/"


@pytest.fixture
def colleague(make_user):
    return make_user("pengaduan2", Role.COMPLAINT_HANDLER, first_name="Agus Salim")


@pytest.fixture
def team_client(client, handler):
    client.force_login(handler)
    return client


@pytest.fixture
def submit(make_complaint):
    """A complaint about the librarian exam service, filed through the real service."""

    def make(**fields) -> Complaint:
        values = {
            "service": Service.objects.get(slug=SERVICE_SLUG),
            "subject": "Jadwal uji tidak diumumkan",
            "description": "Sudah dua minggu terverifikasi, belum ada jadwal.",
            **fields,
        }
        return make_complaint(**values)

    return make


def set_due(complaint: Complaint, due) -> Complaint:
    Complaint.objects.filter(pk=complaint.pk).update(due_date=due)
    complaint.refresh_from_db()
    return complaint


def detail_url(complaint: Complaint, action: str = "") -> str:
    return f"/pengaduan/staf/{complaint.public_id}/{action}"


def codes(response) -> list[str]:
    return [complaint.tracking_code for complaint in response.context["page"]]


# --- access ------------------------------------------------------------------------------------


def test_staff_outside_the_team_are_refused(client, verifier, submit):
    complaint = submit()
    client.force_login(verifier)

    for path in (QUEUE, RECORD, detail_url(complaint)):
        assert client.get(path).status_code == 403
    assert client.post(detail_url(complaint, "catatan/"), {"body": "x"}).status_code == 403


def test_the_team_reaches_the_queue_from_the_menu_and_others_do_not(client, handler, verifier):
    client.force_login(handler)
    assert f'href="{QUEUE}"' in client.get("/staf/").content.decode()

    client.force_login(verifier)
    assert f'href="{QUEUE}"' not in client.get("/staf/").content.decode()


# --- queue -------------------------------------------------------------------------------------


def test_the_queue_shows_open_complaints_by_default(team_client, handler, submit):
    received = submit(subject="Baru masuk")
    verified = complaint_transition(
        complaint=submit(subject="Sudah diverifikasi"), to=ComplaintStatus.VERIFIED, actor=handler
    )
    closed = submit(subject="Sudah selesai")
    complaint_transition(complaint=closed, to=ComplaintStatus.VERIFIED, actor=handler)
    complaint_transition(complaint=closed, to=ComplaintStatus.ANSWERED, actor=handler)
    complaint_transition(complaint=closed, to=ComplaintStatus.CLOSED, actor=handler)

    default = team_client.get(QUEUE)
    everything = team_client.get(QUEUE, {"status": "semua"})
    only_closed = team_client.get(QUEUE, {"status": "closed"})

    assert sorted(codes(default)) == sorted([received.tracking_code, verified.tracking_code])
    assert sorted(codes(team_client.get(QUEUE, {"status": "terbuka"}))) == sorted(codes(default))
    assert len(codes(everything)) == 3
    assert codes(only_closed) == [closed.tracking_code]
    assert "Baru masuk" in default.content.decode()
    assert "Sudah selesai" not in default.content.decode()


def test_the_queue_filters_by_kind_channel_and_service(team_client, submit):
    about_exam = submit()
    aspiration = submit(kind=ComplaintKind.ASPIRATION, service=None)
    by_letter = submit(channel=Channel.LETTER, service=None)

    assert codes(team_client.get(QUEUE, {"jenis": "aspirasi"})) == [aspiration.tracking_code]
    assert codes(team_client.get(QUEUE, {"saluran": "surat"})) == [by_letter.tracking_code]
    assert codes(team_client.get(QUEUE, {"layanan": SERVICE_SLUG})) == [about_exam.tracking_code]


def test_the_queue_filters_by_who_handles_it(team_client, handler, colleague, submit):
    mine = submit()
    complaint_assign(complaint=mine, handler=handler, actor=handler)
    theirs = submit()
    complaint_assign(complaint=theirs, handler=colleague, actor=handler)
    nobodys = submit()

    assert codes(team_client.get(QUEUE, {"ditangani": "saya"})) == [mine.tracking_code]
    assert codes(team_client.get(QUEUE, {"ditangani": "belum"})) == [nobodys.tracking_code]
    assert len(codes(team_client.get(QUEUE))) == 3


def test_overdue_complaints_are_filtered_and_show_how_many_working_days_late(team_client, submit):
    today = timezone.localdate()
    late = set_due(submit(subject="Terlambat"), today - timedelta(days=10))
    set_due(submit(subject="Tepat waktu"), today + timedelta(days=2))
    days = working_days_overdue(late.due_date, today)

    response = team_client.get(QUEUE, {"terlambat": "on"})

    assert codes(response) == [late.tracking_code]
    html = response.content.decode()
    assert html.count("queue-table__overdue") == 1
    assert f"terlambat {days} hari kerja" in html


@pytest.mark.parametrize(
    "typed",
    ["{code}", "{lower}", "{spaced}", "Jadwal ujian ulang", "sri rahayu", "SRI@CONTOH.TEST"],
    ids=["code", "lower-case-code", "code-without-dashes", "subject", "name", "e-mail"],
)
def test_search_finds_by_tracking_code_subject_and_reporter(team_client, typed, submit):
    wanted = submit(
        subject="Jadwal ujian ulang tidak jelas",
        reporter_name="Sri Rahayu",
        reporter_email="sri@contoh.test",
    )
    submit(subject="Sertifikat belum diterima", reporter_name="Budi")
    code = wanted.tracking_code
    query = typed.format(code=code, lower=code.lower(), spaced=code.replace("-", " ").lower())

    assert codes(team_client.get(QUEUE, {"cari": query})) == [code]


def test_the_queue_sorts_by_due_date_received_date_or_priority(team_client, handler, submit):
    today = timezone.localdate()
    now = timezone.now()
    first_in = set_due(submit(received_at=now - timedelta(days=3)), today + timedelta(days=5))
    due_soon = set_due(submit(received_at=now - timedelta(days=2)), today + timedelta(days=1))
    urgent = set_due(submit(received_at=now - timedelta(days=1)), today + timedelta(days=3))
    Complaint.objects.filter(pk=urgent.pk).update(priority=Priority.URGENT)

    assert codes(team_client.get(QUEUE)) == [
        due_soon.tracking_code,
        urgent.tracking_code,
        first_in.tracking_code,
    ]
    assert codes(team_client.get(QUEUE, {"urut": "diterima"}))[0] == first_in.tracking_code
    assert codes(team_client.get(QUEUE, {"urut": "terbaru"}))[0] == urgent.tracking_code
    assert codes(team_client.get(QUEUE, {"urut": "prioritas"}))[0] == urgent.tracking_code


def test_the_queue_takes_the_same_number_of_queries_however_many_rows(
    team_client, handler, colleague, submit
):
    past = timezone.localdate() - timedelta(days=5)

    def some(count):
        for n in range(count):
            complaint = set_due(submit(kind=ComplaintKind.choices[n % 3][0]), past)
            complaint_assign(
                complaint=complaint, handler=[handler, colleague][n % 2], actor=handler
            )

    some(2)
    with CaptureQueriesContext(connection) as few:
        assert team_client.get(QUEUE).status_code == 200
    some(28)
    with CaptureQueriesContext(connection) as many:
        response = team_client.get(QUEUE)

    assert len(response.context["page"]) == 25
    assert len(many) == len(few) <= QUEUE_QUERY_BUDGET


# Session, user, roles, the second factor, count, the page's ids, its rows, closures for the
# overdue days, the service choices of the filter form: 9.
QUEUE_QUERY_BUDGET = 9


def test_the_team_sees_an_anonymous_reporter_sealed_until_they_open_it(team_client, submit):
    complaint = submit(reporter_name="Rahasia Sekali", anonymous=True)

    queue = team_client.get(QUEUE).content.decode()
    page = team_client.get(detail_url(complaint)).content.decode()

    for html in (queue, page):
        assert "Rahasia Sekali" not in html
        assert "Anonim" in html and "Identitas disegel" in html
    assert "budi@example.test" not in page
    assert "Buka segel identitas" in page


# --- the complaint's page and its actions -----------------------------------------------------


def test_the_page_shows_the_complaint_its_due_date_and_history(team_client, submit):
    complaint = submit(channel=Channel.LAPOR, external_reference="LAPOR-2026-0042")

    response = team_client.get(detail_url(complaint))

    html = response.content.decode()
    assert response.status_code == 200
    assert complaint.tracking_code in html
    assert "Sudah dua minggu terverifikasi, belum ada jadwal." in html
    assert "SP4N-LAPOR!" in html and "LAPOR-2026-0042" in html
    assert complaint.due_date.isoformat() in html
    assert "Status: Diterima" in html
    # Only the team's own moves from "received" are offered.
    offered = response.context["status_form"].targets
    assert offered == [
        ComplaintStatus.VERIFIED,
        ComplaintStatus.FORWARDED,
        ComplaintStatus.REJECTED,
        ComplaintStatus.DUPLICATE,
    ]


def test_a_complaint_is_assigned_to_a_team_member(team_client, handler, colleague, submit):
    complaint = submit()

    response = team_client.post(detail_url(complaint, "penanganan/"), {"handler": colleague.pk})

    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.assigned_to == colleague
    assert [e.kind for e in event_list(subject=complaint)][-1] == "assigned"


def test_only_team_members_can_be_assigned(team_client, verifier, submit):
    complaint = submit()

    response = team_client.post(detail_url(complaint, "penanganan/"), {"handler": verifier.pk})

    assert response.status_code == 400
    complaint.refresh_from_db()
    assert complaint.assigned_to is None


def test_the_priority_is_set(team_client, submit):
    complaint = submit()

    team_client.post(detail_url(complaint, "prioritas/"), {"priority": Priority.HIGH})

    complaint.refresh_from_db()
    assert complaint.priority == Priority.HIGH


def test_verifying_mails_the_reporter(team_client, django_capture_on_commit_callbacks, submit):
    complaint = submit()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = team_client.post(
            detail_url(complaint, "status/"), {"to": ComplaintStatus.VERIFIED, "note_verified": ""}
        )

    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.VERIFIED
    assert complaint.verified_at is not None
    (message,) = mail.outbox
    assert message.to == ["budi@example.test"]
    assert complaint.tracking_code in message.body


def test_forwarding_needs_where_to(team_client, submit):
    complaint = submit()
    url = detail_url(complaint, "status/")

    refused = team_client.post(url, {"to": ComplaintStatus.FORWARDED, "forwarded_to": " "})
    complaint.refresh_from_db()
    assert refused.status_code == 400
    assert "Tuliskan instansi atau unit tujuan penerusan." in refused.content.decode()
    assert complaint.status == ComplaintStatus.RECEIVED

    team_client.post(url, {"to": ComplaintStatus.FORWARDED, "forwarded_to": "BKN Regional V"})
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.FORWARDED
    assert complaint.forwarded_to == "BKN Regional V"


def test_a_duplicate_is_linked_to_the_original_by_its_tracking_code(team_client, submit):
    original = submit()
    complaint = submit()
    url = detail_url(complaint, "status/")

    unknown = team_client.post(url, {"to": ComplaintStatus.DUPLICATE, "duplicate_code": "ADU-0"})
    assert unknown.status_code == 400
    assert "Tidak ada pengaduan dengan kode ini." in unknown.content.decode()

    typed = original.tracking_code.lower().replace("-", " ")
    team_client.post(url, {"to": ComplaintStatus.DUPLICATE, "duplicate_code": typed})
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.DUPLICATE
    assert complaint.duplicate_of == original


def test_rejecting_needs_a_reason_for_the_reporter(team_client, submit):
    complaint = submit()
    url = detail_url(complaint, "status/")

    refused = team_client.post(url, {"to": ComplaintStatus.REJECTED, "note_rejected": ""})
    complaint.refresh_from_db()
    assert refused.status_code == 400
    assert "Tuliskan alasan penolakan untuk pelapor." in refused.content.decode()
    assert complaint.status == ComplaintStatus.RECEIVED

    team_client.post(
        url, {"to": ComplaintStatus.REJECTED, "note_rejected": "Bukan tentang layanan kami."}
    )
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.REJECTED
    assert event_list(subject=complaint).last().note == "Bukan tentang layanan kami."


def test_a_transition_the_table_forbids_is_refused_next_to_the_choice(team_client, submit):
    complaint = submit()

    response = team_client.post(detail_url(complaint, "status/"), {"to": ComplaintStatus.CLOSED})

    complaint.refresh_from_db()
    assert response.status_code == 400
    assert complaint.status == ComplaintStatus.RECEIVED
    assert "Status ini tidak dapat dipilih untuk pengaduan ini" in response.content.decode()


def test_a_reply_is_mailed_to_the_reporter_and_answers_the_complaint(
    team_client, handler, django_capture_on_commit_callbacks, submit
):
    complaint = complaint_transition(complaint=submit(), to=ComplaintStatus.VERIFIED, actor=handler)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = team_client.post(
            detail_url(complaint, "pesan/"),
            {"kind": MessageKind.REPLY, "body": "Jadwal diumumkan pada 3 Agustus."},
        )

    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ANSWERED
    assert complaint.first_answered_at is not None
    (message,) = mail.outbox
    assert message.to == ["budi@example.test"]
    assert "Jadwal diumumkan pada 3 Agustus." in message.body


def test_an_internal_note_is_kept_apart_and_never_mailed(
    team_client, handler, django_capture_on_commit_callbacks, submit
):
    complaint = submit()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        team_client.post(
            detail_url(complaint, "catatan/"), {"body": "Cek dulu ke panitia penjadwalan."}
        )

    assert mail.outbox == []
    (note,) = ComplaintMessage.objects.filter(complaint=complaint)
    assert (note.kind, note.author) == (MessageKind.NOTE, handler)
    page = team_client.get(detail_url(complaint))
    assert page.context["notes"] == [note]
    assert page.context["public_messages"] == []
    html = page.content.decode()
    section = html[html.index("Catatan internal — tidak terlihat oleh pelapor") :]
    assert "Cek dulu ke panitia penjadwalan." in section


# --- attachments -------------------------------------------------------------------------------


def pdf_upload(name: str = "bukti.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def test_the_team_downloads_an_attachment_and_nobody_else_does(client, handler, verifier, submit):
    complaint = submit(attachments=[pdf_upload()])
    attachment = complaint.attachments.get()
    url = detail_url(complaint, f"lampiran/{attachment.public_id}/")

    anonymous = client.get(url)
    client.force_login(verifier)
    other_staff = client.get(url)
    client.force_login(handler)
    team = client.get(url)

    assert anonymous.status_code == 302
    assert other_staff.status_code == 403
    assert team.status_code == 200
    assert b"".join(team.streaming_content).startswith(b"%PDF-")
    assert 'filename="bukti.pdf"' in team["Content-Disposition"]
    assert team["Cache-Control"] == "private, no-store"


def test_an_attachment_is_not_reached_through_another_complaint(team_client, submit):
    attachment = submit(attachments=[pdf_upload()]).attachments.get()
    other = submit()

    response = team_client.get(detail_url(other, f"lampiran/{attachment.public_id}/"))

    assert response.status_code == 404


# --- recording from another channel ----------------------------------------------------------


def record_data(**fields) -> dict:
    return {
        "channel": Channel.LAPOR,
        "external_reference": "LAP-2026-123456",
        "received_date": "2026-03-02",
        "received_time": "14:30",
        "kind": ComplaintKind.COMPLAINT,
        "service": "",
        "subject": "Sertifikat belum dikirim",
        "description": "Dilaporkan lewat SP4N-LAPOR!.",
        "reporter_name": "Wahyu",
        "reporter_email": "",
        "reporter_phone": "081234567890",
        **fields,
    }


def test_a_lapor_report_is_recorded_with_its_channel_and_number(team_client, handler):
    response = team_client.post(
        RECORD, record_data(anonymous="on", attachments=[pdf_upload("lapor.pdf")])
    )

    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response.url == detail_url(complaint)
    assert complaint.channel == Channel.LAPOR
    assert complaint.external_reference == "LAP-2026-123456"
    assert complaint.recorded_by == handler
    assert complaint.received_at == datetime(2026, 3, 2, 14, 30, tzinfo=WIB)
    assert complaint.anonymous is True
    assert complaint.status == ComplaintStatus.RECEIVED
    assert complaint.attachments.get().original_name == "lapor.pdf"


def test_a_lapor_report_needs_its_number(team_client):
    response = team_client.post(RECORD, record_data(external_reference=""))

    assert response.status_code == 400
    assert "Tuliskan nomor laporan SP4N-LAPOR! pengaduan ini." in response.content.decode()
    assert not Complaint.objects.exists()


def test_the_portal_and_api_channels_are_not_recorded_by_hand(team_client):
    for channel in (Channel.PORTAL, Channel.API):
        assert team_client.post(RECORD, record_data(channel=channel)).status_code == 400
    assert not Complaint.objects.exists()


def test_a_bad_attachment_refuses_the_recording_naming_the_file(team_client):
    fake = SimpleUploadedFile("surat.pdf", b"bukan pdf", content_type="application/pdf")

    response = team_client.post(RECORD, record_data(attachments=[fake]))

    assert response.status_code == 400
    assert "surat.pdf" in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_telephone_complaint_is_recorded_without_a_reference(team_client):
    response = team_client.post(
        RECORD, record_data(channel=Channel.TELEPHONE, external_reference="")
    )

    assert response.status_code == 302
    assert Complaint.objects.get().channel == Channel.TELEPHONE


# --- staff home --------------------------------------------------------------------------------


def test_the_staff_home_counts_link_to_the_filtered_queue(team_client, handler, submit):
    today = timezone.localdate()
    submit()
    set_due(submit(), today - timedelta(days=4))
    complaint_transition(complaint=submit(), to=ComplaintStatus.VERIFIED, actor=handler)

    home = team_client.get("/staf/")

    assert home.context["complaints"] == {"to_verify": 2, "follow_up": 1, "overdue": 1}
    html = home.content.decode()
    for link, count in [
        ("?status=received", "to_verify"),
        ("?status=tindak_lanjut", "follow_up"),
        ("?status=terbuka&terlambat=1", "overdue"),
    ]:
        assert f'href="{QUEUE}{link.replace("&", "&amp;")}"' in html
        queue = team_client.get(QUEUE + link)
        assert queue.context["page"].paginator.count == home.context["complaints"][count]
