"""The four providers of the seeds, each service attached to its own, and service hours moved to
the provider they belong to.

Every address, contact, complaint channel and hour below is what its seed says, with only plain
typos repaired (a lost parenthesis, "SPAN LAPOR" for SP4N-LAPOR!); what a seed does not give
stays empty, and pages say "Tidak dicantumkan" until the provider enters it:

- Pusat Pembinaan Pustakawan, Perpustakaan Nasional RI (seeds 000, 001): the address and the
  channels of seed 001. No seed gives its hours: the librarian exam's hours were seed 003's
  (Singkawang's, copied by migration 0005), and are dropped, unless someone changed them since.
- seed 002's BKPSDM: the seed never says which region's BKPSDM it is, so it is named as the
  seed names it, "BKPSDM", with the channels it lists and nothing else.
- BKPSDM Kota Singkawang (seed 003): its address, contacts, channels and hours.
- Balai Layanan Pemetaan Kompetensi, Puslatbang PKASN, LAN (seed 004): its address and contacts.

Issued documents keep what they print today for the librarian exam: "Jakarta" as the place of
issue (the city of seed 001's address) and the signing official's title, which the setting
CERT_SIGNING_OFFICIAL_TITLE held until now (its value in this environment is carried over).
A service not in the seeds (one an administrator added) goes to the Pusat Pembinaan Pustakawan,
the only agency the portal served until now.
"""

import os
from datetime import time

from django.db import migrations

PERPUSNAS = "pusat-pembinaan-pustakawan"

PROVIDERS = [
    {
        "slug": PERPUSNAS,
        "name": "Pusat Pembinaan Pustakawan",
        "parent_agency": "Perpustakaan Nasional Republik Indonesia",
        "address": "Jl. Salemba Raya No. 28A Jakarta Pusat 10430 DKI - Indonesia",
        "email": "pustakawan@perpusnas.go.id",
        "social_media": (
            "Facebook: Pembinaan pustakawan, Twitter: @PPPustakawan, serta IG: "
            "@Pembinaan.pustakawan"
        ),
        "issue_place": "Jakarta",
        "channels": [
            # Seed 001, "Media dan Alur Pengaduan", in its order. Its item 5 ("Laporan Pengaduan:
            # bisa diunduh") is the complaint report, not a channel: the portal publishes it.
            (
                "Portal Pengaduan dan Permohonan Informasi",
                "Sistem Informasi Aspirasi Pustakawan (SIAP) / https://siap-pustakawan.perpusnas.go.id/",
            ),
            ("Surat elektronik", "pustakawan@perpusnas.go.id"),
            (
                "Media sosial",
                "Facebook: Pembinaan pustakawan, Twitter: @PPPustakawan, serta IG: "
                "@Pembinaan.pustakawan",
            ),
            ("SP4N-LAPOR!", "lapor.go.id"),
            ("Chat", "di portal perpusnas.go.id"),
        ],
        "hours": [],
        "services": ["uji-kompetensi-pustakawan"],
    },
    {
        "slug": "bkpsdm",
        "name": "BKPSDM",
        "channels": [
            # Seed 002, component 6: "pada jam dan hari kerja", which the seed does not state.
            ("Datang langsung", "Bidang Pengembangan Sumber Daya ASN"),
            ("E-mail resmi unit layanan", ""),
            ("Helpdesk/petugas layanan", ""),
            ("SP4N-LAPOR!", ""),
        ],
        "hours": [],
        "services": ["sertifikasi-profesi-pns"],
    },
    {
        "slug": "bkpsdm-kota-singkawang",
        "name": "BKPSDM Kota Singkawang",
        "address": "Jalan Firdaus No. 1 Singkawang 79123",
        "email": "bkpsdm@singkawangkota.go.id",
        "telephone": "(0562) – 639567",
        "fax": "(0562) – 639567",
        "website": "www.singkawangkota.go.id",
        "channels": [
            # Seed 003, G. Pengelolaan Pengaduan.
            ("Datang langsung/tatap muka", "Lokasi ruang pengaduan (Ruang Kerja Sekretaris)"),
            ("Kotak saran", ""),
            ("Surat", "BKPSDM Jalan Firdaus No. 1 Singkawang 79123"),
            ("E-mail", "bkpsdm@singkawangkota.go.id"),
            ("Website", "www.singkawangkota.go.id"),
            ("Telepon/faksimile", "(0562) – 639567 / (0562) – 639567"),
            ("Aplikasi SP4N-LAPOR!", ""),
        ],
        # Seed 003, D.2 Waktu Pelayanan (WIB).
        "hours": [(day, time(8, 0), time(15, 30), time(11, 30), time(13, 0)) for day in range(4)]
        + [(4, time(8, 30), time(15, 30), time(11, 0), time(13, 0))],
        "services": ["indeks-profesionalitas-asn"],
    },
    {
        "slug": "balai-pemetaan-kompetensi-lan",
        "name": "Balai Layanan Pemetaan Kompetensi",
        "unit": (
            "Pusat Pelatihan dan Pengembangan dan Pemetaan Kompetensi Aparatur Sipil Negara "
            "(Puslatbang PKASN)"
        ),
        "parent_agency": "Lembaga Administrasi Negara",
        "address": "Jalan Kiarapayung Km 4,7 Jatinangor Sumedang – Jawa Barat",
        "email": "info@bandung.lan.go.id",
        "telephone": "022-7790048",
        "fax": "022-7790044, 7790055",
        "channels": [
            # Seed 004: "Untuk saran, keluhan dan evaluasi pelayanan, dapat disampaikan kepada".
            (
                "Surat atau datang langsung",
                "Balai Layanan Pemetaan Kompetensi, Jalan Kiarapayung Km 4,7 Jatinangor Sumedang "
                "– Jawa Barat",
            ),
            ("Telepon", "022-7790048"),
            ("Faksimile", "022-7790044, 7790055"),
            ("E-mail", "info@bandung.lan.go.id"),
            ("LAPOR!", ""),
        ],
        "hours": [],
        "services": ["penilaian-kompetensi-lan"],
    },
]

# Services whose seed says they cost nothing: only they say "tidak dipungut biaya".
FREE = {"uji-kompetensi-pustakawan", "indeks-profesionalitas-asn"}

# Migration 0005 gave the librarian exam seed 003's hours (Singkawang's).
COPIED_HOURS = {(day, time(8, 0), time(15, 30), time(11, 30), time(13, 0)) for day in range(4)} | {
    (4, time(8, 30), time(15, 30), time(11, 0), time(13, 0))
}

SIGNING_TITLE = "Kepala Pusat Pembinaan Pustakawan"


def _hours_key(rows) -> set:
    return {(r.weekday, r.opens, r.closes, r.break_starts, r.break_ends) for r in rows}


def create(apps, schema_editor):
    Provider = apps.get_model("portal", "Provider")
    ProviderHours = apps.get_model("portal", "ProviderHours")
    ComplaintChannel = apps.get_model("portal", "ComplaintChannel")
    ProviderOfficial = apps.get_model("portal", "ProviderOfficial")
    Service = apps.get_model("portal", "Service")
    ServiceHours = apps.get_model("portal", "ServiceHours")

    providers = {}
    for entry in PROVIDERS:
        fields = dict(entry)
        slug = fields.pop("slug")
        channels = fields.pop("channels")
        hours = fields.pop("hours")
        services = fields.pop("services")
        provider, _ = Provider.objects.update_or_create(slug=slug, defaults=fields)
        providers[slug] = provider
        for order, (name, address) in enumerate(channels, 1):
            ComplaintChannel.objects.update_or_create(
                provider=provider, order=order, defaults={"name": name, "address": address}
            )
        for weekday, opens, closes, break_starts, break_ends in hours:
            ProviderHours.objects.update_or_create(
                provider=provider,
                weekday=weekday,
                defaults={
                    "opens": opens,
                    "closes": closes,
                    "break_starts": break_starts,
                    "break_ends": break_ends,
                },
            )
        Service.objects.filter(slug__in=services).update(provider=provider)

    ProviderOfficial.objects.get_or_create(
        provider=providers[PERPUSNAS],
        duty="signing",
        defaults={"title": os.environ.get("CERT_SIGNING_OFFICIAL_TITLE") or SIGNING_TITLE},
    )
    Service.objects.filter(provider__isnull=True).update(provider=providers[PERPUSNAS])
    Service.objects.filter(slug__in=FREE).update(free_of_charge=True)

    # Hours are the provider's now: a provider without its own takes its services' hours,
    # except the copy of Singkawang's that the librarian exam was given.
    for service in Service.objects.order_by("pk"):
        rows = list(ServiceHours.objects.filter(service=service))
        if not rows or ProviderHours.objects.filter(provider_id=service.provider_id).exists():
            continue
        if service.slug == "uji-kompetensi-pustakawan" and _hours_key(rows) == COPIED_HOURS:
            continue
        ProviderHours.objects.bulk_create(
            ProviderHours(
                provider_id=service.provider_id,
                weekday=row.weekday,
                opens=row.opens,
                closes=row.closes,
                break_starts=row.break_starts,
                break_ends=row.break_ends,
            )
            for row in rows
        )


def restore_service_hours(apps, schema_editor):
    """Back: every service shows its provider's hours again as its own."""
    ProviderHours = apps.get_model("portal", "ProviderHours")
    Service = apps.get_model("portal", "Service")
    ServiceHours = apps.get_model("portal", "ServiceHours")
    for service in Service.objects.exclude(provider__isnull=True):
        for row in ProviderHours.objects.filter(provider_id=service.provider_id):
            ServiceHours.objects.update_or_create(
                service=service,
                weekday=row.weekday,
                defaults={
                    "opens": row.opens,
                    "closes": row.closes,
                    "break_starts": row.break_starts,
                    "break_ends": row.break_ends,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("portal", "0015_providers")]

    operations = [migrations.RunPython(create, restore_service_hours)]
