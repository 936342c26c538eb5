"""Webhook secrets were stored in clear: seal every existing one (portal.encryption) and drop
the clear column. Going back opens them again, so nothing is lost either way."""

from django.db import migrations, models

from integrations.constants import SECRET_PURPOSE
from portal.encryption import seal, unseal


def seal_secrets(apps, schema_editor):
    WebhookSubscription = apps.get_model("integrations", "WebhookSubscription")
    for subscription in WebhookSubscription.objects.only("pk", "secret"):
        subscription.secret_sealed = seal(subscription.secret, purpose=SECRET_PURPOSE)
        subscription.save(update_fields=["secret_sealed"])


def open_secrets(apps, schema_editor):
    WebhookSubscription = apps.get_model("integrations", "WebhookSubscription")
    for subscription in WebhookSubscription.objects.only("pk", "secret_sealed"):
        subscription.secret = unseal(subscription.secret_sealed, purpose=SECRET_PURPOSE)
        subscription.save(update_fields=["secret"])


class Migration(migrations.Migration):
    dependencies = [
        ("integrations", "0001_webhooks_and_deliveries"),
    ]

    operations = [
        migrations.AddField(
            model_name="webhooksubscription",
            name="secret_sealed",
            field=models.TextField(
                default="", editable=False, verbose_name="kunci rahasia (terenkripsi)"
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="webhooksubscription",
            name="secret",
            field=models.CharField(
                blank=True, editable=False, max_length=100, verbose_name="kunci rahasia"
            ),
        ),
        migrations.RunPython(seal_secrets, open_secrets, elidable=False),
        migrations.RemoveField(model_name="webhooksubscription", name="secret"),
    ]
