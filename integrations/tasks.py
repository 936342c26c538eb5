"""Celery tasks of the integrations: one delivery attempt, and the re-drive."""

from celery import shared_task

from integrations.delivery import DeliveryFailed, deliveries_redrive, delivery_deliver
from portal.mail import retry_delay


@shared_task(bind=True, max_retries=None, acks_late=True)
def deliver(self, delivery_id: int) -> bool:
    """Retries what can pass (receiver down, 5xx, timeout) with the row's own backoff; the row
    counts the attempts and gives up (integrations.delivery)."""
    try:
        return delivery_deliver(delivery_id=delivery_id)
    except DeliveryFailed as exc:
        if self.request.is_eager:
            # In-process mode has no worker to wait for: the row stays pending for the re-drive.
            return False
        raise self.retry(
            exc=exc, countdown=retry_delay(self.request.retries + 1).total_seconds()
        ) from exc


@shared_task
def redrive_deliveries() -> int:
    return deliveries_redrive()
