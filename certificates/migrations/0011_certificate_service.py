"""Each certificate keeps its application's service (an application's service never changes), so
the staff queues filter a provider's certificates on the certificate alone (their index is the
next migration's): the column is added empty, filled from the applications, then required."""

import django.db.models.deletion
from django.db import migrations, models

# Django's foreign keys are checked at commit (DEFERRABLE INITIALLY DEFERRED): checked at each
# statement instead, the UPDATE leaves no pending check, which would stop the ALTER TABLE that
# makes the column required in the same transaction.
FILL = """
SET CONSTRAINTS ALL IMMEDIATE;
UPDATE certificates_certificate AS certificate
   SET service_id = application.service_id
  FROM registration_application AS application
 WHERE application.id = certificate.application_id
   AND certificate.service_id IS NULL;
SET CONSTRAINTS ALL DEFERRED;
"""


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
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="certificate",
            name="service",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="portal.service",
            ),
        ),
    ]
