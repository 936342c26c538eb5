"""Celery tasks shared by every app: outgoing mail."""

from celery import shared_task

from portal.mail import (
    MailDeliveryError,
    outbound_email_deliver,
    outbound_email_redrive,
    retry_delay,
)


def retry_later(task, exc: Exception) -> bool:
    """A bound task's failed attempt at a durable row (a mail, a delivery): retried by the
    worker with the outbox's backoff (portal.mail.retry_delay). In-process mode has no worker to
    wait for: the row stays pending for its beat re-drive, and the attempt answers False."""
    if task.request.is_eager:
        return False
    raise task.retry(
        exc=exc, countdown=retry_delay(task.request.retries + 1).total_seconds()
    ) from exc


@shared_task(bind=True, max_retries=None, acks_late=True)
def send_outbound_email(self, email_id: int) -> bool:
    try:
        return outbound_email_deliver(email_id=email_id)
    except MailDeliveryError as exc:
        return retry_later(self, exc)


@shared_task
def resend_pending_email() -> int:
    return outbound_email_redrive()
