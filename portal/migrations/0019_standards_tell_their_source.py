"""Standard pages that tell the truth (issue 14): every text of the four seeded services marked
with where it comes from, and the librarian exam's texts corrected against seeds 000 and 001.

Seeds (in /work/shared/seeds at the time of writing): 000 is Perpusnas's page of the librarian
exam, 001 its complaint page, 002 a BKPSDM's standard for professional certification, 003 BKPSDM
Kota Singkawang's standard for IP-ASN reports, 004 LAN's page of its competency assessment.
Public references name the documents, not our seed numbers.

Every change below quotes the seed line it follows. A text is corrected only while it still
holds what migrations 0005/0011 wrote: a provider who edited it since keeps its own.

Librarian exam, texts the seeds do not give (marked "ditetapkan penyelenggara", set_by and
set_at empty: entered when the portal was set up, not confirmed by Perpusnas since):
- "Verifikasi berkas 5 hari kerja" and the complaint limits (3 and 5 working days): seed 000's
  only table is "PENERBITAN SERTIFIKAT"; seed 001 gives no time limit.
- product 2 "Surat Keterangan Hasil Uji Kompetensi": seed 000's product line is "Layanan Uji
  Kompetensi Pustakawan Bagi ASN"; the certificate comes from its table.
- "Survei Kepuasan Masyarakat 2 (dua) kali setahun": seed 003's ("Survey Kepuasan Masyarakat
  2 (dua) kali setahun"), Singkawang's, not Perpusnas's.
- the maklumat and components 8-14 (facilities to performance evaluation): in no seed.
- the legal basis as a list: seed 000 names "Peraturan Kepala PerpustakaaN Nasional No. 17 Tahun
  2021" (requirement 8) and seed 001 "Peraturan Kepala Perpustakaan Nasional Republik Indonesia
  Nomor 5 Tahun 2016 tentang Pedoman Penanganan Pengaduan Masyarakat di Lingkungan Perpustakaan
  Nasional"; the laws above them are the portal's.
- component 11: no seed gives Perpusnas's number of staff, so the number stays empty and the
  page says so.
"""

from django.db import migrations

LIBRARIAN_EXAM = "uji-kompetensi-pustakawan"

# The public names of the source documents.
SEED_000 = "Laman Layanan Uji Kompetensi Pustakawan, Perpustakaan Nasional RI"
SEED_001 = "Laman Pengaduan Masyarakat, Pusat Pembinaan Pustakawan, Perpustakaan Nasional RI"
SEED_002 = "Standar Pelayanan Sertifikasi Profesi bagi Pegawai Negeri Sipil, BKPSDM"
SEED_003 = "Standar Pelayanan Indeks Profesionalitas ASN, BKPSDM Kota Singkawang"
SEED_004 = "Laman Pelayanan Penilaian Kompetensi, Lembaga Administrasi Negara"

# Seed 000: "Estimasi waktu penerbitan sertifikat pelaksanan uji kompetensi mengikuti sistem yang
# berjalan saat in [kondisi belum diterapkan pelaksanaan uji kompetensi Onlline]" (typos fixed).
NOT_YET_ONLINE = (
    "Estimasi mengikuti sistem yang berjalan saat ini [kondisi belum diterapkan pelaksanaan uji "
    "kompetensi online]."
)
# Seed 000, table row 1: "... Tujuan Uji Kompetensi (untuk estimasi  40 Peserta)2 hari kerja".
CERTIFICATE_LIMITS = {
    "data_validation": ("Untuk estimasi 40 peserta. " + NOT_YET_ONLINE, "Penerbitan Sertifikat, 1"),
    "issuance": (NOT_YET_ONLINE, "Penerbitan Sertifikat, 2"),  # "Penerbitan sertifikat1 Hari kerja"
    # "Alih media dan legalisir sertifikat1 Hari Kerja"
    "legalisation": (NOT_YET_ONLINE, "Penerbitan Sertifikat, 5"),
}

OLD_TIME_LIMIT_TEXT_HEAD = "Estimasi waktu penerbitan sertifikat:\n"
NEW_TIME_LIMIT_TEXT_HEAD = (
    "Estimasi waktu penerbitan sertifikat pelaksanaan uji kompetensi mengikuti sistem yang "
    "berjalan saat ini [kondisi belum diterapkan pelaksanaan uji kompetensi online], yaitu:\n"
)

# Seed 000, requirement 9: "Salinan Ijazah Terakhir" - nothing about a legalised copy.
# Seed 000, requirement 4: "Salinan Surat Keputusan pengangkatan dalam jabatan terakhir" - any
# position, not only a functional one.
REQUIREMENT_HELP = {
    "ijazah": ("Ijazah pendidikan terakhir, dilegalisir.", "Ijazah pendidikan terakhir."),
    "sk-jabatan": (
        "SK pengangkatan dalam jabatan fungsional terakhir, seluruh halaman.",
        "SK pengangkatan dalam jabatan terakhir, seluruh halaman.",
    ),
}
# Its name, "Salinan SK pengangkatan dalam jabatan terakhir" (migration 0005), already says so.
# Seed 000's nine requirements, "1. Pas Foto Berwarna ..." to "9. Salinan Ijazah Terakhir", by
# the codes migration 0005 gave them.
SEED_000_REQUIREMENTS = [
    "pas-foto",
    "ktp",
    "kartu-pegawai",
    "sk-jabatan",
    "sk-pangkat",
    "pak",
    "rekomendasi-tim-penilai",
    "surat-usulan",
    "ijazah",
]

# The regulation's title, which seed 000 abbreviates ("Peraturan Kepala PerpustakaaN Nasional
# No. 17 Tahun 2021"): "Peraturan Perpustakaan Nasional Republik Indonesia Nomor 17 Tahun 2021
# tentang Tata Cara Penyelenggaraan Uji Kompetensi Jabatan Fungsional Pustakawan", as printed on
# the regulation's first page (copy at 123dok.com, document q5m2dp07).
PERPUSNAS_17_2021 = (
    "Peraturan Perpustakaan Nasional Nomor 17 Tahun 2021 tentang Tata Cara Penyelenggaraan Uji "
    "Kompetensi Jabatan Fungsional Pustakawan"
)
OLD_LEGAL_LINE = "5. Peraturan Kepala Perpustakaan Nasional Nomor 17 Tahun 2021"

# Seed 001, "Media dan Alur Pengaduan", in its order, with the address it gives above the list.
# Migration 0011 put the portal's own form first; the page offers that form by its button.
COMPLAINT_HANDLING = (
    "Saluran Pengaduan Masyarakat di lingkungan Pusat Pembinaan Pustakawan yang dapat "
    "dimanfaatkan oleh masyarakat adalah:\n"
    "Pusat Pembinaan Pustakawan Perpustakaan Nasional RI, Jl. Salemba Raya No. 28A Jakarta "
    "Pusat 10430 DKI - Indonesia\n"
    "1. Portal Pengaduan dan Permohonan Informasi: Sistem Informasi Aspirasi Pustakawan (SIAP) "
    "/ https://siap-pustakawan.perpusnas.go.id/\n"
    "2. Surat elektronik: pustakawan@perpusnas.go.id\n"
    "3. Media sosial: Facebook: Pembinaan pustakawan, Twitter: @PPPustakawan, serta IG: "
    "@Pembinaan.pustakawan\n"
    "4. SP4N LAPOR!: Sistem Pengelolaan Pengaduan Pelayanan Publik Nasional (SP4N) – Layanan "
    "Aspirasi dan Pengaduan Online Rakyat (LAPOR!) di lapor.go.id\n"
    "5. Laporan Pengaduan: dapat diunduh di halaman Laporan Pengaduan portal ini\n"
    "6. Chat di portal perpusnas.go.id\n"
    "Tim pengelolaan pengaduan bertugas: menerima setiap pengaduan yang diajukan oleh "
    "masyarakat baik secara lisan maupun tertulis; memberikan penjelasan mengenai kebijakan dan "
    "prosedur penyelesaian pengaduan pada saat masyarakat mengajukan pengaduan; mengevaluasi "
    "tindak lanjut dari pengaduan layanan; dan menyusun laporan hasil pelaksanaan kegiatan."
)

# Seed 004, as written: "jika jumlah peserta < 12> 12 orang" (twice). Migration 0011 rewrote it
# to "≤ 12 / > 12"; the source's words come back, with a note instead.
LAN = "penilaian-kompetensi-lan"
LAN_GARBLED = "jika jumlah peserta < 12> 12 orang"
LAN_REWRITTEN = "jika jumlah peserta ≤ 12 / > 12 orang"
LAN_NOTE = (
    "Ditulis seperti dalam dokumen sumber. Ungkapan \u201c< 12> 12 orang\u201d tidak jelas "
    "di sumbernya (mungkin \u201csampai 12 atau lebih dari 12 orang\u201d); tanyakan kepada "
    "penyelenggara bila perlu."
)

# (component, origin, source reference, note) of the librarian exam's texts.
LIBRARIAN_TEXTS = [
    ("procedure", "source", SEED_000 + ", tata cara 1-5 dan Penerbitan Sertifikat", ""),
    ("time_limit_text", "source", SEED_000 + ", Penerbitan Sertifikat", ""),
    ("fee", "source", SEED_000, ""),  # "Tidak dipungut biaya"
    (
        "product",
        "provider",
        "",
        "Butir 1 menurut tabel Penerbitan Sertifikat di dokumen sumber; butir 2 teks portal.",
    ),
    ("complaint_handling", "source", SEED_001 + ", Media dan Alur Pengaduan", ""),
    (
        "legal_basis",
        "provider",
        "",
        "Butir 4 dan 5 disebut dokumen sumber (laman Pengaduan Masyarakat; persyaratan butir 8); "
        "butir 1-3 teks portal.",
    ),
    *(
        (component, "provider", "", "")
        for component in (
            "facilities",
            "staff_competence",
            "internal_supervision",
            "staff_count",
            "service_guarantee",
            "security_guarantee",
            "performance_evaluation",
            "pledge",
        )
    ),
]

# The other seeded services: every text they have is their seed's (migration 0011).
SEEDED = {
    "sertifikasi-profesi-pns": SEED_002,
    "indeks-profesionalitas-asn": SEED_003,
    LAN: SEED_004,
}
# Component 11 as a number: seed 002 "Jumlah Pelaksana | Minimal 2 orang"; seed 003 "I. Jumlah
# Pelaksana" "8 (delapan) orang".
STAFF_NUMBERS = {"sertifikasi-profesi-pns": 2, "indeks-profesionalitas-asn": 8}

COMPONENTS = [
    "requirements_text",
    "procedure",
    "time_limit_text",
    "fee",
    "product",
    "complaint_handling",
    "legal_basis",
    "facilities",
    "staff_competence",
    "internal_supervision",
    "staff_count",
    "service_guarantee",
    "security_guarantee",
    "performance_evaluation",
    "pledge",
]


def _librarian_texts(Service, ServiceTextSource, old):
    service = Service.objects.filter(slug=LIBRARIAN_EXAM).first()
    if service is None:
        return
    written = old.LIBRARIAN_EXAM_STANDARD
    corrected = {
        "complaint_handling": COMPLAINT_HANDLING,
        "legal_basis": written["legal_basis"].replace(OLD_LEGAL_LINE, "5. " + PERPUSNAS_17_2021),
        "time_limit_text": written["time_limit_text"].replace(
            OLD_TIME_LIMIT_TEXT_HEAD, NEW_TIME_LIMIT_TEXT_HEAD
        ),
    }
    changed = [name for name in corrected if getattr(service, name) == written[name]]
    for name in changed:
        setattr(service, name, corrected[name])
    service.save(update_fields=changed)
    for component, origin, reference, note in LIBRARIAN_TEXTS:
        # Only where the text is one this migration knows (as 0011 wrote it, or as corrected
        # here): a text a provider edited since is the provider's already.
        current = getattr(service, component)
        known = {written.get(component), corrected.get(component)} - {None}
        if not current or (known and current not in known):
            continue
        ServiceTextSource.objects.update_or_create(
            service=service,
            component=component,
            defaults={"origin": origin, "source_reference": reference, "note": note},
        )


def _librarian_rows(Service, Requirement, ServiceTimeLimit):
    service = Service.objects.filter(slug=LIBRARIAN_EXAM).first()
    if service is None:
        return
    for code, (old, new) in REQUIREMENT_HELP.items():
        Requirement.objects.filter(service=service, code=code, help_text=old).update(help_text=new)
    Requirement.objects.filter(service=service, code__in=SEED_000_REQUIREMENTS).update(
        origin="source", source_reference=SEED_000 + ", persyaratan"
    )
    for stage, (note, part) in CERTIFICATE_LIMITS.items():
        ServiceTimeLimit.objects.filter(service=service, stage=stage).update(
            origin="source", source_reference=f"{SEED_000}, {part}", note=note
        )
    # verification, complaint_verification, complaint_follow_up: in no seed (module docstring).


def _seeded_services(Service, ServiceTextSource, ServiceTimeLimit):
    for slug, reference in SEEDED.items():
        service = Service.objects.filter(slug=slug).first()
        if service is None:
            continue
        if slug == LAN and LAN_REWRITTEN in service.time_limit_text:
            service.time_limit_text = service.time_limit_text.replace(LAN_REWRITTEN, LAN_GARBLED)
            service.save(update_fields=["time_limit_text"])
        if slug in STAFF_NUMBERS and service.staff_number is None:
            service.staff_number = STAFF_NUMBERS[slug]
            service.save(update_fields=["staff_number"])
        for component in COMPONENTS:
            if not getattr(service, component):
                continue
            ServiceTextSource.objects.update_or_create(
                service=service,
                component=component,
                defaults={
                    "origin": "source",
                    "source_reference": reference,
                    "note": LAN_NOTE if (slug, component) == (LAN, "time_limit_text") else "",
                },
            )
    # Seed 002: "5. Waktu tindak lanjut maksimal 3 hari kerja".
    ServiceTimeLimit.objects.filter(
        service__slug="sertifikasi-profesi-pns", stage="complaint_follow_up", working_days=3
    ).update(origin="source", source_reference=SEED_002 + ", pengelolaan pengaduan")


def _hours(ProviderHours):
    # Seed 003, "D.2 Waktu Pelayanan": Senin-Kamis 08.00-15.30 (istirahat 11.30-13.00), Jumat
    # 08.30-15.30 (istirahat 11.00-13.00). No other seed gives hours (migration 0016).
    ProviderHours.objects.filter(provider__slug="bkpsdm-kota-singkawang").update(
        origin="source", source_reference=SEED_003 + ", waktu pelayanan"
    )


def _others(Service, ServiceTextSource):
    """A service an administrator added: its texts are the provider's, date unknown."""
    for service in Service.objects.exclude(slug__in=[LIBRARIAN_EXAM, *SEEDED]):
        for component in COMPONENTS:
            if getattr(service, component):
                ServiceTextSource.objects.get_or_create(
                    service=service, component=component, defaults={"origin": "provider"}
                )


def mark(apps, schema_editor):
    import importlib

    old = importlib.import_module("portal.migrations.0011_service_standards")
    Service = apps.get_model("portal", "Service")
    ServiceTextSource = apps.get_model("portal", "ServiceTextSource")
    ServiceTimeLimit = apps.get_model("portal", "ServiceTimeLimit")
    Requirement = apps.get_model("portal", "Requirement")
    ProviderHours = apps.get_model("portal", "ProviderHours")
    _librarian_texts(Service, ServiceTextSource, old)
    _librarian_rows(Service, Requirement, ServiceTimeLimit)
    _seeded_services(Service, ServiceTextSource, ServiceTimeLimit)
    _hours(ProviderHours)
    _others(Service, ServiceTextSource)


def disposition_officials(apps, schema_editor):
    """Seed 003 names who disposes at BKPSDM Kota Singkawang: "Petugas Administrasi menerima
    ..., diparaf Sekretaris, kemudian didisposisi Kepala Badan". No other seed names one (seed
    000 only says "Disposisi penerbitan sertifikat"), so the others show the role alone."""
    Provider = apps.get_model("portal", "Provider")
    ProviderOfficial = apps.get_model("portal", "ProviderOfficial")
    provider = Provider.objects.filter(slug="bkpsdm-kota-singkawang").first()
    if provider is not None:
        ProviderOfficial.objects.get_or_create(
            provider=provider, duty="disposition", defaults={"title": "Kepala Badan"}
        )


def grant(apps, schema_editor):
    """The administrator group sees where each text comes from, next to the texts it edits."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    administrator = Group.objects.filter(name="Administrator").first()
    if administrator is not None:
        administrator.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="portal",
                codename="view_servicetextsource",
            )
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0018_standard_provenance_and_ikm_policy")]

    operations = [
        migrations.RunPython(mark, migrations.RunPython.noop),
        migrations.RunPython(disposition_officials, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
