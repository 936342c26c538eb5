"""The Administrator group may look at the roles (groups) but no longer add, change or delete
them: with auth.change_group an Administrator could give its own group every permission. Only
superusers change roles and their permissions (registration.admin.GroupAdmin enforces it too)."""

from django.db import migrations

WITHDRAWN = ["add_group", "change_group", "delete_group"]


def _permissions(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    administrator = Group.objects.filter(name="Administrator").first()
    withdrawn = Permission.objects.filter(
        content_type__app_label="auth", content_type__model="group", codename__in=WITHDRAWN
    )
    return administrator, withdrawn


def withdraw(apps, schema_editor):
    administrator, withdrawn = _permissions(apps)
    if administrator is not None:
        administrator.permissions.remove(*withdrawn)


def restore(apps, schema_editor):
    administrator, withdrawn = _permissions(apps)
    if administrator is not None:
        administrator.permissions.add(*withdrawn)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0012_seal_sensitive_mail_stored_before"),
    ]

    operations = [migrations.RunPython(withdraw, restore)]
