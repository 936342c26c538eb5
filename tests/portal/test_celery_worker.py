"""Mail through a real Celery worker over the real Redis broker, as in production."""

import time

import pytest
from celery import signals
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction

from config.celery import app
from portal.constants import EmailStatus
from portal.models import OutboundEmail
from portal.tasks import resend_pending_email

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        not django_settings.REDIS_URL,
        reason="needs REDIS_URL (a real Redis broker); CI sets it",
    ),
]

QUEUES = ["default", "mail", "pdf"]  # CELERY_TASK_DEFAULT_QUEUE and CELERY_TASK_ROUTES
RECIPIENT = "rina@perpusnas.example.id"


def keep_our_logging(**kwargs):
    """Receiver of celery's setup_logging: its presence stops the embedded worker from replacing
    the root logger's handlers and level for the rest of the test session."""


@pytest.fixture
def worker(reference_data, monkeypatch):
    """A real worker thread consuming our queues from Redis; tasks are no longer run in-process.
    Yields the names of the tasks the worker has run, in order.

    reference_data (a transactional database): the worker thread has its own database
    connection, so it must see committed rows, not the test's open transaction.
    """
    assert app.conf.broker_url == django_settings.CELERY_BROKER_URL
    # start_worker() records the log level and file in the environment; restore them after.
    for name in ("CELERY_LOG_LEVEL", "CELERY_LOG_FILE", "_MP_FORK_LOGLEVEL_", "_MP_FORK_LOGFILE_"):
        monkeypatch.setenv(name, "")
    monkeypatch.delenv("_MP_FORK_LOGFORMAT_", raising=False)
    with app.connection_for_write() as connection:
        for queue in QUEUES:  # messages left by an earlier run must not be delivered here
            connection.default_channel.queue_purge(queue)

    ran = []

    def task_done(sender, **kwargs):
        if not sender.request.is_eager:
            ran.append(sender.name)

    signals.setup_logging.connect(keep_our_logging)
    signals.task_postrun.connect(task_done)
    app.conf.task_always_eager = False  # the autouse fixture in tests/conftest.py set it
    try:
        with start_worker(
            app,
            pool="solo",
            queues=QUEUES,
            perform_ping_check=False,
            loglevel="WARNING",
            shutdown_timeout=30,
        ):
            yield ran
    finally:
        app.conf.task_always_eager = True
        signals.task_postrun.disconnect(task_done)
        signals.setup_logging.disconnect(keep_our_logging)


def wait_for(condition, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"still waiting after {timeout} s for {condition.__doc__}")
        time.sleep(0.1)


def wait_until_sent(email_id: int, worker_ran: list, tasks: int) -> OutboundEmail:
    def done():
        """the message to be sent and the worker to finish its tasks"""
        status = OutboundEmail.objects.get(pk=email_id).status
        return status != EmailStatus.PENDING and len(worker_ran) >= tasks

    wait_for(done)
    return OutboundEmail.objects.get(pk=email_id)


def test_credentials_mail_is_delivered_once_by_the_worker(worker):
    with transaction.atomic():
        EmailMessage(
            "Akun Portal Kompetensi ASN",
            "NIP: 198609262015052001\nKata sandi awal: Rahasia-Awal-123",
            to=[RECIPIENT],
            headers={"X-Portal-Sensitive": "1"},
        ).send()
        email_id = OutboundEmail.objects.get().pk
        assert mail.outbox == []  # nothing leaves before the commit

    email = wait_until_sent(email_id, worker, tasks=1)

    assert email.status == EmailStatus.SENT, email.last_error
    assert email.attempts == 1
    (delivered,) = mail.outbox
    assert delivered.to == [RECIPIENT]
    assert "Rahasia-Awal-123" in delivered.body
    assert "Rahasia-Awal-123" not in email.body
    assert worker == ["portal.tasks.send_outbound_email"]


def test_worker_redrive_sends_a_message_that_was_never_queued(worker):
    # As if the broker had been down when the transaction committed: the row exists, no task.
    email = OutboundEmail.objects.create(
        from_email="portal@perpusnas.example.id",
        to=[RECIPIENT],
        subject="Jadwal uji",
        body="Sesi Anda: Senin 09.00 WIB.",
    )

    resend_pending_email.delay()  # what beat does every minute

    email = wait_until_sent(email.pk, worker, tasks=2)
    assert email.status == EmailStatus.SENT, email.last_error
    assert [(m.subject, m.to) for m in mail.outbox] == [("Jadwal uji", [RECIPIENT])]
    assert worker == ["portal.tasks.resend_pending_email", "portal.tasks.send_outbound_email"]
