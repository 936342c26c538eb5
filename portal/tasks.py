"""Celery tasks shared by every app: outgoing mail."""

from celery import shared_task

from portal.mail import (
    MailDeliveryError,
    outbound_email_deliver,
    outbound_email_redrive,
    retry_delay,
)


@shared_task(bind=True, max_retries=None, acks_late=True)
def send_outbound_email(self, email_id: int) -> bool:
    try:
        return outbound_email_deliver(email_id=email_id)
    except MailDeliveryError as exc:
        if self.request.is_eager:
            # In-process mode has no worker to wait for: the row stays pending for the re-drive.
            return False
        raise self.retry(
            exc=exc, countdown=retry_delay(self.request.retries + 1).total_seconds()
        ) from exc


@shared_task
def resend_pending_email() -> int:
    return outbound_email_redrive()
