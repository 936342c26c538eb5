"""A token of its own for every certificate that exists already (a default would give them all
the same one). Their stored PDFs keep the QR code they were printed with, which carries the
number alone: those answer with the status only until the certificate is rendered again."""

import secrets

from django.db import migrations


def tokens_fill(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    waiting = Certificate.objects.filter(verification_token__isnull=True).only("pk")
    for certificate in waiting.iterator(chunk_size=1000):
        certificate.verification_token = secrets.token_urlsafe(16)
        certificate.save(update_fields=["verification_token"])


class Migration(migrations.Migration):
    dependencies = [("certificates", "0002_certificate_verification_token_add")]

    operations = [migrations.RunPython(tokens_fill, migrations.RunPython.noop, elidable=True)]
