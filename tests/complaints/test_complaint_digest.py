"""The daily digest goes to every active member of the complaint team on working days, once a
day however often (and however concurrently) it runs, listing only open complaints due today or
already overdue."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.db import connection
from django.utils import timezone

from complaints.constants import ComplaintKind, ComplaintStatus, NamedAs
from complaints.digest import digest_send
from complaints.models import Complaint, DigestRun
from complaints.services import complaint_staff_name, complaint_submit
from complaints.tasks import send_complaint_digest
from portal.calendar import is_working_day, working_days_overdue
from portal.constants import Role
from portal.models import OutboundEmail

pytestmark = pytest.mark.django_db

# Monday 13 September 2027: a working day; the 11th is a Saturday and 17 August a holiday.
MONDAY = date(2027, 9, 13)
SATURDAY = date(2027, 9, 11)
INDEPENDENCE_DAY = date(2027, 8, 17)
SUBJECT = "Ringkasan pengaduan"


@pytest.fixture
def team(make_user):
    """Two active members, one who left the team's work (inactive), and staff outside it."""
    handler = make_user("pengaduan", Role.COMPLAINT_HANDLER, first_name="Sari Handayani")
    colleague = make_user("pengaduan2", Role.COMPLAINT_HANDLER)
    make_user("pengaduan-lama", Role.COMPLAINT_HANDLER, is_active=False)
    make_user("verifikator", Role.VERIFIER)
    return handler, colleague


def complaint(subject: str, *, due: date | None, status=ComplaintStatus.RECEIVED, **fields):
    made = complaint_submit(
        kind=ComplaintKind.COMPLAINT,
        subject=subject,
        description="Uraian.",
        reporter_name="Budi",
        reporter_email="budi@example.test",
    )
    # Status and due date as a test fixture: the digest reads them, whatever set them.
    Complaint.objects.filter(pk=made.pk).update(status=status, due_date=due, **fields)
    made.refresh_from_db()
    return made


def digests() -> list:
    return [message for message in mail.outbox if message.subject.startswith(SUBJECT)]


def test_the_calendar_is_as_these_tests_assume():
    assert is_working_day(MONDAY)
    assert not is_working_day(SATURDAY)
    assert not is_working_day(INDEPENDENCE_DAY)


def test_the_team_gets_what_is_due_today_and_overdue(team, django_capture_on_commit_callbacks):
    handler, colleague = team
    due_today = complaint("Jatuh tempo hari ini", due=MONDAY, assigned_to=handler)
    overdue = complaint(
        "Sudah lewat", due=MONDAY - timedelta(days=7), status=ComplaintStatus.IN_PROGRESS
    )
    later = complaint("Masih lama", due=MONDAY + timedelta(days=3))
    answered = complaint(
        "Sudah dijawab", due=MONDAY - timedelta(days=7), status=ComplaintStatus.ANSWERED
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        sent = digest_send(today=MONDAY)

    assert sent == 2
    assert sorted(message.to[0] for message in digests()) == sorted(
        [handler.email, colleague.email]
    )
    message = digests()[0]
    assert message.subject == (
        "Ringkasan pengaduan 13 September 2027: 1 jatuh tempo hari ini, 1 lewat batas waktu"
    )
    body = message.body
    assert due_today.tracking_code in body and "Jatuh tempo hari ini" in body
    assert overdue.tracking_code in body and "Sedang ditindaklanjuti" in body
    late_by = working_days_overdue(overdue.due_date, MONDAY)
    assert f"terlambat {late_by} hari kerja" in body
    assert "Sari Handayani" in body  # the handler of the one due today
    assert "belum ada" in body  # nobody handles the overdue one
    assert f"/pengaduan/staf/{due_today.public_id}/" in body
    assert later.tracking_code not in body
    assert answered.tracking_code not in body
    # The overdue list comes first: it is the more urgent.
    assert body.index(overdue.tracking_code) < body.index(due_today.tracking_code)
    assert DigestRun.objects.get().complaints == 2


def test_a_second_run_the_same_day_sends_nothing(team, django_capture_on_commit_callbacks):
    complaint("Jatuh tempo", due=MONDAY)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        first = digest_send(today=MONDAY)
        second = digest_send(today=MONDAY)

    assert (first, second) == (2, 0)
    assert len(digests()) == 2
    assert DigestRun.objects.filter(date=MONDAY).count() == 1


def test_the_next_working_day_gets_its_own_digest(team):
    complaint("Jatuh tempo", due=MONDAY)

    assert digest_send(today=MONDAY) == 2
    assert digest_send(today=MONDAY + timedelta(days=1)) == 2


@pytest.mark.parametrize("day", [SATURDAY, INDEPENDENCE_DAY], ids=["weekend", "holiday"])
def test_no_digest_on_a_day_off(team, day):
    complaint("Sudah lewat", due=day - timedelta(days=7))

    assert digest_send(today=day) == 0

    assert not DigestRun.objects.exists()
    assert not OutboundEmail.objects.filter(subject__startswith=SUBJECT).exists()


def test_nothing_due_sends_nothing_but_claims_the_day(team):
    complaint("Masih lama", due=MONDAY + timedelta(days=3))

    assert digest_send(today=MONDAY) == 0

    assert DigestRun.objects.get(date=MONDAY).complaints == 0
    assert not OutboundEmail.objects.filter(subject__startswith=SUBJECT).exists()


def test_the_task_sends_the_digest_of_the_day_it_is_given(team):
    complaint("Jatuh tempo", due=MONDAY)

    assert send_complaint_digest.apply(args=[MONDAY.isoformat()]).get() == 2
    assert send_complaint_digest.apply(args=[MONDAY.isoformat()]).get() == 0


def test_the_task_defaults_to_today(team):
    today = timezone.localdate()
    complaint("Jatuh tempo", due=today)

    sent = send_complaint_digest.apply().get()

    assert sent == (2 if is_working_day(today) else 0)


def test_beat_sends_the_digest_every_morning_at_seven_wib():
    entry = settings.CELERY_BEAT_SCHEDULE["complaint-digest"]

    assert entry["task"] == "complaints.tasks.send_complaint_digest"
    assert entry["schedule"] == crontab(minute=0, hour=7)
    assert settings.CELERY_TIMEZONE == "Asia/Jakarta"


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_one_digest(reference_data, team):
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL (as in CI): SQLite serialises every write.")
    complaint("Jatuh tempo", due=MONDAY)
    runs = 2
    barrier = threading.Barrier(runs, timeout=30)

    def run(_):
        try:
            barrier.wait()
            return digest_send(today=MONDAY)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=runs) as pool:
        sent = sorted(pool.map(run, range(runs)))

    assert sent == [0, 2]
    assert DigestRun.objects.count() == 1
    # Delivered once committed; the outbox keeps no subject of a sensitive mail after that.
    assert len(digests()) == 2


def test_a_complaint_naming_a_member_is_left_out_of_their_digest(
    team, django_capture_on_commit_callbacks
):
    handler, colleague = team
    about_colleague = complaint("Petugas tidak sopan", due=MONDAY)
    complaint_staff_name(
        complaint=about_colleague, user=colleague, named_as=NamedAs.HANDLER, actor=handler
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        sent = digest_send(today=MONDAY)

    assert sent == 1  # nothing else is due: the colleague gets no digest at all
    (message,) = digests()
    assert message.to == [handler.email]
    assert about_colleague.tracking_code in message.body
