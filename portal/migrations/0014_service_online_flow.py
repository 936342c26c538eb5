"""Which service each online flow of the portal serves, as catalogue data: the candidates'
application (/pengajuan/) is for the librarian exam. It was the slug "uji-kompetensi-pustakawan"
written in the code."""

from django.db import migrations, models

LIBRARIAN_EXAM = "uji-kompetensi-pustakawan"


def librarian_exam_online(apps, schema_editor):
    Service = apps.get_model("portal", "Service")
    Service.objects.filter(slug=LIBRARIAN_EXAM).update(online_flow="candidate_application")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0013_administrator_group_views_roles_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="service",
            name="online_flow",
            field=models.CharField(
                blank=True,
                choices=[("candidate_application", "Pengajuan peserta (halaman Pengajuan)")],
                help_text="Alur pengajuan di portal ini yang melayani layanan ini; kosongkan bila layanan diajukan sesuai prosedurnya di luar portal. Satu alur hanya untuk satu layanan.",
                max_length=32,
                verbose_name="pengajuan daring",
            ),
        ),
        migrations.AddConstraint(
            model_name="service",
            constraint=models.UniqueConstraint(
                condition=models.Q(("online_flow", ""), _negated=True),
                fields=("online_flow",),
                name="service_online_flow_unique",
                violation_error_message="Alur pengajuan daring ini sudah dipakai layanan lain. Kosongkan dahulu pengajuan daring pada layanan itu, lalu simpan lagi.",
            ),
        ),
        migrations.RunPython(librarian_exam_online, migrations.RunPython.noop),
    ]
