"""The librarian exam's purposes and disposition rule as its data (issue 15): what
registration.constants.ExamPurpose and certificates.services.DISPOSITION_LEVELS held in code.

Seed 000, "PENERBITAN SERTIFIKAT", row 3: "Disposisi penerbitan sertifikat (khusus untuk yang
naik Jenjang Pustakawan Ahli Madya ke Pustakawan Ahli Utama)". The four purposes are those the
application form offered (the seed's data validation names "Tujuan Uji Kompetensi" only).
"""

from django.db import migrations

LIBRARIAN_EXAM = "uji-kompetensi-pustakawan"

# (code, name): the values and labels of ExamPurpose, in its order.
PURPOSES = [
    ("kenaikan_jenjang", "Kenaikan jenjang"),
    ("perpindahan", "Perpindahan dari jabatan lain"),
    ("alih_kategori", "Alih kategori"),
    ("pengangkatan_pertama", "Pengangkatan pertama"),
]

DISPOSITION = [("ahli-madya", "ahli-utama")]


def enter(apps, schema_editor):
    Service = apps.get_model("portal", "Service")
    Level = apps.get_model("registration", "Level")
    ServicePurpose = apps.get_model("registration", "ServicePurpose")
    DispositionRule = apps.get_model("registration", "DispositionRule")
    service = Service.objects.filter(slug=LIBRARIAN_EXAM).first()
    if service is None:
        return
    for order, (code, name) in enumerate(PURPOSES, 1):
        ServicePurpose.objects.update_or_create(
            service=service, code=code, defaults={"name": name, "order": order}
        )
    levels = {level.code: level for level in Level.objects.all()}
    for from_code, to_code in DISPOSITION:
        if from_code in levels and to_code in levels:
            DispositionRule.objects.get_or_create(
                service=service, from_level=levels[from_code], to_level=levels[to_code]
            )


def remove(apps, schema_editor):
    apps.get_model("registration", "ServicePurpose").objects.filter(
        service__slug=LIBRARIAN_EXAM
    ).delete()
    apps.get_model("registration", "DispositionRule").objects.filter(
        service__slug=LIBRARIAN_EXAM
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("registration", "0011_service_purposes_and_disposition_rules")]

    operations = [migrations.RunPython(enter, remove)]
