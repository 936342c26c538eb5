"""Seed 002 (Standar Pelayanan Sertifikasi Profesi bagi Pegawai Negeri Sipil, BKPSDM) as a
workflow the engine runs: its twelve requirements with who provides each, its steps with the
role that acts, its completion limit, who may apply (any PNS with a valid NIP, proposed by the
Perangkat Daerah or by themself), and the librarian exam's eligibility (its registry)."""

from django.db import migrations

SLUG = "sertifikasi-profesi-pns"
LIBRARIAN_EXAM = "uji-kompetensi-pustakawan"
SEED_002 = "Standar Pelayanan Sertifikasi Profesi bagi Pegawai Negeri Sipil, BKPSDM"

PDF, JPEG, PNG = "pdf", "jpeg", "png"

# (code, name as the seed writes it, provided by, fulfilment, kinds, photo)
REQUIREMENTS = [
    (
        "proposal-penyelenggara",
        "Surat Permohonan Proposal dari Penyelenggara Kegiatan Pelatihan dan Uji Kompetensi "
        "Profesi kepada PD",
        "organiser",
        "upload",
        [PDF],
        False,
    ),
    (
        "surat-usulan-pd",
        "Surat Permohonan Surat usulan dari perangkat daerah/unit kerja",
        "institution",
        "upload",
        [PDF],
        False,
    ),
    (
        "surat-permohonan-peserta",
        "Surat Permohonan mengikuti seleksi Sertifikasi Profesi Bagi Pegawai Negeri Sipil kepada "
        "Kepala PD",
        "applicant",
        "upload",
        [PDF],
        False,
    ),
    ("sk-pangkat", "Fotokopi SK Pangkat terakhir", "applicant", "upload", [PDF], False),
    ("sk-jabatan", "Fotokopi SK Jabatan terakhir", "applicant", "upload", [PDF], False),
    ("skp", "Sasaran Kinerja Pegawai (SKP) terakhir", "applicant", "upload", [PDF], False),
    ("pas-foto", "Pas foto terbaru", "applicant", "upload", [JPEG, PNG], True),
    (
        "portofolio",
        "Dokumen pendukung kompetensi/portofolio",
        "applicant",
        "upload",
        [PDF],
        False,
    ),
    ("formulir-pendaftaran", "Formulir pendaftaran", "applicant", "portal_form", [PDF], False),
    (
        "rekomendasi-kepala-pd",
        "Surat Rekomendasi dari Kepala PD",
        "institution",
        "upload",
        [PDF],
        False,
    ),
    (
        "rekomendasi-sekda",
        "Surat Rekomendasi dari Sekretaris Daerah",
        "institution",
        "upload",
        [PDF],
        False,
    ),
    (
        "pernyataan-keabsahan",
        "Surat pernyataan keabsahan berkas dari Kepala PD /atasan langsung",
        "institution",
        "upload",
        [PDF],
        False,
    ),
]

# (kind, name as the seed writes it, actor, product, starts the completion clock, from source)
STEPS = [
    (
        "submission",
        "Pemohon menyampaikan berkas usulan Pelatihan dan Uji Kompetensi Profesi",
        "institution",
        "",
        False,
        True,
    ),
    (
        "completeness_check",
        "Petugas melakukan pemeriksaan kelengkapan berkas",
        "Tim Verifikasi",
        "",
        False,
        True,
    ),
    (
        "verification",
        "Verifikasi administrasi dan substantif oleh BKPSDM",
        "Tim Verifikasi",
        "",
        True,
        True,
    ),
    (
        "decision",
        "Penetapan Peserta Penyelenggara Kegiatan Pelatihan dan Uji Kompetensi Profesi",
        "Pejabat Penandatangan",
        "",
        False,
        True,
    ),
    (
        "exam",
        "Pelaksanaan uji kompetensi Profesi yang di tetapkan oleh LSP/Asessor",
        "Asesor",
        "",
        False,
        True,
    ),
    (
        "assessment",
        "Penilaian hasil uji kompetensi Profesi oleh Asessor",
        "Asesor",
        "",
        False,
        True,
    ),
    (
        "external_product",
        "Penerbitan sertifikat LSP",
        "Petugas Sertifikat",
        "Sertifikat Kompetensi Profesi",
        False,
        True,
    ),
    # Product 2 of the standard; the standard names no step for it, so this step is the
    # provider's (marked so on the standard page).
    (
        "issuance",
        "Penerbitan Surat Keterangan Hasil Uji Kompetensi",
        "Pejabat Penandatangan",
        "Surat Keterangan Hasil Uji Kompetensi",
        False,
        False,
    ),
    (
        "handover",
        "Penyerahan sertifikat oleh petugas BKPSDM ke peserta",
        "Petugas Sertifikat",
        "",
        False,
        True,
    ),
]


def seed(apps, schema_editor):
    Service = apps.get_model("portal", "Service")
    Requirement = apps.get_model("portal", "Requirement")
    ServiceStep = apps.get_model("portal", "ServiceStep")
    ServiceCompletionLimit = apps.get_model("portal", "ServiceCompletionLimit")
    Service.objects.filter(slug=LIBRARIAN_EXAM).update(eligibility="librarian_registry")
    service = Service.objects.filter(slug=SLUG).first()
    if service is None:
        return
    service.eligibility = "pns_nip"
    service.applicant_kind = "institution"
    if not service.online_flow:
        service.online_flow = "casework"
    service.save(update_fields=["eligibility", "applicant_kind", "online_flow"])
    reference = SEED_002 + ", persyaratan"
    for order, (code, name, provided_by, fulfilment, kinds, photo) in enumerate(REQUIREMENTS, 1):
        Requirement.objects.update_or_create(
            service=service,
            code=code,
            defaults={
                "order": order,
                "name": name,
                "provided_by": provided_by,
                "fulfilment": fulfilment,
                "accepted_kinds": kinds,
                "is_photo": photo,
                "max_size_kb": 2048,
                "origin": "source",
                "source_reference": f"{reference} butir {order}",
            },
        )
    for order, (kind, name, actor, product, starts_clock, from_source) in enumerate(STEPS, 1):
        ServiceStep.objects.update_or_create(
            service=service,
            order=order,
            defaults={
                "kind": kind,
                "name": name,
                "actor": actor,
                "product": product,
                "starts_completion_clock": starts_clock,
                "origin": "source" if from_source else "provider",
                "source_reference": (
                    SEED_002 + ", sistem, mekanisme dan prosedur" if from_source else ""
                ),
            },
        )
    # "Maksimal 14 (empat belas) sampai dengan 30 (tiga puluh) hari kerja sejak berkas
    # dinyatakan lengkap dan benar".
    ServiceCompletionLimit.objects.update_or_create(
        service=service,
        defaults={
            "limit_unit": "working_days",
            "limit_amount": 14,
            "limit_maximum": 30,
            "limit_anchor": "since",
            "limit_event": "berkas dinyatakan lengkap dan benar",
            "origin": "source",
            "source_reference": SEED_002 + ", jangka waktu penyelesaian",
        },
    )


def unseed(apps, schema_editor):
    ServiceStep = apps.get_model("portal", "ServiceStep")
    Requirement = apps.get_model("portal", "Requirement")
    ServiceCompletionLimit = apps.get_model("portal", "ServiceCompletionLimit")
    Service = apps.get_model("portal", "Service")
    ServiceStep.objects.filter(service__slug=SLUG).delete()
    ServiceCompletionLimit.objects.filter(service__slug=SLUG).delete()
    Requirement.objects.filter(service__slug=SLUG, code__in=[r[0] for r in REQUIREMENTS]).delete()
    Service.objects.filter(slug=SLUG, online_flow="casework").update(online_flow="")


class Migration(migrations.Migration):
    dependencies = [("portal", "0023_workflow_steps")]

    operations = [migrations.RunPython(seed, unseed)]
