"""Delivering what integrations.services recorded: every row goes out, in order, and once
delivered is never sent again.

- Durable: the row is written inside the transaction of the change it reports; the task is
  queued after commit. If the broker is down, or a worker dies, the periodic re-drive
  (deliveries_redrive, beat "redrive-deliveries") finds the row again.
- Ordered per stream (one subscription and one object; one LAPOR! complaint): a row is taken
  only when no earlier row of its stream is still pending, so the second notice about a
  complaint never overtakes the first, even while the first is being retried for hours. A row
  given up (PORTAL_WEBHOOK_MAX_ATTEMPTS) no longer holds the others back.
- Once: a conditional UPDATE takes a lease on the row (as portal.mail._claim does); of two
  workers only one gets it. A receiver that answered 2xx but whose answer we never recorded
  (the worker died in between) gets the message again after the lease: receivers de-duplicate
  on the id header (integrations.signing), which stays the same on every attempt.
"""

import contextlib
import json
import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from integrations.constants import DeliveryStatus, DeliveryTarget
from integrations.http import PostResult, endpoint_url_check, post_json
from integrations.lapor import lapor_connector
from integrations.models import Delivery, DeliveryAttempt
from integrations.signing import ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signature
from portal.mail import retry_delay

logger = logging.getLogger(__name__)

# A sender holds a delivery this long (the POST times out well before).
SEND_LEASE = timedelta(minutes=2)
REDRIVE_BATCH = 500


class DeliveryFailed(Exception):
    """The attempt failed and the delivery will be tried again later."""


def body_of(delivery: Delivery) -> bytes:
    """The bytes that are signed and sent: the same for every attempt."""
    return json.dumps(
        delivery.payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).encode()


# Due, not leased, and the head of its stream (no earlier row of the same stream still
# pending). Written out twice rather than assembled, so that each statement reads whole.
_CLAIM_SQL = """
    UPDATE integrations_delivery SET locked_until = %(until)s
    WHERE id = %(id)s
      AND status = %(pending)s AND next_attempt_at <= %(now)s
      AND (locked_until IS NULL OR locked_until < %(now)s)
      AND NOT EXISTS (
          SELECT 1 FROM integrations_delivery AS earlier
          WHERE earlier.stream = integrations_delivery.stream
            AND earlier.id < integrations_delivery.id AND earlier.status = %(pending)s
      )
    RETURNING *
"""
_DUE_HEADS_SQL = """
    SELECT d.id FROM integrations_delivery AS d
    WHERE d.status = %(pending)s AND d.next_attempt_at <= %(now)s
      AND (d.locked_until IS NULL OR d.locked_until < %(now)s)
      AND NOT EXISTS (
          SELECT 1 FROM integrations_delivery AS earlier
          WHERE earlier.stream = d.stream AND earlier.id < d.id AND earlier.status = %(pending)s
      )
    ORDER BY d.id LIMIT %(limit)s
"""


def _claim(delivery_id: int, now: datetime) -> Delivery | None:
    params = {
        "id": delivery_id,
        "pending": DeliveryStatus.PENDING,
        "now": now,
        "until": now + SEND_LEASE,
    }
    claimed = list(Delivery.objects.raw(_CLAIM_SQL, params))
    return claimed[0] if claimed else None


def _send(delivery: Delivery) -> PostResult:
    message_id = str(delivery.public_id)
    body = body_of(delivery)
    if delivery.target == DeliveryTarget.LAPOR:
        connector = lapor_connector()
        if delivery.payload.get("type") == "answer":
            return connector.send_answer(message_id=message_id, body=body)
        return connector.send_status(message_id=message_id, body=body)
    subscription = delivery.subscription
    endpoint_url_check(subscription.url, resolve=False)  # post_json resolves, checks, pins
    timestamp = int(time.time())
    return post_json(
        url=subscription.url,
        body=body,
        headers={
            ID_HEADER: message_id,
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: signature(
                secret=subscription.signing_secret(),
                message_id=message_id,
                timestamp=timestamp,
                body=body,
            ),
        },
    )


def delivery_deliver(*, delivery_id: int, now: datetime | None = None) -> bool:
    """Make one attempt at a delivery, if it is due and the head of its stream. True if it
    was delivered by this call. Raises DeliveryFailed when it will be tried again.
    `now` decides what is due (the re-drive's clock; the tests move it forward)."""
    now = now or timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return False
    if delivery.target == DeliveryTarget.WEBHOOK and not delivery.subscription.is_active:
        # Deactivated since: its provider no longer wants it; the rest of the stream follows.
        Delivery.objects.filter(pk=delivery_id).update(
            status=DeliveryStatus.FAILED, last_error="langganan nonaktif", locked_until=None
        )
        _next_in_stream(delivery, now=now)
        return False
    started = timezone.now()
    clock = time.monotonic()
    try:
        result = _send(delivery)
    except Exception as exc:  # a bad endpoint, a broken connector: recorded and retried
        logger.warning("Delivery %s failed", delivery_id, exc_info=True)
        result = PostResult(None, f"{type(exc).__name__}: {exc}"[:500])
    duration_ms = int((time.monotonic() - clock) * 1000)
    DeliveryAttempt.objects.create(
        delivery_id=delivery_id,
        started_at=started,
        duration_ms=duration_ms,
        status_code=result.status_code,
        error=result.error,
    )
    attempts = delivery.attempts + 1
    if result.ok:
        Delivery.objects.filter(pk=delivery_id).update(
            status=DeliveryStatus.DELIVERED,
            attempts=attempts,
            delivered_at=timezone.now(),
            last_status_code=result.status_code,
            last_error="",
            locked_until=None,
        )
        _next_in_stream(delivery, now=now)
        return True
    gave_up = attempts >= settings.PORTAL_WEBHOOK_MAX_ATTEMPTS
    Delivery.objects.filter(pk=delivery_id).update(
        status=DeliveryStatus.FAILED if gave_up else DeliveryStatus.PENDING,
        attempts=attempts,
        next_attempt_at=timezone.now() + retry_delay(attempts),
        last_status_code=result.status_code,
        last_error=result.error,
        locked_until=None,
    )
    if gave_up:
        logger.error("Delivery %s given up after %s attempts", delivery_id, attempts)
        _next_in_stream(delivery, now=now)
        return False
    raise DeliveryFailed(result.error or f"HTTP {result.status_code}")


def _next_in_stream(delivery: Delivery, *, now: datetime) -> None:
    """Queue the stream's next row at once: it was waiting for this one."""
    following = (
        Delivery.objects.filter(
            stream=delivery.stream, id__gt=delivery.pk, status=DeliveryStatus.PENDING
        )
        .order_by("id")
        .values_list("id", flat=True)
        .first()
    )
    if following is not None:
        delivery_enqueue(delivery_id=following)


def delivery_enqueue(*, delivery_id: int) -> None:
    """Queue delivery; if the broker is unreachable the row stays pending for the re-drive."""
    from integrations.tasks import deliver

    try:
        deliver.apply_async((delivery_id,))
    except Exception:  # any broker failure: the re-drive picks the row up
        logger.warning("Could not queue delivery %s; it stays pending", delivery_id, exc_info=True)


def due_heads(*, now: datetime | None = None, limit: int = REDRIVE_BATCH) -> list[int]:
    """The deliveries that may be attempted now, oldest first: due, not leased, first of
    their stream."""
    params = {"pending": DeliveryStatus.PENDING, "now": now or timezone.now(), "limit": limit}
    with connection.cursor() as cursor:
        cursor.execute(_DUE_HEADS_SQL, params)
        return [row[0] for row in cursor.fetchall()]


def deliveries_redrive() -> int:
    """Queue every delivery that may be attempted now (the beat's re-drive)."""
    ids = due_heads()
    for delivery_id in ids:
        delivery_enqueue(delivery_id=delivery_id)
    return len(ids)


def deliveries_drain(*, now: datetime | None = None) -> int:
    """Attempt, in this process, everything that may be attempted at `now`, until nothing is
    left (a stream's next row becomes its head when the one before is delivered). The number
    of rows delivered meanwhile (by this call, or by the tasks it queued that ran in-process).
    For the command line and the tests; workers use the tasks."""
    delivered = Delivery.objects.filter(status=DeliveryStatus.DELIVERED)
    before = delivered.count()
    tried: set[int] = set()
    while True:
        ids = [delivery_id for delivery_id in due_heads(now=now) if delivery_id not in tried]
        if not ids:
            return delivered.count() - before
        for delivery_id in ids:
            tried.add(delivery_id)
            with contextlib.suppress(DeliveryFailed):  # recorded; due again later
                delivery_deliver(delivery_id=delivery_id, now=now)


PRUNE_BATCH = 1000


def deliveries_prune(*, now: datetime | None = None, batch: int = PRUNE_BATCH) -> int:
    """Delete what was delivered more than PORTAL_WEBHOOK_KEEP_DAYS ago, with its attempts (the
    beat's "prune-deliveries"). In batches, each its own short transaction, so that the log of
    a busy portal is never locked for long. Pending and given-up rows stay: they are someone's
    work still. Returns how many deliveries were deleted."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.PORTAL_WEBHOOK_KEEP_DAYS)
    deleted = 0
    while True:
        ids = list(
            Delivery.objects.filter(status=DeliveryStatus.DELIVERED, delivered_at__lt=cutoff)
            .order_by("id")
            .values_list("id", flat=True)[:batch]
        )
        if not ids:
            return deleted
        with transaction.atomic():
            DeliveryAttempt.objects.filter(delivery_id__in=ids).delete()
            Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.DELIVERED).delete()
        deleted += len(ids)
