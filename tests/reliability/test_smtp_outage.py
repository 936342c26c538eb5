"""The SMTP server down for a while, with a real worker: every message is tried, kept pending,
and delivered exactly once when the server is back, however many tasks ask for it.
(tests/portal/test_outbox.py proves the same rules in-process.)"""

from django.utils import timezone

from portal.constants import EmailStatus
from portal.models import OutboundEmail
from portal.tasks import resend_pending_email, send_outbound_email
from tests.reliability.conftest import wait_for

RECIPIENTS = ["rina@perpusnas.example.id", "dewi@example.test", "eko@example.test"]


def test_mail_sent_while_smtp_is_down_is_delivered_once_when_it_is_back(
    private_redis, smtp_sink, start_worker, send_task
):
    worker = start_worker(
        REDIS_URL=private_redis.url,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=smtp_sink.port,  # nothing listens there yet
        EMAIL_TIMEOUT=2,
    )
    ids = []
    for recipient in RECIPIENTS:
        # The outbox row a web process writes; then its after-commit task, on the worker's broker.
        email = OutboundEmail.objects.create(
            from_email="portal@perpusnas.example.id",
            to=[recipient],
            subject="Jadwal uji",
            body="Sesi Anda: Senin 09.00 WIB.",
        )
        ids.append(email.pk)
        send_task(send_outbound_email, private_redis.url, email.pk)

    def all_tried():
        """every message to be tried once and kept pending"""
        emails = OutboundEmail.objects.filter(pk__in=ids)
        return all(e.attempts == 1 and e.status == EmailStatus.PENDING for e in emails)

    wait_for(all_tried, 30, all_tried.__doc__)
    for email in OutboundEmail.objects.filter(pk__in=ids):
        assert "Connection refused" in email.last_error
        assert email.next_attempt_at > timezone.now()  # the back-off (30 s) runs

    smtp_sink.start()
    # The back-off has passed; beat's next re-drive queues every message that is due.
    OutboundEmail.objects.filter(pk__in=ids).update(next_attempt_at=timezone.now())
    send_task(resend_pending_email, private_redis.url)

    def all_sent():
        """every message to reach the SMTP server"""
        return len(smtp_sink.envelopes) == len(RECIPIENTS) and not OutboundEmail.objects.exclude(
            status=EmailStatus.SENT
        )

    wait_for(all_sent, 30, all_sent.__doc__)

    # Late duplicates (a Celery retry still waiting, the next re-drive) send nothing again.
    late = [send_task(send_outbound_email, private_redis.url, pk) for pk in ids]
    late.append(send_task(resend_pending_email, private_redis.url))
    wait_for(lambda: all(worker.ran(task_id) for task_id in late), 30, "the late tasks to run")
    assert smtp_sink.recipients() == sorted(RECIPIENTS)
    assert set(OutboundEmail.objects.values_list("status", "attempts")) == {(EmailStatus.SENT, 2)}
