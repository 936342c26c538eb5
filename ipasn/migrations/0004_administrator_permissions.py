"""The Administrator group looks at the IP-ASN reports' records in the admin and edits the
scoring tables (dimensions, scoring-table entries, categories); the admin classes scope every
row to the administrator's providers (ipasn.admin)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW = [
    "report",
    "recapentry",
    "routing",
    "pause",
    "agencysummary",
    "scoringdimension",
    "scorerule",
    "indexcategory",
]
CHANGE = ["scoringdimension", "scorerule", "indexcategory"]


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"view_{model}" for model in VIEW] + [f"change_{model}" for model in CHANGE]
    return Permission.objects.filter(content_type__app_label="ipasn", codename__in=codenames)


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    administrator = Group.objects.filter(name="Administrator").first()
    if administrator is None:
        return
    administrator.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    administrator = Group.objects.filter(name="Administrator").first()
    if administrator is None:
        return
    administrator.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [("ipasn", "0003_scoring_tables")]

    operations = [migrations.RunPython(grant, revoke)]
