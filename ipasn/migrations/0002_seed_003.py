"""Seed 003 (BKPSDM Kota Singkawang's Standar Pelayanan Indeks Profesionalitas ASN) as a service
the portal runs: its procedure as steps with who acts (portal.ServiceStep), its "1 (satu) hari"
counted in the provider's service hours from the report's receipt, and its online flow."""

from django.db import migrations

SLUG = "indeks-profesionalitas-asn"
SEED_003 = "Standar Pelayanan Indeks Profesionalitas ASN (IP-ASN), BKPSDM Kota Singkawang"
PROCEDURE = SEED_003 + ", C. Prosedur butir %s"

# (kind, name, actor, product, procedure item)
STEPS = [
    ("submission", "Pemohon menyampaikan Laporan IP-ASN", "institution", "", "1"),
    (
        "routing",
        "Petugas Administrasi menerima dan mengagendakan, dipilah dan diteruskan ke Kasubbag "
        "Umum, Kepegawaian dan Aset",
        "Petugas Administrasi",
        "",
        "2",
    ),
    (
        "routing",
        "Kasubbag Umum, Kepegawaian dan Aset meneruskan untuk diparaf Sekretaris",
        "Kasubbag Umum, Kepegawaian dan Aset",
        "",
        "2",
    ),
    ("routing", "Diparaf Sekretaris", "Sekretaris Badan", "", "2"),
    ("routing", "Didisposisi Kepala Badan", "Kepala Badan", "", "2"),
    (
        "routing",
        "Kepala Bidang Penilaian Kinerja Aparatur, Pengembangan Karir dan Kompetensi "
        "meneruskan ke Unit Pengolah",
        "Kepala Bidang PKA, Karir dan Kompetensi",
        "",
        "2",
    ),
    (
        "processing",
        "Unit Pengolah menerima dan memeriksa dokumen yang disampaikan; jika tidak sesuai "
        "dikembalikan kepada pemohon/unit kerja, jika sudah benar diproses",
        "Analis Kepegawaian",
        "",
        "3",
    ),
    (
        "external_upload",
        "Disampaikan kepada Badan Kepegawaian Negara melalui aplikasi IP-ASN",
        "Analis Kepegawaian",
        "",
        "3",
    ),
    (
        "report",
        "Unit Pengolah membuat laporan hasil upload data IP-ASN",
        "Analis Kepegawaian",
        "Laporan Data IP-ASN",
        "4",
    ),
    # The Kabid signs the laporan (the portal's key) and sends it to the Kepala BKPSDM; the
    # Perangkat Daerah receives it at the same moment. The day ends here.
    (
        "routing",
        "Laporan disampaikan ke Kepala BKPSDM melalui Kabid",
        "Kepala Bidang PKA, Karir dan Kompetensi",
        "Laporan Data IP-ASN",
        "4",
    ),
]


def seed(apps, schema_editor):
    Service = apps.get_model("portal", "Service")
    ServiceStep = apps.get_model("portal", "ServiceStep")
    ServiceCompletionLimit = apps.get_model("portal", "ServiceCompletionLimit")
    service = Service.objects.filter(slug=SLUG).first()
    if service is None:
        return
    service.applicant_kind = "institution"
    if not service.online_flow:
        service.online_flow = "ipasn_report"
    service.save(update_fields=["applicant_kind", "online_flow"])
    for order, (kind, name, actor, product, item) in enumerate(STEPS, 1):
        ServiceStep.objects.update_or_create(
            service=service,
            order=order,
            defaults={
                "kind": kind,
                "name": name,
                "actor": actor,
                "product": product,
                # The day runs from the report's receipt (step 1 done).
                "starts_completion_clock": order == 1,
                "origin": "source",
                "source_reference": PROCEDURE % item,
            },
        )
    # D. Jangka Waktu Penyelesaian: "1 (satu) hari", within D.2's service hours.
    ServiceCompletionLimit.objects.update_or_create(
        service=service,
        defaults={
            "limit_unit": "service_hours",
            "limit_amount": 1,
            "limit_maximum": None,
            "limit_anchor": "since",
            "limit_event": "Laporan IP-ASN diterima",
            "origin": "source",
            "source_reference": SEED_003 + ", D. Jangka Waktu Penyelesaian",
        },
    )


def unseed(apps, schema_editor):
    Service = apps.get_model("portal", "Service")
    ServiceStep = apps.get_model("portal", "ServiceStep")
    # Plain SQL: the deletion collector would look at ipasn's own foreign keys to the steps,
    # whose historical models it cannot match while the app is being unapplied. The database
    # still refuses if a report's routing points at a step.
    service = Service.objects.filter(slug=SLUG).first()
    if service is not None:
        table = schema_editor.quote_name(ServiceStep._meta.db_table)
        sql = f"DELETE FROM {table} WHERE service_id = %s"  # noqa: S608 - our own table's name
        schema_editor.execute(sql, [service.pk])
    apps.get_model("portal", "ServiceCompletionLimit").objects.filter(service__slug=SLUG).delete()
    Service.objects.filter(slug=SLUG, online_flow="ipasn_report").update(online_flow="")


class Migration(migrations.Migration):
    dependencies = [
        ("ipasn", "0001_initial"),
        ("portal", "0033_ipasn_roles_and_steps"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
