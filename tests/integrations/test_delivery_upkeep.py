"""The delivery log's upkeep in /admin/: given-up deliveries sent again (in their stream's
order, once however often the button is pressed, each an event), a subscription switched off
instead of deleted (what waited is given up in the open), its secret rotated and shown once,
and delivered rows pruned after PORTAL_WEBHOOK_KEEP_DAYS, in batches."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from complaints.constants import ComplaintStatus
from complaints.services import complaint_transition
from integrations.constants import DEACTIVATED_EVENT, RESENT_EVENT, DeliveryStatus
from integrations.delivery import deliveries_drain, deliveries_prune
from integrations.models import Delivery, DeliveryAttempt, WebhookSubscription
from integrations.services import deliveries_resend, subscription_create
from integrations.signing import signature_valid
from portal.constants import Role
from portal.models import Event
from tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def perpusnas_admin(make_user, perpusnas):
    return make_user("admin-perpusnas", Role.ADMINISTRATOR, provider=perpusnas, is_staff=True)


@pytest.fixture
def other_admin(make_user):
    return make_user("admin-lain", Role.ADMINISTRATOR, provider=ProviderFactory(), is_staff=True)


@pytest.fixture
def subscription(perpusnas, receiver):
    made, _secret = subscription_create(
        provider=perpusnas, name="Arsip", url=receiver.url, event_types=["complaint.status"]
    )
    return made


@pytest.fixture
def given_up(settings, subscription, receiver, make_complaint, handler):
    """A complaint whose three notices were all given up while the receiver answered 500."""
    settings.PORTAL_WEBHOOK_MAX_ATTEMPTS = 1
    receiver.status = 500
    complaint = make_complaint()
    complaint_transition(complaint=complaint, to=ComplaintStatus.VERIFIED, actor=handler)
    complaint_transition(complaint=complaint, to=ComplaintStatus.IN_PROGRESS, actor=handler)
    deliveries_drain()
    assert Delivery.objects.filter(status=DeliveryStatus.FAILED).count() == 3
    receiver.status = 200
    receiver.received.clear()
    return complaint


def resend_action(client, ids):
    return client.post(
        reverse("admin:integrations_delivery_changelist"),
        {"action": "resend", ACTION_CHECKBOX_NAME: [str(pk) for pk in ids]},
        follow=True,
    )


def to_states(receiver) -> list[str]:
    return [body["data"]["to_state"] for body in receiver.bodies]


def test_the_administrator_resends_what_was_given_up_in_order_once(
    client, perpusnas_admin, given_up, receiver
):
    ids = list(Delivery.objects.values_list("pk", flat=True))
    client.force_login(perpusnas_admin)

    response = resend_action(client, ids)
    resend_action(client, ids)  # a double click
    deliveries_drain()

    assert "3 pengiriman dijadwalkan ulang" in response.text
    assert to_states(receiver) == ["received", "verified", "in_progress"]
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}
    events = Event.objects.filter(kind=RESENT_EVENT)
    assert events.count() == 3
    assert {event.actor for event in events} == {perpusnas_admin}
    # The same id on the resend as on the first try: receivers de-duplicate on it.
    assert {str(pk) for pk in Delivery.objects.values_list("public_id", flat=True)} == {
        request.headers["webhook-id"] for request in receiver.received
    }


def test_a_resent_notice_goes_before_a_newer_one_of_the_same_object(
    given_up, receiver, handler, perpusnas_admin
):
    complaint_transition(
        complaint=given_up, to=ComplaintStatus.REJECTED, actor=handler, note="Bukan aduan."
    )

    deliveries_resend(
        deliveries=Delivery.objects.filter(payload__data__to_state="verified"),
        actor=perpusnas_admin,
    )
    deliveries_drain()

    assert to_states(receiver) == ["verified", "rejected"]


def test_another_providers_administrator_resends_nothing(client, other_admin, given_up):
    client.force_login(other_admin)

    resend_action(client, list(Delivery.objects.values_list("pk", flat=True)))

    assert Delivery.objects.filter(status=DeliveryStatus.FAILED).count() == 3
    assert not Event.objects.filter(kind=RESENT_EVENT).exists()


def test_what_a_switched_off_subscription_gave_up_is_not_resent(
    client, perpusnas_admin, given_up, subscription
):
    client.force_login(perpusnas_admin)
    client.post(
        reverse("admin:integrations_webhooksubscription_changelist"),
        {"action": "deactivate", ACTION_CHECKBOX_NAME: [str(subscription.pk)]},
    )

    assert deliveries_resend(deliveries=Delivery.objects.all(), actor=perpusnas_admin) == []


def test_a_subscription_is_switched_off_not_deleted(
    client, perpusnas_admin, subscription, make_complaint, receiver
):
    receiver.status = 503
    make_complaint()
    make_complaint(subject="Jadwal belum ada")
    client.force_login(perpusnas_admin)
    delete_url = reverse("admin:integrations_webhooksubscription_delete", args=[subscription.pk])

    refused = client.post(delete_url, {"post": "yes"})
    changelist = reverse("admin:integrations_webhooksubscription_changelist")
    data = {"action": "deactivate", ACTION_CHECKBOX_NAME: [str(subscription.pk)]}
    response = client.post(changelist, data, follow=True)
    client.post(changelist, data)  # a double click

    assert refused.status_code == 403
    assert WebhookSubscription.objects.filter(pk=subscription.pk, is_active=False).exists()
    assert "2 pengiriman yang menunggu dihentikan" in response.text
    assert set(Delivery.objects.values_list("status", "last_error")) == {
        (DeliveryStatus.FAILED, "langganan dinonaktifkan")
    }
    event = Event.objects.get(kind=DEACTIVATED_EVENT)
    assert event.actor == perpusnas_admin
    assert deliveries_drain() == 0
    assert receiver.received == []


def test_the_rotated_secret_is_shown_once_and_signs_from_then_on(
    client, perpusnas_admin, subscription, make_complaint, receiver
):
    old = subscription.signing_secret()
    client.force_login(perpusnas_admin)

    response = client.post(
        reverse("admin:integrations_webhooksubscription_changelist"),
        {"action": "secret_rotate", ACTION_CHECKBOX_NAME: [str(subscription.pk)]},
        follow=True,
    )
    subscription.refresh_from_db()
    new = subscription.signing_secret()
    make_complaint()
    deliveries_drain()
    change = client.get(
        reverse("admin:integrations_webhooksubscription_change", args=[subscription.pk])
    )

    assert new != old
    assert new in response.text
    assert new not in change.text
    request = receiver.received[0]
    for secret, valid in ((new, True), (old, False)):
        assert (
            signature_valid(
                secret=secret,
                message_id=request.headers["webhook-id"],
                timestamp=int(request.headers["webhook-timestamp"]),
                body=request.body,
                header=request.headers["webhook-signature"],
            )
            is valid
        )


def test_delivered_rows_are_pruned_after_the_keeping_period_in_batches(
    settings, subscription, make_complaint, receiver
):
    settings.PORTAL_WEBHOOK_KEEP_DAYS = 90
    for number in range(5):
        make_complaint(subject=f"Aduan {number}")
    deliveries_drain()
    now = timezone.now()
    old, older, recent, failed, pending = Delivery.objects.order_by("id")
    Delivery.objects.filter(pk=old.pk).update(delivered_at=now - timedelta(days=91))
    Delivery.objects.filter(pk=older.pk).update(delivered_at=now - timedelta(days=400))
    Delivery.objects.filter(pk=recent.pk).update(delivered_at=now - timedelta(days=89))
    Delivery.objects.filter(pk__in=[failed.pk, pending.pk]).update(
        delivered_at=None, created_at=now - timedelta(days=400)
    )
    Delivery.objects.filter(pk=failed.pk).update(status=DeliveryStatus.FAILED)
    Delivery.objects.filter(pk=pending.pk).update(status=DeliveryStatus.PENDING)

    assert deliveries_prune(batch=1) == 2
    assert deliveries_prune(batch=1) == 0  # a second run finds nothing

    kept = {recent.pk, failed.pk, pending.pk}
    assert set(Delivery.objects.values_list("pk", flat=True)) == kept
    assert set(DeliveryAttempt.objects.values_list("delivery_id", flat=True)) == kept


def test_the_pruning_runs_every_night(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["prune-deliveries"]

    assert entry["task"] == "integrations.tasks.prune_deliveries"
