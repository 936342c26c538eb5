"""Until providers, a staff role was a Django group, and every staff member worked the librarian
exam, the one service the portal had: each group member now holds that role at the exam's
provider (Pusat Pembinaan Pustakawan, seeds 000 and 001). The groups stay: they carry the
roles' admin permissions and follow the StaffRole rows from now on."""

from django.db import migrations

LIBRARIAN_EXAM = "uji-kompetensi-pustakawan"
ROLE_GROUPS = (
    "Tim Verifikasi",
    "Panitia Penjadwalan",
    "Asesor",
    "Pejabat BKPSDM",
    "Petugas Sertifikat",
    "Pejabat Penandatangan",
    "Tim Pengelola Pengaduan",
    "Administrator",
)


def roles_from_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Service = apps.get_model("portal", "Service")
    StaffRole = apps.get_model("portal", "StaffRole")
    service = Service.objects.filter(slug=LIBRARIAN_EXAM).first()
    if service is None:
        return
    rows = []
    for group in Group.objects.filter(name__in=ROLE_GROUPS):
        for user_id in group.user_set.values_list("pk", flat=True):
            rows.append(
                StaffRole(user_id=user_id, provider_id=service.provider_id, role=group.name)
            )
    StaffRole.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("portal", "0020_staff_roles")]

    operations = [migrations.RunPython(roles_from_groups, migrations.RunPython.noop)]
