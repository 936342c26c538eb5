"""The certificate's own service (filled by 0011) becomes required, and the staff queues' indexes
on it: certificate_queue answers a queue page, its count and the tab counts; certificate_pdf_ready
whether a stage has a signed PDF to download. certificate_queue replaces certificate_stage_count,
which only the tab counts read. Apart from 0011 so that the filled column's old row versions,
gone once 0011 commits, are not indexed too (built in the same transaction, the index was twice
its size)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0011_certificate_service"),
    ]

    operations = [
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
        migrations.RemoveIndex(model_name="certificate", name="certificate_stage_count"),
        migrations.AddIndex(
            model_name="certificate",
            index=models.Index(
                condition=models.Q(("revoked_at__isnull", True)),
                fields=["status", "service", "due_date", "created_at", "id"],
                include=("application",),
                name="certificate_queue",
            ),
        ),
        migrations.AddIndex(
            model_name="certificate",
            index=models.Index(
                condition=models.Q(("pdf_state", "ready"), ("revoked_at__isnull", True)),
                fields=["status", "service"],
                name="certificate_pdf_ready",
            ),
        ),
    ]
