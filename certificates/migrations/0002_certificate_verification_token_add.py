"""Every certificate gets a verification token (its QR code's secret half). Added empty first:
existing rows each need their own token (0003), and only then is it required and unique (0004).
Three migrations, each in its own transaction: PostgreSQL refuses to alter a table whose rows
were updated in the same transaction ("pending trigger events")."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("certificates", "0001_certificates")]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="verification_token",
            field=models.CharField(
                editable=False, max_length=43, null=True, verbose_name="kode verifikasi"
            ),
        ),
    ]
