"""The verification token is now required and unique; new certificates draw their own."""

from django.db import migrations, models

import certificates.models


class Migration(migrations.Migration):
    dependencies = [("certificates", "0003_certificate_verification_token_fill")]

    operations = [
        migrations.AlterField(
            model_name="certificate",
            name="verification_token",
            field=models.CharField(
                default=certificates.models.verification_token_new,
                editable=False,
                max_length=43,
                unique=True,
                verbose_name="kode verifikasi",
            ),
        ),
    ]
