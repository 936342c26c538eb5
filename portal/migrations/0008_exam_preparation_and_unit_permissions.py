"""What librarian-exam candidates prepare (seed 000: the exam is online, from home or office),
and the administrator group's permission to maintain competency units."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SLUG = "uji-kompetensi-pustakawan"

PREPARATION = """Ujian dilaksanakan secara daring (Work From Home).
- Komputer atau laptop dengan kamera dan mikrofon yang berfungsi, serta koneksi internet stabil.
- KTP dan Kartu Pegawai asli untuk pencocokan identitas.
- Ruangan yang tenang dan cukup terang; Anda sendirian selama ujian.
- Masuk ke ruang pertemuan 15 menit sebelum ujian dimulai, dengan nama tampilan: NIP - Nama.
- Baca kembali Tata Cara Ujian dari panitia dan pantau grup WhatsApp peserta."""


def forward(apps, schema_editor):
    Service = apps.get_model("portal", "Service")
    Service.objects.filter(slug=SLUG, exam_preparation="").update(exam_preparation=PREPARATION)
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="Administrator").permissions.add(
        *Permission.objects.filter(
            content_type__app_label="portal", content_type__model="competencyunit"
        )
    )


class Migration(migrations.Migration):
    dependencies = [("portal", "0007_seat_assignment_units")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
