"""Signed webhooks: each state change of a provider's object that a subscription chose becomes
one delivery, written in the change's transaction, sent signed to a real receiver on loopback,
once, in order per object, also after the receiver was down; nothing of a rolled-back change;
nothing of another provider's; no personal data in the body."""

from datetime import timedelta

import jsonschema
import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from openapi_spec_validator import validate as openapi_validate

from complaints.constants import ComplaintStatus
from complaints.models import Complaint
from complaints.services import complaint_transition
from integrations.api_schema import openapi_document
from integrations.catalogue import event_type_of, event_types
from integrations.constants import DeliveryStatus
from integrations.delivery import _claim, deliveries_drain, due_heads
from integrations.models import Delivery
from integrations.services import subscription_create, subscription_update
from integrations.signing import signature_valid
from portal.events import event_record
from portal.models import Service
from tests.factories import SERVICE_SLUG, ApplicationFactory, CertificateFactory, ProviderFactory

pytestmark = pytest.mark.django_db

LATER = timedelta(days=1)


@pytest.fixture
def subscribe(perpusnas, receiver):
    def make(*types, provider=None, url=None):
        return subscription_create(
            provider=provider or perpusnas,
            name="Sistem arsip",
            url=url or receiver.url,
            event_types=list(types) or ["complaint.status"],
        )

    return make


def states(receiver) -> list[tuple[str, str]]:
    return [(body["data"]["object"]["id"], body["data"]["to_state"]) for body in receiver.bodies]


def test_a_state_change_is_delivered_once_signed_and_in_order(
    subscribe, receiver, make_complaint, handler, perpusnas
):
    _subscription, secret = subscribe("complaint.status")
    complaint = make_complaint()
    complaint_transition(complaint=complaint, to=ComplaintStatus.VERIFIED, actor=handler)
    complaint_transition(complaint=complaint, to=ComplaintStatus.IN_PROGRESS, actor=handler)

    assert deliveries_drain() == 3
    assert deliveries_drain(now=timezone.now() + LATER) == 0  # never sent again

    object_id = str(complaint.public_id)
    assert states(receiver) == [
        (object_id, ComplaintStatus.RECEIVED),
        (object_id, ComplaintStatus.VERIFIED),
        (object_id, ComplaintStatus.IN_PROGRESS),
    ]
    ids = [request.headers["webhook-id"] for request in receiver.received]
    assert len(set(ids)) == 3
    for request in receiver.received:
        assert signature_valid(
            secret=secret,
            message_id=request.headers["webhook-id"],
            timestamp=int(request.headers["webhook-timestamp"]),
            body=request.body,
            header=request.headers["webhook-signature"],
        )
        assert request.json["id"] == request.headers["webhook-id"]
        assert request.json["type"] == "complaint.status"
        assert request.json["data"]["provider"] == perpusnas.slug
    # A body changed on the way, or another secret, does not verify.
    first = receiver.received[0]
    assert not signature_valid(
        secret=secret,
        message_id=first.headers["webhook-id"],
        timestamp=int(first.headers["webhook-timestamp"]),
        body=first.body.replace(b"received", b"rejected"),
        header=first.headers["webhook-signature"],
    )
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}


def test_the_delivery_is_queued_when_the_change_commits(
    subscribe, receiver, make_complaint, handler, django_capture_on_commit_callbacks
):
    subscribe("complaint.status")
    complaint = make_complaint()
    deliveries_drain()
    receiver.received.clear()

    with django_capture_on_commit_callbacks(execute=True):
        complaint_transition(complaint=complaint, to=ComplaintStatus.VERIFIED, actor=handler)

    assert states(receiver) == [(str(complaint.public_id), ComplaintStatus.VERIFIED)]


def test_after_a_receiver_outage_everything_arrives_in_order_once(
    subscribe, receiver, make_complaint, handler
):
    subscribe("complaint.status")
    first = make_complaint()
    second = make_complaint(subject="Jadwal belum ada")
    receiver.status = 503
    complaint_transition(complaint=first, to=ComplaintStatus.VERIFIED, actor=handler)

    assert deliveries_drain() == 0  # 503: tried, kept
    answered_503 = len(receiver.received)
    receiver.stop()  # then the receiver is gone altogether: connections refused
    complaint_transition(complaint=first, to=ComplaintStatus.IN_PROGRESS, actor=handler)
    complaint_transition(complaint=second, to=ComplaintStatus.VERIFIED, actor=handler)
    assert deliveries_drain(now=timezone.now() + LATER) == 0

    heads = Delivery.objects.filter(pk__in=due_heads(now=timezone.now() + LATER))
    # Only the first of each object's deliveries is ever tried while it fails.
    assert {delivery.payload["data"]["to_state"] for delivery in heads} == {"received"}
    waiting = Delivery.objects.filter(payload__data__to_state=ComplaintStatus.IN_PROGRESS).get()
    assert waiting.attempts == 0
    assert answered_503 == 2  # the first delivery of each complaint

    receiver.status = 200
    receiver.start()
    assert deliveries_drain(now=timezone.now() + LATER) == 5
    assert deliveries_drain(now=timezone.now() + 2 * LATER) == 0

    delivered = receiver.received[answered_503:]
    by_object: dict[str, list[str]] = {}
    for request in delivered:
        by_object.setdefault(request.json["data"]["object"]["id"], []).append(
            request.json["data"]["to_state"]
        )
    assert by_object == {
        str(first.public_id): ["received", "verified", "in_progress"],
        str(second.public_id): ["received", "verified"],
    }
    assert len({request.headers["webhook-id"] for request in delivered}) == 5
    retried = Delivery.objects.get(payload__data__object__id=str(first.public_id), attempts=3)
    assert list(retried.attempt_log.values_list("status_code", flat=True)) == [503, None, 200]
    assert retried.attempt_log.filter(status_code=None).get().error


def test_a_delivery_given_up_lets_the_next_one_go(
    subscribe, receiver, make_complaint, handler, settings
):
    settings.PORTAL_WEBHOOK_MAX_ATTEMPTS = 1
    subscribe("complaint.status")
    receiver.status = 500
    complaint = make_complaint()
    deliveries_drain()
    receiver.status = 200
    complaint_transition(complaint=complaint, to=ComplaintStatus.VERIFIED, actor=handler)

    assert deliveries_drain() == 1
    assert states(receiver)[-1] == (str(complaint.public_id), ComplaintStatus.VERIFIED)
    assert Delivery.objects.filter(status=DeliveryStatus.FAILED).count() == 1


def test_a_delivery_is_claimed_by_one_sender_only(subscribe, make_complaint):
    subscribe("complaint.status")
    make_complaint()
    delivery = Delivery.objects.get()
    now = timezone.now()

    assert _claim(delivery.pk, now) is not None
    assert _claim(delivery.pk, now) is None  # leased meanwhile


def test_a_rolled_back_change_sends_nothing(subscribe, receiver, make_complaint, handler):
    subscribe("complaint.status")
    complaint = make_complaint()
    deliveries_drain()
    before = Delivery.objects.count()

    with pytest.raises(RuntimeError), transaction.atomic():
        complaint_transition(complaint=complaint, to=ComplaintStatus.VERIFIED, actor=handler)
        raise RuntimeError("the rest of the change failed")

    assert Delivery.objects.count() == before
    assert deliveries_drain(now=timezone.now() + LATER) == 0
    assert states(receiver) == [(str(complaint.public_id), ComplaintStatus.RECEIVED)]


def test_only_the_chosen_types_of_the_subscribers_own_provider_are_sent(
    subscribe, receiver, make_complaint, handler
):
    other = ProviderFactory()
    subscribe("complaint.status", provider=other)
    subscribe("complaint.priority")
    inactive, _secret = subscribe("complaint.status")
    subscription_update(
        subscription=inactive,
        name=inactive.name,
        url=inactive.url,
        event_types=inactive.event_types,
        is_active=False,
    )
    complaint = make_complaint()
    complaint_transition(complaint=complaint, to=ComplaintStatus.VERIFIED, actor=handler)

    deliveries_drain()

    assert receiver.received == []


def test_the_body_holds_no_personal_data_and_keeps_to_the_schema(
    subscribe, receiver, make_complaint
):
    subscribe("complaint.status")
    complaint = make_complaint(
        anonymous=True, reporter_name="Rahasia Sekali", reporter_email="rahasia@example.test"
    )

    deliveries_drain()

    body = receiver.received[0].body.decode()
    for secret in ("Rahasia", "rahasia@example.test", complaint.tracking_code, "Budi"):
        assert secret not in body
    schema = openapi_document()
    openapi_validate(schema)
    jsonschema.validate(
        receiver.received[0].json,
        {**schema["components"]["schemas"]["StateChanged"], "components": schema["components"]},
    )


def test_an_applications_and_its_certificates_changes_are_their_own(subscribe, receiver):
    subscribe("application.status", "certificate.issued")
    certificate = CertificateFactory()
    application = certificate.application

    event_record(subject=application, kind="status", from_state="a", to_state="b")
    event_record(subject=application, kind="certificate_issued")
    event_record(subject=application, kind="certificate_signed")  # not chosen
    deliveries_drain()

    assert [
        (body["type"], body["data"]["object"]["kind"], body["data"]["object"]["id"])
        for body in receiver.bodies
    ] == [
        ("application.status", "application", str(application.public_id)),
        ("certificate.issued", "certificate", str(certificate.public_id)),
    ]


def test_another_providers_application_is_not_sent(subscribe, receiver):
    subscribe("application.status")
    other_service = Service.objects.exclude(
        provider=Service.objects.get(slug=SERVICE_SLUG).provider
    ).first()
    application = ApplicationFactory()
    application.service = other_service

    event_record(subject=application, kind="status", from_state="a", to_state="b")

    assert deliveries_drain() == 0


@pytest.mark.parametrize(
    ("url", "event_types"),
    [
        ("http://arsip.example.go.id/hook", ["complaint.status"]),  # https only
        ("https://arsip.example.go.id/hook", ["complaint.nothing"]),
        ("https://arsip.example.go.id/hook", []),
    ],
)
def test_a_subscription_needs_https_and_known_types(perpusnas, url, event_types):
    with pytest.raises(ValidationError):
        subscription_create(provider=perpusnas, name="x", url=url, event_types=event_types)


def test_http_to_loopback_is_refused_outside_debug_and_tests(perpusnas, settings):
    settings.PORTAL_WEBHOOK_ALLOW_HTTP_LOOPBACK = False
    with pytest.raises(ValidationError):
        subscription_create(
            provider=perpusnas,
            name="x",
            url="http://127.0.0.1:9/hook",
            event_types=["complaint.status"],
        )


def test_the_webhooks_document_is_served_and_valid(client):
    response = client.get(reverse("webhooks_schema"))

    assert response.status_code == 200
    schema = response.json()
    openapi_validate(schema)
    assert set(schema["webhooks"]) == {"stateChanged", "laporMessage"}
    types = schema["components"]["schemas"]["StateChanged"]["properties"]["type"]["enum"]
    assert {"complaint.status", "application.status", "certificate.issued", "case.state"} <= set(
        types
    )


def test_a_new_subscription_counts_from_the_next_change(
    subscribe, receiver, make_complaint, handler
):
    complaint = make_complaint()  # no subscriber yet: remembered as such
    subscribe("complaint.status")

    complaint_transition(complaint=complaint, to=ComplaintStatus.VERIFIED, actor=handler)
    deliveries_drain()

    assert states(receiver) == [(str(complaint.public_id), ComplaintStatus.VERIFIED)]


def test_what_waits_for_a_deactivated_subscription_is_not_sent(subscribe, receiver, make_complaint):
    subscription, _secret = subscribe("complaint.status")
    make_complaint()
    subscription_update(
        subscription=subscription,
        name=subscription.name,
        url=subscription.url,
        event_types=subscription.event_types,
        is_active=False,
    )

    assert deliveries_drain() == 0

    assert receiver.received == []
    assert Delivery.objects.get().status == DeliveryStatus.FAILED


def test_a_seal_opening_is_not_offered_to_other_systems():
    """The team's oversight of an anonymous reporter's seal stays inside the provider: no
    subscription can choose it, so no delivery is ever written for it."""
    assert "complaint.seal_opened" not in event_types()
    assert event_type_of(subject=Complaint, kind="seal_opened") is None
    assert "complaint.status" in event_types()
