"""Each certificate keeps its application's service (an application's service never changes), so
the staff queues filter a provider's certificates on the certificate alone (their index is the
next migration's): the column is added empty and filled from the applications here; 0012 makes
it required. Apart, because on PostgreSQL the filled column's foreign key is checked at commit
(DEFERRABLE INITIALLY DEFERRED), and an ALTER TABLE in the same transaction would find that check
still pending."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Application = apps.get_model("registration", "Application")
    Certificate = apps.get_model("certificates", "Certificate")
    service = Application.objects.filter(pk=OuterRef("application_id")).values("service_id")
    Certificate.objects.filter(service__isnull=True).update(service_id=Subquery(service[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0010_credential_keys_and_status_lists_moved_to_portal"),
        ("registration", "0018_account_claim_queue_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="service",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="portal.service",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
