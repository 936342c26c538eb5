"""The outbox: every message is stored first, sent exactly once, retried while SMTP is down."""

import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from portal.constants import EmailStatus
from portal.mail import (
    ERASED,
    SENSITIVE_HEADER,
    _claim,
    outbound_email_deliver,
    outbound_email_redrive,
)
from portal.models import OutboundEmail

RECIPIENT = "rina@perpusnas.example.id"


def send_committed(django_capture_on_commit_callbacks, message: EmailMessage) -> OutboundEmail:
    """Send like a view does: the row is written now, the task is queued when the
    transaction commits (captured callbacks stand in for the commit under `db`)."""
    with django_capture_on_commit_callbacks(execute=True):
        message.send()
    return OutboundEmail.objects.get()


def make_due(email: OutboundEmail) -> None:
    """Skip the back-off wait, as if its next attempt time had come."""
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())


# --- Stored before anything is sent ------------------------------------------------------------


class Rollback(Exception):
    pass


@pytest.mark.django_db
def test_message_sent_in_rolled_back_transaction_leaves_no_row_and_sends_nothing(
    django_capture_on_commit_callbacks,
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        EmailMessage("Akun Anda", "Selamat datang.", to=[RECIPIENT]).send()
        assert OutboundEmail.objects.count() == 1
        raise Rollback

    assert not OutboundEmail.objects.exists()
    assert callbacks == []
    assert mail.outbox == []


# --- Delivered once ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_message_is_delivered_once_and_marked_sent(django_capture_on_commit_callbacks):
    email = send_committed(
        django_capture_on_commit_callbacks,
        EmailMessage("Jadwal uji", "Sesi Anda: Senin 09.00 WIB.", to=[RECIPIENT]),
    )

    assert [(m.subject, m.to) for m in mail.outbox] == [("Jadwal uji", [RECIPIENT])]
    assert email.status == EmailStatus.SENT
    assert email.attempts == 1
    assert email.sent_at is not None
    assert email.locked_until is None


@pytest.mark.django_db
def test_delivering_a_sent_message_again_sends_nothing(django_capture_on_commit_callbacks):
    email = send_committed(
        django_capture_on_commit_callbacks,
        EmailMessage("Jadwal uji", "Sesi Anda: Senin 09.00 WIB.", to=[RECIPIENT]),
    )

    assert outbound_email_deliver(email_id=email.pk) is False
    assert outbound_email_redrive() == 0
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.attempts == 1


@pytest.mark.django_db
def test_a_delivery_is_two_statements_the_claim_that_reads_the_row_and_the_record(
    django_capture_on_commit_callbacks, django_assert_num_queries
):
    with django_capture_on_commit_callbacks(execute=False):
        message = EmailMultiAlternatives(
            "Akun portal", "Kata sandi awal: Rahasia-Awal-123", to=[RECIPIENT]
        )
        message.attach_alternative("<p>Kata sandi awal</p>", "text/html")
        message.attach("catatan.txt", "Tanpa biaya.", "text/plain")
        message.send()
    email = OutboundEmail.objects.get()

    with django_assert_num_queries(2):
        assert outbound_email_deliver(email_id=email.pk) is True

    (delivered,) = mail.outbox
    assert delivered.to == [RECIPIENT]
    assert [tuple(a) for a in delivered.alternatives] == [("<p>Kata sandi awal</p>", "text/html")]
    assert [tuple(a) for a in delivered.attachments] == [
        ("catatan.txt", "Tanpa biaya.", "text/plain")
    ]
    email.refresh_from_db()
    assert (email.status, email.attempts, email.locked_until) == (EmailStatus.SENT, 1, None)


@pytest.mark.django_db
def test_a_claimed_message_is_not_claimed_again_until_its_lease_ends(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        EmailMessage("Jadwal uji", "Sesi Anda: Senin 09.00 WIB.", to=[RECIPIENT]).send()
    email = OutboundEmail.objects.get()

    claimed = _claim(email.pk)

    assert claimed is not None and claimed.subject == "Jadwal uji"
    assert claimed.to == [RECIPIENT]  # the JSON fields come back decoded
    assert _claim(email.pk) is None
    OutboundEmail.objects.filter(pk=email.pk).update(
        locked_until=timezone.now() - timedelta(seconds=1)
    )
    assert _claim(email.pk) is not None


@pytest.mark.django_db
def test_message_is_not_sent_before_its_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        EmailMessage("Jadwal uji", "Sesi Anda: Senin 09.00 WIB.", to=[RECIPIENT]).send()

    assert OutboundEmail.objects.get().status == EmailStatus.PENDING
    assert len(callbacks) == 1
    assert mail.outbox == []


@pytest.mark.django_db
def test_alternatives_attachments_and_headers_survive_the_outbox(
    django_capture_on_commit_callbacks,
):
    message = EmailMultiAlternatives(
        "Sertifikat",
        "Sertifikat terlampir.",
        to=[RECIPIENT],
        cc=["atasan@perpusnas.example.id"],
        reply_to=["pustakawan@perpusnas.example.id"],
        headers={"X-Portal-Ref": "SRT-2026-001"},
    )
    message.attach_alternative("<p>Sertifikat terlampir.</p>", "text/html")
    message.attach("sertifikat.pdf", b"%PDF-1.7 \x00\xff", "application/pdf")
    message.attach("catatan.txt", "Tanpa biaya.", "text/plain")

    send_committed(django_capture_on_commit_callbacks, message)

    (delivered,) = mail.outbox
    assert delivered.cc == ["atasan@perpusnas.example.id"]
    assert delivered.reply_to == ["pustakawan@perpusnas.example.id"]
    assert delivered.extra_headers["X-Portal-Ref"] == "SRT-2026-001"
    assert [tuple(a) for a in delivered.alternatives] == [
        ("<p>Sertifikat terlampir.</p>", "text/html")
    ]
    assert [tuple(a) for a in delivered.attachments] == [
        ("sertifikat.pdf", b"%PDF-1.7 \x00\xff", "application/pdf"),
        ("catatan.txt", "Tanpa biaya.", "text/plain"),
    ]


# --- Secrets leave no copy behind --------------------------------------------------------------


@pytest.mark.django_db
def test_sensitive_message_is_delivered_intact_then_erased_from_the_outbox(
    django_capture_on_commit_callbacks,
):
    message = EmailMultiAlternatives(
        "Akun portal",
        "Kata sandi awal: Rahasia-Awal-123",
        to=[RECIPIENT],
        headers={SENSITIVE_HEADER: "1"},
    )
    message.attach_alternative("<p>Kata sandi awal: Rahasia-Awal-123</p>", "text/html")

    email = send_committed(django_capture_on_commit_callbacks, message)

    (delivered,) = mail.outbox
    assert "Rahasia-Awal-123" in delivered.body
    assert "Rahasia-Awal-123" in delivered.alternatives[0].content
    assert SENSITIVE_HEADER not in delivered.extra_headers
    assert email.status == EmailStatus.SENT
    assert email.sensitive is True
    assert email.body == ERASED
    assert email.alternatives == []
    assert "Rahasia-Awal-123" not in str(OutboundEmail.objects.values().get())


@pytest.mark.django_db
def test_ordinary_message_keeps_its_body_after_delivery(django_capture_on_commit_callbacks):
    email = send_committed(
        django_capture_on_commit_callbacks,
        EmailMessage("Jadwal uji", "Sesi Anda: Senin 09.00 WIB.", to=[RECIPIENT]),
    )

    assert email.sensitive is False
    assert email.body == "Sesi Anda: Senin 09.00 WIB."


# --- The lease: one sender per message ----------------------------------------------------------


@pytest.mark.django_db
def test_message_held_by_another_sender_is_not_sent_twice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        EmailMessage("Jadwal uji", "Sesi Anda: Senin 09.00 WIB.", to=[RECIPIENT]).send()
    email = OutboundEmail.objects.get()

    assert _claim(email.pk) is not None  # another worker took the message and is sending it
    assert outbound_email_deliver(email_id=email.pk) is False
    assert outbound_email_redrive() == 0

    assert mail.outbox == []
    email.refresh_from_db()
    assert email.status == EmailStatus.PENDING
    assert email.attempts == 0


@pytest.mark.django_db
def test_message_whose_sender_died_is_sent_after_the_lease_expires(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        EmailMessage("Jadwal uji", "Sesi Anda: Senin 09.00 WIB.", to=[RECIPIENT]).send()
    email = OutboundEmail.objects.get()
    assert _claim(email.pk) is not None
    OutboundEmail.objects.filter(pk=email.pk).update(
        locked_until=timezone.now() - timedelta(seconds=1)
    )

    assert outbound_email_redrive() == 1

    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.locked_until is None


# --- A real SMTP server on loopback that is down, then up ---------------------------------------


class RecordingHandler:
    """aiosmtpd handler that keeps every message it accepts."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_port(settings):
    """The "transport" mailer speaks SMTP to a loopback port where nothing listens yet."""
    port = free_port()
    settings.MAILERS = {
        **settings.MAILERS,
        "transport": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        },
    }
    return port


@pytest.fixture
def start_smtp_server(smtp_port):
    """Start an aiosmtpd server on the transport's port; it is stopped after the test."""
    controllers = []

    def start() -> RecordingHandler:
        handler = RecordingHandler()
        controller = Controller(handler, hostname="127.0.0.1", port=smtp_port, ready_timeout=5)
        controller.start()
        controllers.append(controller)
        return handler

    yield start
    for controller in controllers:
        controller.stop()


@pytest.mark.django_db
def test_message_sent_while_smtp_is_down_is_delivered_once_when_it_is_back(
    django_capture_on_commit_callbacks, start_smtp_server
):
    email = send_committed(
        django_capture_on_commit_callbacks,
        EmailMessage("Akun portal", "Selamat datang.", "portal@perpusnas.example.id", [RECIPIENT]),
    )

    assert email.status == EmailStatus.PENDING
    assert email.attempts == 1
    assert "ConnectionRefusedError" in email.last_error
    assert email.next_attempt_at > timezone.now()
    assert email.locked_until is None
    assert outbound_email_redrive() == 0  # the back-off has not elapsed yet

    smtp = start_smtp_server()
    make_due(email)
    assert outbound_email_redrive() == 1

    (envelope,) = smtp.envelopes
    assert envelope.rcpt_tos == [RECIPIENT]
    assert envelope.mail_from == "portal@perpusnas.example.id"
    assert b"Subject: Akun portal" in envelope.original_content
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 2
    assert email.last_error == ""

    make_due(email)
    assert outbound_email_redrive() == 0
    assert outbound_email_deliver(email_id=email.pk) is False
    assert len(smtp.envelopes) == 1


@pytest.mark.django_db
def test_message_is_failed_and_no_longer_retried_after_the_last_attempt(
    settings, django_capture_on_commit_callbacks, start_smtp_server
):
    settings.PORTAL_MAIL_MAX_ATTEMPTS = 3
    email = send_committed(
        django_capture_on_commit_callbacks,
        EmailMessage("Akun portal", "Selamat datang.", to=[RECIPIENT]),
    )
    for _ in range(2):
        make_due(email)
        assert outbound_email_redrive() == 1

    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.attempts == 3
    assert "ConnectionRefusedError" in email.last_error

    smtp = start_smtp_server()
    make_due(email)
    assert outbound_email_redrive() == 0
    assert outbound_email_deliver(email_id=email.pk) is False
    assert smtp.envelopes == []


@pytest.mark.django_db
def test_a_second_task_for_a_failed_message_waits_for_the_back_off(
    settings, django_capture_on_commit_callbacks, smtp_port
):
    # A Celery retry and a task queued by the re-drive can both be waiting for one message
    # (or a busy worker runs a duplicate late): neither may attempt before the back-off ends,
    # or a short SMTP outage uses up every attempt and the message is given up.
    settings.PORTAL_MAIL_MAX_ATTEMPTS = 3
    email = send_committed(
        django_capture_on_commit_callbacks,
        EmailMessage("Akun portal", "Selamat datang.", to=[RECIPIENT]),
    )

    for _ in range(3):
        assert outbound_email_deliver(email_id=email.pk) is False

    email.refresh_from_db()
    assert email.status == EmailStatus.PENDING
    assert email.attempts == 1
