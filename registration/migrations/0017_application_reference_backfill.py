"""Reference numbers for the applications submitted before they existed: in the order of their
submission (submitted_at, the latest one for a resubmitted application), per prefix and year,
and the sequences set to the last number given so new submissions continue after them."""

from django.db import migrations
from django.utils import timezone


def backfill(apps, schema_editor):
    Application = apps.get_model("registration", "Application")
    ReferenceSequence = apps.get_model("registration", "ReferenceSequence")
    last: dict[tuple[str, int], int] = {}
    submitted = (
        Application.objects.filter(reference__isnull=True, submitted_at__isnull=False)
        .select_related("service")
        .order_by("submitted_at", "pk")
    )
    for application in submitted:
        key = (
            application.service.reference_prefix,
            timezone.localtime(application.submitted_at).year,
        )
        last[key] = last.get(key, 0) + 1
        application.reference = f"{key[0]}-{key[1]}-{last[key]:06d}"
        application.save(update_fields=["reference"])
    for (prefix, year), number in last.items():
        sequence, _ = ReferenceSequence.objects.get_or_create(prefix=prefix, year=year)
        if sequence.last < number:
            sequence.last = number
            sequence.save(update_fields=["last"])


def forget(apps, schema_editor):
    apps.get_model("registration", "Application").objects.update(reference=None)
    apps.get_model("registration", "ReferenceSequence").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("registration", "0016_application_reference"),
        ("portal", "0037_service_reference_prefix"),
    ]

    operations = [migrations.RunPython(backfill, forget)]
