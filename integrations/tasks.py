"""Celery tasks of the integrations: one delivery attempt, the re-drive, the pruning."""

from celery import shared_task

from integrations.delivery import (
    DeliveryFailed,
    deliveries_prune,
    deliveries_redrive,
    delivery_deliver,
)
from portal.tasks import retry_later


@shared_task(bind=True, max_retries=None, acks_late=True)
def deliver(self, delivery_id: int) -> bool:
    """Retries what can pass (receiver down, 5xx, timeout) with the row's own backoff; the row
    counts the attempts and gives up (integrations.delivery)."""
    try:
        return delivery_deliver(delivery_id=delivery_id)
    except DeliveryFailed as exc:
        return retry_later(self, exc)


@shared_task
def redrive_deliveries() -> int:
    return deliveries_redrive()


@shared_task
def prune_deliveries() -> int:
    """Safe to run twice: a second run finds nothing old enough left."""
    return deliveries_prune()
