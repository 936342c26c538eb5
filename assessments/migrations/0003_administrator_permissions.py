"""The Administrator group looks at an institution's assessment records in the admin and
changes the report limits (ReportLimit, the provider's standard); the admin classes scope every
row to the administrator's providers (assessments.admin)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW = [
    "engagement",
    "agreement",
    "participant",
    "intakesession",
    "invoice",
    "paymentproof",
    "report",
    "reportlimit",
]
CHANGE = ["reportlimit"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    administrator = Group.objects.filter(name="Administrator").first()
    if administrator is None:
        return
    codenames = [f"view_{model}" for model in VIEW] + [f"change_{model}" for model in CHANGE]
    administrator.permissions.add(
        *Permission.objects.filter(content_type__app_label="assessments", codename__in=codenames)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    administrator = Group.objects.filter(name="Administrator").first()
    if administrator is None:
        return
    codenames = [f"view_{model}" for model in VIEW] + [f"change_{model}" for model in CHANGE]
    administrator.permissions.remove(
        *Permission.objects.filter(content_type__app_label="assessments", codename__in=codenames)
    )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_seed_004"), ("portal", "0031_institution_assessment")]

    operations = [migrations.RunPython(grant, revoke)]
