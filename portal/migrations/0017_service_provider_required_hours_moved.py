"""Every service has its provider now (0015): the link becomes required, and the services' own
hours table goes (its rows were moved to their providers), with its content type: the
administrator group's permissions on it would otherwise outlive it."""

import django.db.models.deletion
from django.db import migrations, models


def forget_service_hours(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="portal", model="servicehours").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0016_seed_providers"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterField(
            model_name="service",
            name="provider",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="services",
                to="portal.provider",
                verbose_name="penyelenggara",
            ),
        ),
        migrations.DeleteModel(name="ServiceHours"),
        migrations.RunPython(forget_service_hours, migrations.RunPython.noop),
    ]
