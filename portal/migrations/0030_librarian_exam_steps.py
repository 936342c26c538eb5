"""The librarian exam's workflow as ServiceStep rows (issue 15): the stages its applications and
certificates already go through, now also as data the engine knows. Nothing runs differently:
registration, verification, scheduling and certificates keep their own states, and
registration.steps / certificates.steps map each state to its step here.

Where seed 000 states a step, the row cites it; the steps the portal added are the provider's.
Limits follow the service's time-limit rows (portal.ServiceTimeLimit) where they exist, which a
provider may have edited since: verification (5 working days, the portal's, not the seed's),
data validation (2), issuance (1), legalisation and digitisation (1). Seed 000 calls the
disposition, the signature and the shipping "Tentatif": no limit.

Scheduling: Service.seat_assignment says whether candidates choose their session or the
committee assigns one; either way the Panitia Penjadwalan opens the sessions and answers for the
step, so it is the step's actor.
"""

from django.db import migrations

LIBRARIAN_EXAM = "uji-kompetensi-pustakawan"
SEED_000 = "Laman Layanan Uji Kompetensi Pustakawan, Perpustakaan Nasional RI"
PROCEDURE = SEED_000 + ", prosedur butir 3"
RESULTS = SEED_000 + ", prosedur butir 5"
CERTIFICATE = SEED_000 + ", Penerbitan Sertifikat, butir %d"

CERTIFICATE_PRODUCT = "Sertifikat Kompetensi Pustakawan"

# (kind, name, actor, product, the ServiceTimeLimit stage of its limit, source reference or
# "" for a step the portal added). The source's own words where it names the step.
STEPS = [
    (
        "submission",
        "Pendaftaran online dan unggah berkas persyaratan",
        "applicant",
        "",
        "",
        PROCEDURE,
    ),
    ("verification", "Verifikasi berkas", "Tim Verifikasi", "", "verification", PROCEDURE),
    ("scheduling", "Penentuan jadwal", "Panitia Penjadwalan", "", "", PROCEDURE),
    ("exam", "Proses ujian (daring/WFH)", "Asesor", "", "", PROCEDURE),
    ("assessment", "Hasil kelulusan", "Asesor", "", "", RESULTS),
    (
        "verification",
        "Validasi data yang melekat pada sertifikat",
        "Petugas Sertifikat",
        "",
        "data_validation",
        CERTIFICATE % 1,
    ),
    (
        "issuance",
        "Penerbitan sertifikat",
        "Petugas Sertifikat",
        CERTIFICATE_PRODUCT,
        "issuance",
        CERTIFICATE % 2,
    ),
    (
        "approval",
        "Disposisi penerbitan sertifikat (khusus untuk yang naik jenjang Pustakawan Ahli Madya "
        "ke Pustakawan Ahli Utama)",
        "Pejabat BKPSDM",
        "",
        "",
        CERTIFICATE % 3,
    ),
    (
        "approval",
        "Tanda tangan sertifikat oleh pejabat yang berwenang",
        "Pejabat Penandatangan",
        CERTIFICATE_PRODUCT,
        "",
        CERTIFICATE % 4,
    ),
    (
        "issuance",
        "Alih media dan legalisir sertifikat",
        "Petugas Sertifikat",
        "Salinan sertifikat terlegalisir",
        "legalisation",
        CERTIFICATE % 5,
    ),
    (
        "handover",
        "Pengiriman sertifikat (lamanya disesuaikan tempat tujuan)",
        "Petugas Sertifikat",
        CERTIFICATE_PRODUCT,
        "",
        CERTIFICATE % 6,
    ),
]


def enter(apps, schema_editor):
    Service = apps.get_model("portal", "Service")
    ServiceStep = apps.get_model("portal", "ServiceStep")
    ServiceTimeLimit = apps.get_model("portal", "ServiceTimeLimit")
    service = Service.objects.filter(slug=LIBRARIAN_EXAM).first()
    if service is None or ServiceStep.objects.filter(service=service).exists():
        return  # a provider who entered its steps already keeps them
    days = dict(
        ServiceTimeLimit.objects.filter(service=service).values_list("stage", "working_days")
    )
    for order, (kind, name, actor, product, stage, reference) in enumerate(STEPS, 1):
        limit = days.get(stage) if stage else None
        ServiceStep.objects.create(
            service=service,
            order=order,
            kind=kind,
            name=name,
            actor=actor,
            product=product,
            limit_unit="working_days" if limit is not None else "",
            limit_amount=limit,
            origin="source" if reference else "provider",
            source_reference=reference,
        )


def remove(apps, schema_editor):
    apps.get_model("portal", "ServiceStep").objects.filter(service__slug=LIBRARIAN_EXAM).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0024_seed_002_workflow")]

    operations = [migrations.RunPython(enter, remove)]
