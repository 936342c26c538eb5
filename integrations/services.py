"""Changes of the integrations' state: subscriptions, and the deliveries a state change makes.

A delivery row is written by the receivers of portal.events.event_recorded and
complaints.signals.complaint_reply_added, inside the transaction of the change it reports: a
change rolled back sends nothing. The task is queued after commit (integrations.delivery).

What a webhook carries is the provider's own and no person's: the event's id, type and time,
the object's kind and public id, the states, the provider's slug. Never the actor, the note,
or anything of a reporter (an anonymous reporter stays anonymous to every receiver).
"""

import uuid
from functools import partial

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.constants import Channel
from complaints.models import Complaint, ComplaintMessage
from complaints.selectors import STATUS_EVENT
from integrations import catalogue
from integrations.constants import (
    DEACTIVATED_EVENT,
    RESENT_EVENT,
    ROTATED_EVENT,
    SECRET_PURPOSE,
    DeliveryStatus,
    DeliveryTarget,
)
from integrations.delivery import delivery_enqueue
from integrations.http import endpoint_url_check
from integrations.lapor import lapor_enabled
from integrations.models import Delivery, WebhookSubscription
from integrations.signing import secret_new
from portal.encryption import seal
from portal.events import event_record
from portal.models import Event, Provider

# The providers with an active subscription, cached: every state change of the portal asks,
# and most providers subscribe to nothing. Dropped whenever a subscription changes.
SUBSCRIBED_CACHE_KEY = "integrations:subscribed-providers"
SUBSCRIBED_CACHE_SECONDS = 60


def _subscription_check(*, url: str, event_types: list[str]) -> list[str]:
    endpoint_url_check(url)
    known = set(catalogue.event_types())
    chosen = sorted(set(event_types))
    unknown = [name for name in chosen if name not in known]
    if unknown:
        raise ValidationError(
            _("Jenis peristiwa tidak dikenal: %(names)s.") % {"names": ", ".join(unknown)},
            code="unknown_event_type",
        )
    if not chosen:
        raise ValidationError(_("Pilih paling sedikit satu jenis peristiwa."), code="no_events")
    return chosen


def _subscribed_forget() -> None:
    cache.delete(SUBSCRIBED_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(SUBSCRIBED_CACHE_KEY))


def subscription_create(
    *, provider: Provider, name: str, url: str, event_types: list[str], is_active: bool = True
) -> tuple[WebhookSubscription, str]:
    """A new subscription and its secret, returned to be shown once."""
    chosen = _subscription_check(url=url, event_types=event_types)
    secret = secret_new()
    with transaction.atomic():
        subscription = WebhookSubscription.objects.create(
            provider=provider,
            name=name,
            url=url,
            secret_sealed=seal(secret, purpose=SECRET_PURPOSE),
            event_types=chosen,
            is_active=is_active,
        )
        _subscribed_forget()
    return subscription, secret


def _pending_give_up(*, subscription: WebhookSubscription, reason: str) -> int:
    """The deliveries still waiting for a subscription that is switched off are given up now,
    visibly in the log, rather than left for the sender to find."""
    return Delivery.objects.filter(subscription=subscription, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.FAILED, last_error=reason, locked_until=None
    )


def subscription_deactivate(*, subscription: WebhookSubscription, actor) -> int:
    """Switch a subscription off (the admin offers this instead of deleting it, so that its
    delivery log stays): what still waited is given up, recorded with who did it. Returns how
    many deliveries were given up; a second call changes nothing and records nothing."""
    with transaction.atomic():
        locked = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
        if not locked.is_active:
            return 0
        locked.is_active = False
        locked.save(update_fields=["is_active"])
        given_up = _pending_give_up(subscription=locked, reason="langganan dinonaktifkan")
        event_record(
            subject=locked,
            kind=DEACTIVATED_EVENT,
            actor=actor,
            note=_("%(count)d pengiriman yang menunggu dihentikan.") % {"count": given_up},
        )
        _subscribed_forget()
    return given_up


def subscription_secret_rotate(*, subscription: WebhookSubscription, actor) -> str:
    """A new secret for the subscription, returned to be shown once; the old one stops signing
    at once (the receiver must be given the new one)."""
    secret = secret_new()
    with transaction.atomic():
        locked = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
        locked.secret_sealed = seal(secret, purpose=SECRET_PURPOSE)
        locked.save(update_fields=["secret_sealed"])
        event_record(subject=locked, kind=ROTATED_EVENT, actor=actor)
    return secret


def subscription_update(
    *,
    subscription: WebhookSubscription,
    name: str,
    url: str,
    event_types: list[str],
    is_active: bool,
) -> WebhookSubscription:
    """Change a subscription (not its provider, not its secret). Deliveries already recorded
    keep going to the URL the subscription has when they are attempted."""
    chosen = _subscription_check(url=url, event_types=event_types)
    with transaction.atomic():
        locked = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
        if locked.is_active and not is_active:
            _pending_give_up(subscription=locked, reason="langganan dinonaktifkan")
        locked.name = name
        locked.url = url
        locked.event_types = chosen
        locked.is_active = is_active
        locked.save(update_fields=["name", "url", "event_types", "is_active"])
        _subscribed_forget()
    return locked


def deliveries_resend(*, deliveries: models.QuerySet, actor) -> list[int]:
    """Put given-up deliveries back in line (the admin's "kirim ulang"), each with its attempts
    counted from zero and the same id (receivers de-duplicate on it). They keep their place in
    their stream: the sender takes a row only when no earlier row of its stream waits, so a
    resent notice goes before anything newer of the same object that still waits. Only failed
    rows move (a conditional UPDATE), so a second click resends nothing twice; a row of a
    switched-off subscription stays given up. Each resend is an event with who asked."""
    with transaction.atomic():
        rows = list(
            deliveries.filter(status=DeliveryStatus.FAILED)
            .select_related("subscription")
            .select_for_update(of=("self",))
            .order_by("id")
        )
        ids = [
            row.pk
            for row in rows
            if row.target == DeliveryTarget.LAPOR or row.subscription.is_active
        ]
        Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.FAILED).update(
            status=DeliveryStatus.PENDING,
            attempts=0,
            next_attempt_at=timezone.now(),
            locked_until=None,
        )
        for row in rows:
            if row.pk in ids:
                event_record(
                    subject=row,
                    kind=RESENT_EVENT,
                    actor=actor,
                    from_state=DeliveryStatus.FAILED,
                    to_state=DeliveryStatus.PENDING,
                )
        for delivery_id in ids:
            transaction.on_commit(partial(delivery_enqueue, delivery_id=delivery_id))
    return ids


def subscribed_provider_ids() -> frozenset[int]:
    ids = cache.get(SUBSCRIBED_CACHE_KEY)
    if ids is None:
        ids = frozenset(
            WebhookSubscription.objects.filter(is_active=True)
            .values_list("provider_id", flat=True)
            .distinct()
        )
        cache.set(SUBSCRIBED_CACHE_KEY, ids, SUBSCRIBED_CACHE_SECONDS)
    return ids


def _record(**fields) -> Delivery:
    delivery = Delivery.objects.create(**fields)
    transaction.on_commit(lambda: delivery_enqueue(delivery_id=delivery.pk))
    return delivery


def deliveries_for_event(*, event: Event, subject: models.Model) -> list[Delivery]:
    """The deliveries a recorded event makes: one per active subscription of the subject's
    provider that chose its type, and for a LAPOR! complaint's status change, one to LAPOR!."""
    recorded = []
    if isinstance(subject, Complaint) and event.kind == STATUS_EVENT:
        recorded += _lapor_status(event=event, complaint=subject)
    event_type = catalogue.event_type_of(subject=subject, kind=event.kind)
    if event_type is None:
        return recorded
    subscribed = subscribed_provider_ids()
    if not subscribed:
        return recorded
    provider_id = catalogue.provider_id_of(subject)
    if provider_id not in subscribed:
        return recorded
    subscriptions = [
        subscription
        for subscription in WebhookSubscription.objects.filter(
            provider_id=provider_id, is_active=True
        ).select_related("provider")
        if event_type in subscription.event_types
    ]
    if not subscriptions:
        return recorded
    target = catalogue.object_of(subject=subject, event_type=event_type)
    for subscription in subscriptions:
        message_id = uuid.uuid4()
        recorded.append(
            _record(
                public_id=message_id,
                target=DeliveryTarget.WEBHOOK,
                subscription=subscription,
                provider_id=provider_id,
                stream=f"webhook:{subscription.pk}:{target['kind']}:{target['id']}",
                event_type=event_type,
                payload={
                    "id": str(message_id),
                    "type": event_type,
                    "occurred_at": event.created_at.isoformat(),
                    "data": {
                        "event_id": event.pk,
                        "object": target,
                        "from_state": event.from_state,
                        "to_state": event.to_state,
                        "provider": subscription.provider.slug,
                    },
                },
            )
        )
    return recorded


def _from_lapor(complaint: Complaint) -> bool:
    return (
        complaint.channel == Channel.LAPOR
        and bool(complaint.external_reference)
        and lapor_enabled()
    )


def _lapor_record(*, complaint: Complaint, kind: str, occurred_at, fields: dict) -> Delivery:
    message_id = uuid.uuid4()
    return _record(
        public_id=message_id,
        target=DeliveryTarget.LAPOR,
        provider_id=complaint.provider_id,
        stream=f"lapor:complaint:{complaint.public_id}",
        event_type=f"lapor.{kind}",
        payload={
            "id": str(message_id),
            "type": kind,
            "occurred_at": occurred_at.isoformat(),
            "lapor_id": complaint.external_reference,
            **fields,
        },
    )


def _lapor_status(*, event: Event, complaint: Complaint) -> list[Delivery]:
    if not _from_lapor(complaint):
        return []
    return [
        _lapor_record(
            complaint=complaint,
            kind="status",
            occurred_at=event.created_at,
            fields={"from_state": event.from_state, "to_state": event.to_state, "note": event.note},
        )
    ]


def lapor_answer_record(*, complaint: Complaint, message: ComplaintMessage) -> list[Delivery]:
    """The team's reply to a LAPOR! complaint, to be sent back to LAPOR!."""
    if not _from_lapor(complaint):
        return []
    return [
        _lapor_record(
            complaint=complaint,
            kind="answer",
            occurred_at=message.created_at,
            fields={"message": message.body},
        )
    ]
