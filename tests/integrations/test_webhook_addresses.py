"""No webhook (nor LAPOR! message) into the portal's own network: a receiver's address is
refused on save when it is, or resolves to, a private, loopback, link-local or metadata
address, and again at send time, when the connection goes to the address that was checked
(a second DNS answer cannot redirect it). The tests' loopback receivers need
PORTAL_WEBHOOK_ALLOW_PRIVATE, which every test has on and these turn off."""

import socket

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from integrations.constants import DeliveryStatus
from integrations.delivery import deliveries_drain
from integrations.models import Delivery, WebhookSubscription
from integrations.services import subscription_create
from portal.constants import Role

pytestmark = pytest.mark.django_db

REAL_GETADDRINFO = socket.getaddrinfo


@pytest.fixture
def production(settings):
    settings.PORTAL_WEBHOOK_ALLOW_PRIVATE = False
    return settings


@pytest.fixture
def dns(monkeypatch):
    """A fake DNS (outside the portal): names in `answers` resolve to the listed addresses, in
    turn (the last one repeats), every other name as usual."""
    answers: dict[str, list[str]] = {}

    def getaddrinfo(host, port, *args, **kwargs):
        if host in answers:
            queue = answers[host]
            address = queue.pop(0) if len(queue) > 1 else queue[0]
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            return [(family, socket.SOCK_STREAM, 6, "", (address, port))]
        return REAL_GETADDRINFO(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


def create(provider, url):
    return subscription_create(
        provider=provider, name="Arsip", url=url, event_types=["complaint.status"]
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://192.168.0.10/hook",
        "https://172.16.5.5/hook",
        "https://100.64.0.1/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://[fd00:ec2::254]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "https://0.0.0.0/hook",
        "https://localhost/hook",
        "https://metadata.google.internal/computeMetadata/v1/",
        "https://printer.local/hook",
    ],
)
def test_an_internal_address_is_refused_on_save(production, perpusnas, url):
    with pytest.raises(ValidationError) as raised:
        create(perpusnas, url)

    assert raised.value.error_list[0].code == "internal_address"
    assert "jaringan internal" in raised.value.messages[0]
    assert not WebhookSubscription.objects.exists()


def test_a_name_resolving_inside_is_refused_on_save(production, perpusnas, dns):
    dns["arsip.example.go.id"] = ["10.0.0.7"]

    with pytest.raises(ValidationError):
        create(perpusnas, "https://arsip.example.go.id/hook")


def test_a_public_address_is_accepted(production, perpusnas, dns):
    dns["arsip.example.go.id"] = ["93.184.215.14"]

    subscription, _secret = create(perpusnas, "https://arsip.example.go.id/hook")
    create(perpusnas, "https://93.184.215.14/hook")

    assert subscription.pk


def test_the_admin_shows_the_error_on_the_address(client, make_user, perpusnas, production):
    admin = make_user("admin-perpusnas", Role.ADMINISTRATOR, provider=perpusnas, is_staff=True)
    client.force_login(admin)

    response = client.post(
        reverse("admin:integrations_webhooksubscription_add"),
        {
            "provider": perpusnas.pk,
            "name": "Metadata",
            "url": "https://169.254.169.254/latest/",
            "event_types": ["complaint.status"],
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    assert "jaringan internal" in response.text
    assert "url" in response.context["adminform"].form.errors
    assert not WebhookSubscription.objects.exists()


def test_a_name_that_resolves_inside_at_send_time_is_not_contacted(
    settings, perpusnas, dns, receiver, make_complaint
):
    dns["arsip.example.go.id"] = ["93.184.215.14"]
    create(perpusnas, "https://arsip.example.go.id/hook")
    settings.PORTAL_WEBHOOK_ALLOW_PRIVATE = False
    dns["arsip.example.go.id"] = ["127.0.0.1"]  # the name now points at the portal's host
    make_complaint()

    assert deliveries_drain() == 0

    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING  # retried: the name may be fixed
    assert "alamat internal" in delivery.last_error
    assert delivery.attempt_log.get().status_code is None
    assert receiver.received == []


def test_the_connection_goes_to_the_address_that_was_checked(
    settings, perpusnas, dns, receiver, make_complaint
):
    """DNS rebinding: the first answer (checked) is the receiver; a second lookup would answer
    an unroutable address. The delivery arrives, so no second lookup decided where it went."""
    create(perpusnas, f"http://localhost:{receiver.port}/hook")
    dns["localhost"] = ["127.0.0.1", "192.0.2.1"]
    make_complaint()

    assert deliveries_drain() == 1

    assert len(receiver.received) == 1
    assert receiver.received[0].headers["host"] == f"localhost:{receiver.port}"
