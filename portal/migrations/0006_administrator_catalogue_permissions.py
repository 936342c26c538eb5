"""The administrator group also maintains the service catalogue, closures and revision reasons."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = [
    ("portal", "service"),
    ("portal", "servicetimelimit"),
    ("portal", "servicehours"),
    ("portal", "requirement"),
    ("portal", "closure"),
    ("verification", "revisionreason"),
]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    administrator = Group.objects.get(name="Administrator")
    for app_label, model in MODELS:
        administrator.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, content_type__model=model)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0005_librarian_exam_service"),
        ("verification", "0002_revision_reasons"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
