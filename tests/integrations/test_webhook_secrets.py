"""Webhook secrets at rest: the database holds them sealed (portal.encryption, under
CREDENTIAL_KEY_SECRET), deliveries are still signed with the secret shown once, and an altered
or foreign sealed value is refused rather than decrypted into garbage."""

import pytest
from django.db import connection

from integrations.constants import SECRET_PURPOSE
from integrations.services import subscription_create
from portal.encryption import UnsealError, seal, unseal

pytestmark = pytest.mark.django_db


def test_the_secret_is_stored_sealed_and_opens_to_the_one_shown(perpusnas):
    subscription, secret = subscription_create(
        provider=perpusnas,
        name="Arsip",
        url="https://arsip.example.go.id/hook",
        event_types=["complaint.status"],
    )

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT * FROM integrations_webhooksubscription WHERE id = %s", [subscription.pk]
        )
        row = " ".join(str(value) for value in cursor.fetchone())
    assert secret not in row
    assert secret.removeprefix("whsec_") not in row
    assert subscription.secret_sealed.startswith("v1:")
    assert subscription.signing_secret() == secret


def test_a_sealed_value_opens_only_for_its_purpose_and_under_its_secret(settings):
    settings.CREDENTIAL_KEY_SECRET = "a" * 40
    sealed = seal("whsec_abc", purpose=SECRET_PURPOSE)

    assert unseal(sealed, purpose=SECRET_PURPOSE) == "whsec_abc"
    assert seal("whsec_abc", purpose=SECRET_PURPOSE) != sealed  # a fresh nonce each time
    with pytest.raises(UnsealError):
        unseal(sealed, purpose="another.use")
    with pytest.raises(UnsealError):
        unseal(
            sealed[:-4] + ("AAAA" if not sealed.endswith("AAAA") else "BBBB"),
            purpose=SECRET_PURPOSE,
        )
    with pytest.raises(UnsealError):
        unseal("whsec_abc", purpose=SECRET_PURPOSE)  # never stored in clear
    settings.CREDENTIAL_KEY_SECRET = "b" * 40
    with pytest.raises(UnsealError):
        unseal(sealed, purpose=SECRET_PURPOSE)


@pytest.mark.django_db(transaction=True)
def test_the_migration_seals_the_secrets_stored_in_clear(reference_data):
    from django.db.migrations.executor import MigrationExecutor

    before = [("integrations", "0001_webhooks_and_deliveries")]
    after = [("integrations", "0002_webhook_secret_sealed")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    Provider = old_apps.get_model("portal", "Provider")
    Subscription = old_apps.get_model("integrations", "WebhookSubscription")
    clear = "whsec_" + "Q" * 44
    Subscription.objects.create(
        provider=Provider.objects.first(),
        name="Arsip lama",
        url="https://arsip.example.go.id/hook",
        secret=clear,
        event_types=["complaint.status"],
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    # Forward to every app's latest (going back undid what depends on integrations 0001).
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from integrations.models import WebhookSubscription

    subscription = WebhookSubscription.objects.get(name="Arsip lama")
    assert clear not in subscription.secret_sealed
    assert subscription.signing_secret() == clear
