"""Webhook subscriptions in /admin/: a provider's administrator makes one for its own provider
(the secret shown once), and finds neither another provider's subscriptions nor their
deliveries; the delivery log is only looked at."""

import pytest
from django.urls import reverse

from integrations.models import Delivery, WebhookSubscription
from integrations.services import subscription_create
from portal.constants import Role
from tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def perpusnas_admin(make_user, perpusnas):
    return make_user("admin-perpusnas", Role.ADMINISTRATOR, provider=perpusnas, is_staff=True)


@pytest.fixture
def other_admin(make_user):
    return make_user("admin-lain", Role.ADMINISTRATOR, provider=ProviderFactory(), is_staff=True)


def index_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_the_administrator_subscribes_and_sees_the_secret_once(client, perpusnas_admin, perpusnas):
    client.force_login(perpusnas_admin)

    response = client.post(
        reverse("admin:integrations_webhooksubscription_add"),
        {
            "provider": perpusnas.pk,
            "name": "Arsip dinas",
            "url": "https://arsip.example.go.id/hook",
            "event_types": ["complaint.status", "certificate.issued"],
            "is_active": "on",
        },
        follow=True,
    )

    subscription = WebhookSubscription.objects.get()
    assert subscription.provider == perpusnas
    assert subscription.event_types == ["certificate.issued", "complaint.status"]
    assert subscription.signing_secret() in response.text
    change = client.get(
        reverse("admin:integrations_webhooksubscription_change", args=[subscription.pk])
    )
    assert subscription.signing_secret() not in change.text


def test_an_http_address_is_refused_with_a_clear_error(client, perpusnas_admin, perpusnas):
    client.force_login(perpusnas_admin)

    response = client.post(
        reverse("admin:integrations_webhooksubscription_add"),
        {
            "provider": perpusnas.pk,
            "name": "Arsip dinas",
            "url": "http://arsip.example.go.id/hook",
            "event_types": ["complaint.status"],
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    assert "https://" in response.text
    assert not WebhookSubscription.objects.exists()


def test_another_providers_administrator_finds_no_subscription_nor_delivery(
    client, other_admin, perpusnas, make_complaint
):
    subscription, _secret = subscription_create(
        provider=perpusnas,
        name="Arsip",
        url="https://arsip.example.go.id/hook",
        event_types=["complaint.status"],
    )
    make_complaint()
    delivery = Delivery.objects.get()
    client.force_login(other_admin)

    subscriptions = client.get(reverse("admin:integrations_webhooksubscription_changelist"))
    deliveries = client.get(reverse("admin:integrations_delivery_changelist"))
    add = client.get(reverse("admin:integrations_webhooksubscription_add"))

    assert list(subscriptions.context["cl"].result_list) == []
    assert list(deliveries.context["cl"].result_list) == []
    assert f'<option value="{perpusnas.pk}"' not in add.text
    assert index_redirect(
        client.get(reverse("admin:integrations_webhooksubscription_change", args=[subscription.pk]))
    )
    assert index_redirect(
        client.get(reverse("admin:integrations_delivery_change", args=[delivery.pk]))
    )
    client.post(
        reverse("admin:integrations_webhooksubscription_delete", args=[subscription.pk]),
        {"post": "yes"},
    )
    assert WebhookSubscription.objects.filter(pk=subscription.pk).exists()


def test_the_delivery_log_is_shown_to_its_provider_and_never_changed(
    client, perpusnas_admin, perpusnas, make_complaint, django_assert_max_num_queries
):
    subscription_create(
        provider=perpusnas,
        name="Arsip",
        url="https://arsip.example.go.id/hook",
        event_types=["complaint.status"],
    )
    for number in range(4):
        make_complaint(subject=f"Aduan {number}")
    delivery = Delivery.objects.first()
    client.force_login(perpusnas_admin)

    with django_assert_max_num_queries(20):
        listing = client.get(reverse("admin:integrations_delivery_changelist"))
    page = client.get(reverse("admin:integrations_delivery_change", args=[delivery.pk]))

    assert len(listing.context["cl"].result_list) == 4
    assert page.status_code == 200
    assert "complaint.status" in page.text
    assert not page.context["has_change_permission"]


def test_the_administrator_changes_a_subscription_but_not_its_provider(
    client, perpusnas_admin, perpusnas
):
    subscription, secret = subscription_create(
        provider=perpusnas,
        name="Arsip",
        url="https://arsip.example.go.id/hook",
        event_types=["complaint.status"],
    )
    other = ProviderFactory()
    client.force_login(perpusnas_admin)

    response = client.post(
        reverse("admin:integrations_webhooksubscription_change", args=[subscription.pk]),
        {
            "provider": other.pk,
            "name": "Arsip baru",
            "url": "https://arsip-baru.example.go.id/hook",
            "event_types": ["complaint.status", "complaint.priority"],
        },
    )

    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.provider == perpusnas
    assert subscription.url == "https://arsip-baru.example.go.id/hook"
    assert subscription.event_types == ["complaint.priority", "complaint.status"]
    assert not subscription.is_active
    assert subscription.signing_secret() == secret
