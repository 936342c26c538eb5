"""Certificates numbered before status lists existed take their indexes now, in the order they
were issued, per provider (the same allocation as certificates.credentials.status, which this
migration cannot import as it is)."""

from django.db import migrations

LIST_LENGTH = 131_072


def allocate(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    StatusList = apps.get_model("certificates", "StatusList")
    waiting = (
        Certificate.objects.filter(status_list__isnull=True)
        .exclude(number="")
        .select_related("application__service")
        .order_by("issued_at", "pk")
    )
    lists = {}
    for certificate in waiting.iterator():
        provider_id = certificate.application.service.provider_id
        current = lists.get(provider_id)
        if current is None:
            current = StatusList.objects.filter(provider_id=provider_id).order_by(
                "-ordinal"
            ).first() or StatusList.objects.create(provider_id=provider_id, ordinal=1)
        if current.allocated >= LIST_LENGTH:
            current = StatusList.objects.create(
                provider_id=provider_id, ordinal=current.ordinal + 1
            )
        certificate.status_list_id, certificate.status_list_index = current.pk, current.allocated
        certificate.save(update_fields=["status_list", "status_list_index"])
        current.allocated += 1
        current.save(update_fields=["allocated"])
        lists[provider_id] = current


class Migration(migrations.Migration):
    dependencies = [("certificates", "0008_credential_keys_and_status_lists")]

    operations = [migrations.RunPython(allocate, migrations.RunPython.noop)]
