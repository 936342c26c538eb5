"""Seed 004 (LAN's Pelayanan Penilaian Kompetensi Metode Sederhana di Luar Kantor) as a service
the portal runs: its steps with who acts (portal.ServiceStep), its fee as a number per
participant, its report limits per purpose (assessments.ReportLimit) and its online flow."""

from decimal import Decimal

from django.db import migrations

SLUG = "penilaian-kompetensi-lan"
SEED_004 = "Laman Pelayanan Penilaian Kompetensi, Lembaga Administrasi Negara"
PROCEDURE = SEED_004 + ", prosedur butir %s"

# (kind, name as the seed writes it, actor, product, procedure items, limit)
STEPS = [
    (
        "cooperation",
        "Instansi pemohon mengajukan permohonan kerjasama penyelenggaraan penilaian kompetensi "
        "kepada Kepala Puslatbang PKASN LAN",
        "institution",
        "",
        "1",
        None,
    ),
    (
        "approval",
        "Instansi pemohon menerima jawaban permohonan kerjasama penyelenggaraan penilaian "
        "kompetensi dari Kepala Puslatbang PKASN LAN",
        "Pejabat Penandatangan",
        "Jawaban permohonan kerja sama",
        "2",
        None,
    ),
    (
        "agreement",
        "Instansi pemohon berkoordinasi dengan Kepala Balai Layanan Pemetaan Kompetensi/Pejabat "
        "yang ditunjuk sebagai bahan penyusunan Surat Perjanjian Kerja sama (SPK); SPK "
        "ditandatangani kedua pihak",
        "institution",
        "Surat Perjanjian Kerja sama (SPK)",
        "3",
        # "SPK ditandatangani paling lambat 5 (lima) hari sebelum kegiatan penilaian kompetensi":
        # the source says "hari"; the portal counts working days.
        ("working_days", 5, "before", "kegiatan penilaian kompetensi"),
    ),
    (
        "participant_list",
        "Instansi Pemohon mengirimkan daftar calon peserta (Asesi) yang akan mengikuti kegiatan "
        "penilaian kompetensi ke Balai Layanan Pemetaan Kompetensi",
        "institution",
        "",
        "4",
        None,
    ),
    (
        "scheduling",
        "Balai Layanan Pemetaan Kompetensi melakukan penyiapan pelaksanaan pengambilan data "
        "(intake) penilaian kompetensi dan menyampaikan rencana pelaksanaan intake kepada "
        "Instansi Pemohon",
        "Panitia Penjadwalan",
        "",
        "5, 6",
        None,
    ),
    (
        "e_registration",
        "Asesi melakukan pendaftaran (e-registrasi), mengisi dokumen formulir Daftar Riwayat "
        "Hidup dan Kuesioner, dan registrasi ulang bagi yang belum melengkapi persyaratan",
        "applicant",
        "",
        "9, 10",
        None,
    ),
    (
        "exam",
        "Pelaksanaan pengambilan data (intake) penilaian kompetensi oleh Tim Penilaian "
        "Kompetensi, luring di lokasi instansi atau daring melalui e-Assessment dan video "
        "conference",
        "Asesor",
        "",
        "7, 8, 9, 11",
        None,
    ),
    (
        "payment",
        "Instansi Pemohon melakukan pembayaran biaya Penilaian Kompetensi ke rekening Bendahara "
        "Penerima Puslatbang PKASN LAN sesuai dengan jangka waktu yang telah ditetapkan dalam "
        "SPK",
        "institution",
        "",
        "12",
        None,
    ),
    (
        "report",
        "Instansi Pemohon menerima Laporan Hasil Penilaian Kompetensi sesuai dengan jangka waktu "
        "yang telah disepakati dalam dokumen SPK",
        "Pejabat Penandatangan",
        "Laporan Penilaian Kompetensi (Laporan Seleksi Jabatan & Laporan Pemetaan Jabatan)",
        "13",
        None,
    ),
]

TIME_LIMITS = SEED_004 + ", jangka waktu penyelesaian"
# (purpose, kind, counts from, working days, event as written, order)
REPORT_LIMITS = [
    ("selection", "summary", "intake", 10, "pengambilan data", 1),
    ("selection", "full", "summary_delivered", 15, "laporan ringkas diserahkan", 2),
    ("selection", "individual", "summary_delivered", 15, "laporan ringkas diserahkan", 3),
    ("mapping", "mapping", "intake", 25, "pengambilan data", 1),
]


def seed(apps, schema_editor):
    Service = apps.get_model("portal", "Service")
    ServiceStep = apps.get_model("portal", "ServiceStep")
    ReportLimit = apps.get_model("assessments", "ReportLimit")
    service = Service.objects.filter(slug=SLUG).first()
    if service is None:
        return
    service.fee_per_participant = Decimal(3_200_000)  # "Rp. 3.200.000,- per Peserta."
    service.applicant_kind = "institution"
    service.free_of_charge = False
    fields = ["fee_per_participant", "applicant_kind", "free_of_charge"]
    if not service.online_flow:
        service.online_flow = "institution_assessment"
        fields.append("online_flow")
    service.save(update_fields=fields)
    for order, (kind, name, actor, product, items, limit) in enumerate(STEPS, 1):
        defaults = {
            "kind": kind,
            "name": name,
            "actor": actor,
            "product": product,
            "origin": "source",
            "source_reference": PROCEDURE % items,
        }
        if limit is not None:
            unit, amount, anchor, event = limit
            defaults |= {
                "limit_unit": unit,
                "limit_amount": amount,
                "limit_anchor": anchor,
                "limit_event": event,
                "source_reference": SEED_004
                + ', persyaratan ("paling lambat 5 (lima) hari sebelum kegiatan"; portal '
                "menghitungnya dalam hari kerja)",
            }
        ServiceStep.objects.update_or_create(service=service, order=order, defaults=defaults)
    for purpose, kind, counts_from, days, event, order in REPORT_LIMITS:
        ReportLimit.objects.update_or_create(
            service=service,
            purpose=purpose,
            kind=kind,
            defaults={
                "counts_from": counts_from,
                "order": order,
                "limit_unit": "working_days",
                "limit_amount": days,
                "limit_anchor": "since",
                "limit_event": event,
                "origin": "source",
                "source_reference": TIME_LIMITS,
            },
        )


def unseed(apps, schema_editor):
    Service = apps.get_model("portal", "Service")
    ServiceStep = apps.get_model("portal", "ServiceStep")
    ReportLimit = apps.get_model("assessments", "ReportLimit")
    ServiceStep.objects.filter(service__slug=SLUG).delete()
    ReportLimit.objects.filter(service__slug=SLUG).delete()
    Service.objects.filter(slug=SLUG, online_flow="institution_assessment").update(
        online_flow="", fee_per_participant=None
    )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial"), ("portal", "0031_institution_assessment")]

    operations = [migrations.RunPython(seed, unseed)]
