"""A document signed in an office prints the name of the person appointed to it, and only that
person signs (portal.roles.signing_office). Where a provider's signing office names no account
yet and exactly one person holds the signing role there, that person is the one who has been
signing: appoint them, so signing goes on. With several holders the administrator chooses."""

from django.db import migrations

SIGNING = "signing"
SIGNING_OFFICIAL = "Pejabat Penandatangan"


def appoint_sole_holders(apps, schema_editor):
    ProviderOfficial = apps.get_model("portal", "ProviderOfficial")
    StaffRole = apps.get_model("portal", "StaffRole")
    for provider_id in (
        ProviderOfficial.objects.filter(duty=SIGNING)
        .values_list("provider_id", flat=True)
        .distinct()
    ):
        offices = ProviderOfficial.objects.filter(provider_id=provider_id, duty=SIGNING)
        if offices.filter(user__isnull=False).exists():
            continue
        holders = list(
            StaffRole.objects.filter(
                provider_id=provider_id, role=SIGNING_OFFICIAL, service__isnull=True
            ).values_list("user_id", flat=True)
        )
        if len(holders) == 1:
            office = offices.order_by("order", "pk").first()
            office.user_id = holders[0]
            office.save(update_fields=["user"])


class Migration(migrations.Migration):
    dependencies = [("portal", "0033_ipasn_roles_and_steps")]

    operations = [migrations.RunPython(appoint_sole_holders, migrations.RunPython.noop)]
