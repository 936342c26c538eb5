"""complaints.services and complaints.selectors: submitting, tracking codes, time limits over
holidays, the conversation and its mail, reopening, the anonymity rule and intake tokens."""

import io
import itertools
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from complaints import services, tracking
from complaints.constants import Channel, ComplaintStatus, MessageKind, Priority
from complaints.exceptions import ComplaintError, InvalidTransition
from complaints.models import Complaint, ComplaintAttachment, ComplaintMessage
from complaints.selectors import (
    complaint_by_tracking_code,
    complaint_public_messages,
    complaint_reopen_until,
    complaints_of_user,
    reporter_visible,
)
from complaints.services import (
    complaint_assign,
    complaint_message_add,
    complaint_priority_set,
    complaint_reopen,
    complaint_transition,
    intake_token_check,
    intake_token_create,
)
from portal.calendar import add_working_days
from portal.constants import Role, Stage
from portal.events import event_list
from portal.models import Service, ServiceTimeLimit
from tests.factories import SERVICE_SLUG, ServiceFactory, pdf_bytes

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
CODE = re.compile(r"^ADU-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}$")


def wib(year, month, day, hour=10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=WIB)


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "KameraRahasia"  # Make
    exif[0x0112] = 6  # Orientation: rotated 90°
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


# --- tracking codes --------------------------------------------------------------------------


def test_a_code_is_adu_and_eight_symbols_that_cannot_be_misread():
    codes = [tracking.code_generate() for _ in range(500)]

    assert all(CODE.match(code) for code in codes)
    symbols = set("".join(code[4:].replace("-", "") for code in codes))
    assert symbols.isdisjoint(set("01OIL"))
    # 4,000 draws from 30 symbols: every symbol shows up, none dominates (a fixed or biased
    # generator fails this).
    assert symbols == set(tracking.ALPHABET)


def test_codes_are_random_and_do_not_repeat():
    symbols = [tracking.code_generate()[4:].replace("-", "") for _ in range(5000)]

    assert len(set(symbols)) == len(symbols)
    # Consecutive codes agree in a place by chance only (1 in 30, ~1,333 of 39,992 places); a
    # counter or a badly seeded generator agrees far more often.
    same_place = sum(
        a == b
        for first, second in itertools.pairwise(symbols)
        for a, b in zip(first, second, strict=True)
    )
    assert same_place < 2 * 8 * len(symbols) / 30


@pytest.mark.parametrize(
    "typed",
    ["ADU-7K3M-9QX2", "adu-7k3m-9qx2", " adu 7k3m 9qx2 ", "ADU7K3M9QX2", "7k3m9qx2", "7K3M-9QX2"],
)
def test_a_typed_code_is_normalized_whatever_its_case_spaces_or_dashes(typed):
    assert tracking.code_normalize(typed) == "ADU-7K3M-9QX2"


@pytest.mark.parametrize(
    "typed", ["", "ADU-7K3M-9QX", "ADU-7K3M-9QX22", "ADU-0K3M-9QX2", "XYZ7K3M9QX2"]
)
def test_what_cannot_be_a_code_is_not_normalized(typed):
    assert tracking.code_normalize(typed) is None


def test_a_complaint_is_found_by_its_code_typed_loosely(make_complaint):
    complaint = make_complaint()
    symbols = complaint.tracking_code.replace("ADU-", "").replace("-", "")

    for typed in (complaint.tracking_code.lower(), f" {symbols[:4]} {symbols[4:]} ", symbols):
        assert complaint_by_tracking_code(typed) == complaint
    assert complaint_by_tracking_code("ADU-2222-2222") is None
    assert complaint_by_tracking_code("bukan kode") is None


def test_the_complaint_found_by_its_code_is_the_one_the_orm_reads(make_complaint):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    complaint = make_complaint()
    expected = (
        Complaint.objects.select_related("service__provider", "provider")
        .filter(tracking_code=complaint.tracking_code)
        .first()
    )

    found = complaint_by_tracking_code(complaint.tracking_code)

    def fields(obj):
        return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}

    assert fields(found) == fields(expected) and found._state.adding is False
    with CaptureQueriesContext(connection) as queries:  # read with it, no query of their own
        related = (found.service, found.service and found.service.provider, found.provider)
    assert len(queries) == 0
    assert [obj and fields(obj) for obj in related] == [
        obj and fields(obj)
        for obj in (expected.service, expected.service and expected.service.provider)
    ] + [expected.provider and fields(expected.provider)]


def test_a_taken_code_is_drawn_again(make_complaint, monkeypatch):
    first = make_complaint()
    drawn = iter([first.tracking_code, "ADU-2345-6789"])
    monkeypatch.setattr(tracking, "code_generate", lambda: next(drawn))

    second = make_complaint(subject="Yang kedua")

    assert second.tracking_code == "ADU-2345-6789"
    assert Complaint.objects.count() == 2


# --- submitting ------------------------------------------------------------------------------


def test_a_complaint_is_received_with_a_due_date_an_event_and_an_acknowledgement(
    make_complaint, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = make_complaint(received_at=wib(2026, 3, 2))  # a Monday

    assert complaint.status == ComplaintStatus.RECEIVED
    assert complaint.channel == Channel.PORTAL
    assert complaint.due_date == date(2026, 3, 5)  # 3 working days, no service: the default
    (event,) = event_list(subject=complaint)
    assert (event.kind, event.from_state, event.to_state) == ("status", "", "received")
    (message,) = mail.outbox
    assert message.to == ["budi@example.test"]
    assert complaint.tracking_code in message.subject
    assert complaint.tracking_code in message.body
    assert f"/pengaduan/lacak/{complaint.tracking_code}/" in message.body
    # Nothing the sender typed is repeated: the form cannot relay text to a stranger.
    assert complaint.subject not in message.body
    assert complaint.description not in message.body


def test_the_verification_deadline_skips_a_national_holiday(make_complaint):
    # Friday 14 August 2026; Monday the 17th is Independence Day.
    complaint = make_complaint(received_at=wib(2026, 8, 14))

    assert complaint.due_date == add_working_days(date(2026, 8, 14), 3) == date(2026, 8, 20)


def test_the_deadline_counts_from_the_local_date_of_receipt(make_complaint):
    # 23.30 WIB on Friday is still Friday in Jakarta (16.30 UTC).
    complaint = make_complaint(received_at=wib(2026, 8, 14, 23))

    assert complaint.due_date == date(2026, 8, 20)


def test_the_deadline_uses_the_services_configured_time_limit(make_complaint):
    service = Service.objects.get(slug=SERVICE_SLUG)
    ServiceTimeLimit.objects.update_or_create(
        service=service, stage=Stage.COMPLAINT_VERIFICATION, defaults={"working_days": 1}
    )

    complaint = make_complaint(service=service, received_at=wib(2026, 8, 14))

    assert complaint.due_date == date(2026, 8, 18)


def test_a_service_without_complaint_time_limits_uses_the_default(make_complaint):
    service = ServiceFactory(name="Penilaian Kompetensi LAN", slug="penilaian-lan")

    complaint = make_complaint(service=service, received_at=wib(2026, 8, 14))

    assert complaint.due_date == date(2026, 8, 20)


def test_no_mail_without_an_address(make_complaint, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_complaint(reporter_email="")

    assert mail.outbox == []


def test_a_logged_in_reporter_is_linked_and_mailed_at_their_account_address(
    make_complaint, candidate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = make_complaint(reporter=candidate, reporter_email="")

    assert list(complaints_of_user(candidate)) == [complaint]
    assert mail.outbox[0].to == [candidate.email]


def test_one_bad_attachment_refuses_the_whole_complaint_by_the_files_name(make_complaint):
    files = [upload("surat.pdf", pdf_bytes()), upload("bukti.pdf", b"ini bukan PDF")]

    with pytest.raises(ComplaintError) as refused:
        make_complaint(attachments=files)

    assert "bukti.pdf" in str(refused.value.message)
    assert Complaint.objects.count() == 0
    assert ComplaintAttachment.objects.count() == 0


def test_attachments_are_kept_and_photos_lose_their_exif(make_complaint):
    complaint = make_complaint(
        attachments=[upload("surat.pdf", pdf_bytes()), upload("foto.jpg", jpeg_with_exif())]
    )

    stored = {attachment.original_name: attachment for attachment in complaint.attachments.all()}
    pdf, photo = stored["surat.pdf"], stored["foto.jpg"]
    assert pdf.content_type == "application/pdf"
    with pdf.file.open("rb") as content:
        assert content.read(5) == b"%PDF-"
    assert photo.content_type == "image/jpeg"
    with photo.file.open("rb") as content, Image.open(content) as image:
        assert dict(image.getexif()) == {}
        assert image.size == (30, 40)  # turned upright before the orientation tag went
    assert photo.from_reporter


def test_too_many_attachments_are_refused(make_complaint):
    files = [upload(f"bukti-{n}.pdf", pdf_bytes()) for n in range(services.MAX_ATTACHMENTS + 1)]

    with pytest.raises(ComplaintError, match="Paling banyak"):
        make_complaint(attachments=files)


# --- the conversation ------------------------------------------------------------------------


def verified(complaint, handler):
    return complaint_transition(complaint=complaint, to=ComplaintStatus.VERIFIED, actor=handler)


def test_a_reply_is_mailed_answers_the_complaint_and_is_the_first_answer(
    make_complaint, handler, django_capture_on_commit_callbacks
):
    complaint = verified(make_complaint(), handler)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        message = complaint_message_add(
            complaint=complaint,
            kind=MessageKind.REPLY,
            body="Unggahan sudah kami perbaiki; silakan coba lagi.",
            actor=handler,
        )

    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ANSWERED
    assert complaint.first_answered_at == message.created_at
    # Answered: to be closed within 10 working days (SP4N-LAPOR!'s closing rule).
    assert complaint.due_date == add_working_days(timezone.localdate(), 10)
    (sent,) = mail.outbox  # the reply itself; no separate status mail
    assert "Unggahan sudah kami perbaiki" in sent.body
    assert complaint.tracking_code in sent.subject


def test_a_later_reply_keeps_the_first_answer_time(make_complaint, handler):
    complaint = verified(make_complaint(), handler)
    first = complaint_message_add(
        complaint=complaint, kind=MessageKind.REPLY, body="Jawaban pertama.", actor=handler
    )
    complaint_message_add(
        complaint=complaint, kind=MessageKind.REPORTER, body="Masih gagal.", as_reporter=True
    )

    complaint_message_add(
        complaint=complaint, kind=MessageKind.REPLY, body="Jawaban kedua.", actor=handler
    )

    complaint.refresh_from_db()
    assert complaint.first_answered_at == first.created_at
    assert complaint.status == ComplaintStatus.ANSWERED


def test_an_internal_note_is_never_mailed_nor_public(
    make_complaint, handler, django_capture_on_commit_callbacks
):
    complaint = verified(make_complaint(), handler)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        complaint_message_add(
            complaint=complaint,
            kind=MessageKind.NOTE,
            body="Pelapor sering komplain.",
            actor=handler,
        )

    assert mail.outbox == []
    assert list(complaint_public_messages(complaint)) == []
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.VERIFIED
    assert complaint.first_answered_at is None


def test_a_question_is_mailed_and_the_answer_goes_back_to_the_team(
    make_complaint, handler, django_capture_on_commit_callbacks
):
    complaint = verified(make_complaint(), handler)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        complaint_message_add(
            complaint=complaint,
            kind=MessageKind.QUESTION,
            body="Berkas mana yang gagal diunggah?",
            actor=handler,
        )

    (sent,) = mail.outbox
    assert "Berkas mana yang gagal diunggah?" in sent.body
    complaint_message_add(
        complaint=complaint,
        kind=MessageKind.REPORTER,
        body="SK jabatan terakhir.",
        as_reporter=True,
        attachments=[upload("tangkapan.pdf", pdf_bytes())],
    )
    kinds = [message.kind for message in complaint_public_messages(complaint)]
    assert kinds == [MessageKind.QUESTION, MessageKind.REPORTER]
    assert complaint.attachments.get().from_reporter


def test_the_reporters_addition_sends_an_answered_complaint_back_to_the_team(
    make_complaint, handler
):
    complaint = verified(make_complaint(), handler)
    complaint_message_add(
        complaint=complaint, kind=MessageKind.REPLY, body="Sudah kami jawab.", actor=handler
    )

    complaint_message_add(
        complaint=complaint, kind=MessageKind.REPORTER, body="Belum berhasil.", as_reporter=True
    )

    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.IN_PROGRESS
    assert complaint.due_date is not None


@pytest.mark.parametrize(
    ("kind", "as_reporter"),
    [(MessageKind.REPLY, True), (MessageKind.NOTE, True), (MessageKind.REPORTER, False)],
)
def test_each_side_writes_only_its_own_kind_of_message(make_complaint, handler, kind, as_reporter):
    complaint = make_complaint()

    with pytest.raises(ComplaintError):
        complaint_message_add(
            complaint=complaint,
            kind=kind,
            body="Teks",
            actor=None if as_reporter else handler,
            as_reporter=as_reporter,
        )
    assert ComplaintMessage.objects.count() == 0


def test_staff_outside_the_team_cannot_reply(make_complaint, verifier):
    with pytest.raises(ComplaintError, match="tim pengelola"):
        complaint_message_add(
            complaint=make_complaint(), kind=MessageKind.REPLY, body="Halo", actor=verifier
        )


def test_nothing_is_added_to_a_finished_complaint(make_complaint, handler):
    complaint = make_complaint()
    complaint_transition(
        complaint=complaint, to=ComplaintStatus.REJECTED, actor=handler, note="Bukan laporan."
    )

    with pytest.raises(ComplaintError, match="sudah selesai"):
        complaint_message_add(
            complaint=complaint, kind=MessageKind.REPORTER, body="Tapi...", as_reporter=True
        )


def test_a_status_change_by_the_team_is_mailed_with_its_note(
    make_complaint, handler, django_capture_on_commit_callbacks
):
    complaint = make_complaint()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        complaint_transition(
            complaint=complaint,
            to=ComplaintStatus.FORWARDED,
            actor=handler,
            forwarded_to="Badan Kepegawaian Negara",
            note="Kenaikan pangkat diurus BKN.",
        )

    (sent,) = mail.outbox
    assert "Badan Kepegawaian Negara" in sent.body
    assert "Kenaikan pangkat diurus BKN." in sent.body
    assert f"/survei/pengaduan/{complaint.tracking_code}/" in sent.body


# --- reopening -------------------------------------------------------------------------------


def pretend_today(monkeypatch, day: date) -> None:
    """Move "today" in WIB; dates of given moments are still computed for real."""
    real = timezone.localdate
    monkeypatch.setattr(
        timezone, "localdate", lambda value=None, *args: day if value is None else real(value)
    )


def closed(complaint, handler, *, at: datetime):
    verified(complaint, handler)
    complaint_message_add(complaint=complaint, kind=MessageKind.REPLY, body="Jawab.", actor=handler)
    complaint_transition(complaint=complaint, to=ComplaintStatus.CLOSED, actor=handler)
    Complaint.objects.filter(pk=complaint.pk).update(closed_at=at)
    complaint.refresh_from_db()
    return complaint


def test_the_reporter_reopens_within_ten_working_days(make_complaint, handler, monkeypatch):
    # Closed Friday 14 August 2026. Not counted: 17 August (Independence Day), 25 August
    # (Maulid Nabi) and the weekends, so the 10th working day is Tuesday 1 September.
    complaint = closed(make_complaint(), handler, at=wib(2026, 8, 14, 15))
    assert complaint_reopen_until(complaint) == date(2026, 9, 1)
    pretend_today(monkeypatch, date(2026, 9, 1))

    complaint_reopen(complaint=complaint, note="Masalahnya muncul lagi.")

    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.IN_PROGRESS
    assert complaint.closed_at is None
    assert complaint.messages.last().body == "Masalahnya muncul lagi."


def test_after_the_period_the_reporter_cannot_reopen(make_complaint, handler, monkeypatch):
    complaint = closed(make_complaint(), handler, at=wib(2026, 8, 14, 15))
    pretend_today(monkeypatch, date(2026, 9, 2))

    with pytest.raises(ComplaintError, match="sudah lewat"):
        complaint_reopen(complaint=complaint, note="Masih bermasalah.")
    with pytest.raises(ComplaintError, match="sudah lewat"):
        complaint_transition(complaint=complaint, to=ComplaintStatus.IN_PROGRESS, as_reporter=True)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED


def test_only_a_closed_complaint_is_reopened(make_complaint, handler):
    complaint = verified(make_complaint(), handler)
    complaint_message_add(complaint=complaint, kind=MessageKind.REPLY, body="Jawab.", actor=handler)

    with pytest.raises(InvalidTransition):
        complaint_reopen(complaint=complaint, note="Belum selesai.")
    with pytest.raises(ComplaintError, match="alasan"):
        complaint_reopen(complaint=complaint, note="   ")


# --- who sees the reporter -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("anonymous", "who", "sees"),
    [
        (True, "handler", False),  # sealed until they open it (test_complaint_seal.py)
        (True, "verifier", False),
        (True, "outsider", False),
        (True, "anonymous_user", False),
        (True, "reporter", True),
        (False, "handler", True),
        (False, "verifier", True),
        (False, "outsider", False),
        (False, "anonymous_user", False),
    ],
)
def test_the_reporters_identity_is_shown_only_to_those_allowed(
    request, make_complaint, candidate, anonymous, who, sees
):
    from django.contrib.auth.models import AnonymousUser

    complaint = make_complaint(anonymous=anonymous, reporter=candidate)
    user = {
        "anonymous_user": AnonymousUser,
        "reporter": lambda: candidate,
    }.get(who, lambda: request.getfixturevalue(who))()

    assert reporter_visible(complaint=complaint, user=user) is sees


# --- assignment and priority -----------------------------------------------------------------


def test_the_team_assigns_and_prioritises_with_events(make_complaint, handler, make_user):
    colleague = make_user("rekan", Role.COMPLAINT_HANDLER, first_name="Rudi")
    complaint = make_complaint()

    complaint_assign(complaint=complaint, handler=colleague, actor=handler)
    complaint_priority_set(complaint=complaint, priority=Priority.URGENT, actor=handler)

    complaint.refresh_from_db()
    assert (complaint.assigned_to, complaint.priority) == (colleague, Priority.URGENT)
    kinds = [event.kind for event in event_list(subject=complaint)]
    assert kinds == ["status", "assigned", "priority"]


def test_only_team_members_assign_or_are_assigned(make_complaint, handler, verifier):
    complaint = make_complaint()

    with pytest.raises(ComplaintError):
        complaint_assign(complaint=complaint, handler=verifier, actor=handler)
    with pytest.raises(ComplaintError):
        complaint_assign(complaint=complaint, handler=handler, actor=verifier)
    with pytest.raises(ComplaintError):
        complaint_priority_set(complaint=complaint, priority="sangat", actor=handler)
    complaint.refresh_from_db()
    assert complaint.assigned_to is None


# --- intake tokens ---------------------------------------------------------------------------


def test_an_intake_token_is_kept_only_as_its_hash():
    token, raw = intake_token_create(name="Konektor SP4N-LAPOR!", channel=Channel.LAPOR)

    assert raw not in token.token_hash
    assert len(raw) >= 40
    assert intake_token_check(raw) == token
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert intake_token_check(raw + "x") is None
    assert intake_token_check("") is None
    token.is_active = False
    token.save()
    assert intake_token_check(raw) is None
