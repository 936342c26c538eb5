"""Every complaint belongs to a provider: its service's, or, for a complaint about no particular
service, the Pusat Pembinaan Pustakawan (the only agency the portal served until now, and the
default provider, settings.PORTAL_DEFAULT_PROVIDER)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

import portal.providers

DEFAULT_PROVIDER = "pusat-pembinaan-pustakawan"


def fill(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    Provider = apps.get_model("portal", "Provider")
    Service = apps.get_model("portal", "Service")
    Complaint.objects.filter(service__isnull=False).update(
        provider=Subquery(Service.objects.filter(pk=OuterRef("service_id")).values("provider_id"))
    )
    default = Provider.objects.filter(slug=DEFAULT_PROVIDER).first()
    if default is not None:
        Complaint.objects.filter(provider__isnull=True).update(provider=default)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0002_surveyresponse_moves_to_survey"),
        ("portal", "0017_service_provider_required_hours_moved"),
    ]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="provider",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="complaints",
                to="portal.provider",
                verbose_name="penyelenggara",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="complaint",
            name="provider",
            field=models.ForeignKey(
                default=portal.providers.provider_default_pk,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="complaints",
                to="portal.provider",
                verbose_name="penyelenggara",
            ),
        ),
    ]
