"""The librarian competency exam (seed 000) as a configured service with its nine documents."""

from datetime import time

from django.db import migrations

SLUG = "uji-kompetensi-pustakawan"

REQUIREMENTS = [
    # code, name, help text, kinds, max KB, is photo
    (
        "pas-foto",
        "Pas foto berwarna 3 × 4",
        "Foto berwarna terbaru dengan latar belakang berwarna, tegak (perbandingan 3 × 4), "
        "minimal 300 × 400 piksel. Foto ini dicetak pada sertifikat.",
        ["jpeg", "png"],
        1024,
        True,
    ),
    (
        "ktp",
        "Salinan KTP",
        "Pindai atau foto KTP asli; seluruh tulisan harus terbaca.",
        ["pdf", "jpeg", "png"],
        2048,
        False,
    ),
    (
        "kartu-pegawai",
        "Salinan Kartu Pegawai",
        "Kartu Pegawai (Karpeg) atau KPE.",
        ["pdf", "jpeg", "png"],
        2048,
        False,
    ),
    (
        "sk-jabatan",
        "Salinan SK pengangkatan dalam jabatan terakhir",
        "SK pengangkatan dalam jabatan fungsional terakhir, seluruh halaman.",
        ["pdf"],
        2048,
        False,
    ),
    (
        "sk-pangkat",
        "Salinan SK kenaikan pangkat dan golongan terakhir",
        "SK kenaikan pangkat/golongan terakhir, seluruh halaman.",
        ["pdf"],
        2048,
        False,
    ),
    ("pak", "Salinan PAK terakhir", "Penetapan Angka Kredit (PAK) terakhir.", ["pdf"], 2048, False),
    (
        "rekomendasi-tim-penilai",
        "Surat rekomendasi dari Tim Penilai",
        "Surat rekomendasi yang ditandatangani Tim Penilai.",
        ["pdf"],
        2048,
        False,
    ),
    (
        "surat-usulan",
        "Surat usulan dari pejabat yang berwenang",
        "Gunakan format pada Lampiran Peraturan Kepala Perpustakaan Nasional Nomor 17 Tahun 2021.",
        ["pdf"],
        2048,
        False,
    ),
    (
        "ijazah",
        "Salinan ijazah terakhir",
        "Ijazah pendidikan terakhir, dilegalisir.",
        ["pdf"],
        2048,
        False,
    ),
]

TIME_LIMITS = {
    "verification": 5,
    "data_validation": 2,
    "issuance": 1,
    "legalisation": 1,
    "complaint_verification": 3,
    "complaint_follow_up": 5,
}

# Seed 003: Mon-Thu 08.00-15.30 (break 11.30-13.00), Fri 08.30-15.30 (break 11.00-13.00), WIB.
HOURS = [(day, time(8, 0), time(15, 30), time(11, 30), time(13, 0)) for day in range(4)] + [
    (4, time(8, 30), time(15, 30), time(11, 0), time(13, 0))
]


def create(apps, schema_editor):
    Service = apps.get_model("portal", "Service")
    service, _ = Service.objects.update_or_create(
        slug=SLUG,
        defaults={
            "name": "Uji Kompetensi Pustakawan",
            "description": (
                "Uji kompetensi bagi Pustakawan ASN untuk kenaikan jenjang, perpindahan dari "
                "jabatan lain, alih kategori, dan pengangkatan pertama. Seluruh proses, dari "
                "pendaftaran sampai ujian, dilakukan daring (WFH) langsung antara peserta dan "
                "panitia, tanpa perantara."
            ),
            "fee": "Tidak dipungut biaya",
            "product": "Sertifikat Kompetensi Pustakawan; Surat Keterangan Hasil Uji Kompetensi",
            "legal_basis": (
                "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik\n"
                "Peraturan Kepala Perpustakaan Nasional Nomor 17 Tahun 2021\n"
                "Peraturan Kepala Perpustakaan Nasional Nomor 5 Tahun 2016 tentang Pedoman "
                "Penanganan Pengaduan Masyarakat di Lingkungan Perpustakaan Nasional"
            ),
        },
    )
    Requirement = apps.get_model("portal", "Requirement")
    for order, (code, name, help_text, kinds, max_kb, is_photo) in enumerate(REQUIREMENTS, 1):
        Requirement.objects.update_or_create(
            service=service,
            code=code,
            defaults={
                "order": order,
                "name": name,
                "help_text": help_text,
                "required": True,
                "accepted_kinds": kinds,
                "max_size_kb": max_kb,
                "is_photo": is_photo,
            },
        )
    ServiceTimeLimit = apps.get_model("portal", "ServiceTimeLimit")
    for stage, days in TIME_LIMITS.items():
        ServiceTimeLimit.objects.update_or_create(
            service=service, stage=stage, defaults={"working_days": days}
        )
    ServiceHours = apps.get_model("portal", "ServiceHours")
    for weekday, opens, closes, break_starts, break_ends in HOURS:
        ServiceHours.objects.update_or_create(
            service=service,
            weekday=weekday,
            defaults={
                "opens": opens,
                "closes": closes,
                "break_starts": break_starts,
                "break_ends": break_ends,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0004_service_catalogue")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
