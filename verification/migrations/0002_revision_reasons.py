"""The standard reasons for returning a document; the administrator can edit the list."""

from django.db import migrations

REASONS = [
    "Berkas buram atau tidak terbaca",
    "Berkas tidak sesuai dengan persyaratan yang diminta",
    "Halaman berkas tidak lengkap",
    "Data pada berkas tidak sesuai dengan profil",
    "Berkas belum ditandatangani atau belum dilegalisir",
    "Format surat tidak sesuai ketentuan",
    "Foto tidak sesuai ketentuan (berwarna, 3 × 4, wajah jelas)",
]


def create(apps, schema_editor):
    RevisionReason = apps.get_model("verification", "RevisionReason")
    for order, text in enumerate(REASONS, 1):
        RevisionReason.objects.update_or_create(text=text, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("verification", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
