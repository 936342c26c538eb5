"""One Django group per staff role; the administrator group may manage the registry and users."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = [
    "Tim Verifikasi",
    "Panitia Penjadwalan",
    "Asesor",
    "Pejabat BKPSDM",
    "Petugas Sertifikat",
    "Pejabat Penandatangan",
    "Tim Pengelola Pengaduan",
    "Administrator",
]

ADMINISTRATOR_MODELS = [
    ("registration", "librarian"),
    ("registration", "user"),
    ("registration", "rank"),
    ("registration", "level"),
    ("auth", "group"),
    ("account", "emailaddress"),
    ("portal", "outboundemail"),
    ("portal", "event"),
]


def create(apps, schema_editor):
    # Permissions are normally created after migrate; the administrator group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    administrator = Group.objects.get(name="Administrator")
    for app_label, model in ADMINISTRATOR_MODELS:
        administrator.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, content_type__model=model)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_initial"),
        ("registration", "0002_ranks_and_levels"),
        ("account", "0009_emailaddress_unique_primary_email"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
