"""Documents issued before they took status-list indexes take them now, in the order they were
issued, per provider, after the certificates' (the same allocation as portal.credentials.status,
which a migration cannot import as it is)."""

from django.db import migrations

LIST_LENGTH = 131_072


def allocate(apps, schema_editor):
    IssuedDocument = apps.get_model("casework", "IssuedDocument")
    StatusList = apps.get_model("portal", "StatusList")
    waiting = (
        IssuedDocument.objects.filter(status_list__isnull=True, issued_at__isnull=False)
        .select_related("case__service")
        .order_by("issued_at", "pk")
    )
    lists = {}
    for document in waiting.iterator():
        provider_id = document.case.service.provider_id
        current = lists.get(provider_id)
        if current is None:
            current = StatusList.objects.filter(provider_id=provider_id).order_by(
                "-ordinal"
            ).first() or StatusList.objects.create(provider_id=provider_id, ordinal=1)
        if current.allocated >= LIST_LENGTH:
            current = StatusList.objects.create(
                provider_id=provider_id, ordinal=current.ordinal + 1
            )
        document.status_list_id, document.status_list_index = current.pk, current.allocated
        document.save(update_fields=["status_list", "status_list_index"])
        current.allocated += 1
        current.save(update_fields=["allocated"])
        lists[provider_id] = current


class Migration(migrations.Migration):
    # After portal 0039 (through 0003), which waits for the certificates' own allocation.
    dependencies = [("casework", "0003_issued_document_status_list")]

    operations = [migrations.RunPython(allocate, migrations.RunPython.noop)]
