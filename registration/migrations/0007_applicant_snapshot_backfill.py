"""Give every application past the draft the snapshot that submitting now takes.

Applications submitted before snapshots existed kept no record of the data the panel saw, so
their snapshot is taken from the candidate's profile as it is when this migration runs: the best
we have. For an application verified long ago the profile may since have been edited, so an
edit made before this migration can still reach that application's letter or certificate; from
this migration on, no later edit can. The certificate's own data check (candidate confirms,
officer corrects, officer validates) still stands between the snapshot and a signed certificate.

Submitting has always required a profile, so every submitted application's candidate has one;
should one be missing, the migration stops and names the candidate whose profile must be filled
in first, rather than invent the data that would be printed.
"""

from django.db import migrations

# registration.models.SNAPSHOT_FIELDS as it was when this migration was written.
FIELDS = (
    "title_prefix",
    "name",
    "title_suffix",
    "birth_place",
    "birth_date",
    "sex",
    "rank_id",
    "position",
    "level_id",
    "work_unit",
    "institution",
)


def backfill(apps, schema_editor):
    Application = apps.get_model("registration", "Application")
    ApplicantSnapshot = apps.get_model("registration", "ApplicantSnapshot")
    Profile = apps.get_model("registration", "Profile")
    pending = (
        Application.objects.filter(snapshot__isnull=True)
        .exclude(status="draft")
        .select_related("candidate")
        .order_by("pk")
    )
    for application in pending.iterator(chunk_size=1000):
        profile = Profile.objects.filter(user_id=application.candidate_id).first()
        if profile is None:
            raise RuntimeError(
                f"Pengajuan {application.public_id} (NIP {application.candidate.nip}) sudah "
                "diajukan tetapi pesertanya tidak memiliki profil. Isi profil peserta itu, lalu "
                "jalankan migrate lagi."
            )
        snapshot = ApplicantSnapshot.objects.create(
            application=application,
            submitted_at=application.submitted_at or application.created_at,
            nip=application.candidate.nip or "",
            **{field: getattr(profile, field) for field in FIELDS},
        )
        Application.objects.filter(pk=application.pk).update(snapshot=snapshot)


class Migration(migrations.Migration):
    dependencies = [("registration", "0006_applicant_snapshot")]

    # Going back drops the snapshots with 0006; nothing to undo here.
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
