"""The letters of an application's reference number per service; the librarian exam's are UKP,
the letters its certificates carry (UKP/2026/000123), so a candidate sees one name throughout."""

import django.core.validators
from django.db import migrations, models

LIBRARIAN_EXAM = "uji-kompetensi-pustakawan"


def librarian_exam_prefix(apps, schema_editor):
    apps.get_model("portal", "Service").objects.filter(slug=LIBRARIAN_EXAM).update(
        reference_prefix="UKP"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0036_service_objection_days"),
    ]

    operations = [
        migrations.AddField(
            model_name="service",
            name="reference_prefix",
            field=models.CharField(
                default="PGJ",
                help_text="Huruf di depan nomor pengajuan peserta, misalnya UKP pada "
                "UKP-2026-000123.",
                max_length=8,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[A-Z]{2,8}$", "Gunakan 2 sampai 8 huruf kapital, misalnya UKP."
                    )
                ],
                verbose_name="awalan nomor pengajuan",
            ),
        ),
        migrations.RunPython(librarian_exam_prefix, migrations.RunPython.noop),
    ]
