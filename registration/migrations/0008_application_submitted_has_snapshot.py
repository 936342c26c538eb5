"""Past the draft, an application must carry its snapshot (filled for older ones by 0007)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("registration", "0007_applicant_snapshot_backfill")]

    operations = [
        migrations.AddConstraint(
            model_name="application",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status", "draft"), ("snapshot__isnull", False), _connector="OR"
                ),
                name="application_submitted_has_snapshot",
                violation_error_message=(
                    "Pengajuan yang sudah diajukan harus menyimpan data peserta yang diajukan."
                ),
            ),
        ),
    ]
