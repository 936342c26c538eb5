"""The levels the librarian exam examines: every librarian level (registration.Level), as the
application form offered them all before levels were per service (issue 15)."""

from django.db import migrations

LIBRARIAN_EXAM = "uji-kompetensi-pustakawan"


def enter(apps, schema_editor):
    Service = apps.get_model("portal", "Service")
    Level = apps.get_model("registration", "Level")
    ServiceLevel = apps.get_model("registration", "ServiceLevel")
    service = Service.objects.filter(slug=LIBRARIAN_EXAM).first()
    if service is None:
        return
    for level in Level.objects.all():
        ServiceLevel.objects.get_or_create(service=service, level=level)


def remove(apps, schema_editor):
    apps.get_model("registration", "ServiceLevel").objects.filter(
        service__slug=LIBRARIAN_EXAM
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("registration", "0013_service_levels")]

    operations = [migrations.RunPython(enter, remove)]
