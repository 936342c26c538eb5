"""Seeds a throwaway bench database with realistic volumes, fast: rows are generated in Python and
streamed into PostgreSQL with COPY (never one save per row), ids given here so that foreign keys
need no round trip. At scale 1: 100,000 registry entries, 50,000 candidates each with a profile,
an application and its nine documents (their review history and timeline events too), 5,000 exam
seats with results, 2,000 certificates and 10,000 complaints, dated over the last eight months
with a realistic spread of statuses; 40 providers besides the migrations' four, with one to three
services each (a few switched off), for the home page and the standard pages. A quarter of the
registry carries an official e-mail (the address registration mails go to); 0.5 % of the
accounts are claimed by the NIP's owner (issue 13: a claim with its two identity documents, the
link mail it was filed from, its timeline), some waiting for the panel, most decided; the
registration mails of the last 30 days are kept as the portal keeps them, plus open registration
links whose tokens the bench knows.

Also logs sample users in: a Django session row per sample candidate and verifier, written
straight into the session table, so the load test never goes through allauth's login (whose
password hashing and rate limits would be what it measured). The sessions are signed with
SECRET_KEY: the server must run with the same one. Writes the samples the load test needs
(session keys, registry NIPs, tracking codes, certificate numbers with their verification tokens,
claims, open registration links' tokens) as JSON.

Before it returns, the seeded data is checked against the portal's own rules
(registration.levels: a rank within its level, the level combinations of each exam purpose) and
against what the new pages assume (no logged-in sample user needs two-factor sign-in): the bench
measures the pages a valid database shows.

    DJANGO_SETTINGS_MODULE=scripts.bench.settings DATABASE_URL=... SECRET_KEY=... \\
        .venv/bin/python -m scripts.bench.seed --scale 1 --out var/bench/samples.json

The database must be migrated and otherwise empty.
"""

import argparse
import base64
import csv
import hashlib
import io
import json
import random
import sys
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import django

BASE_DIR = Path(__file__).resolve().parents[2]

# Fixed, so two runs seed the same data and their figures compare.
RANDOM_SEED = 20260701

FULL = {
    "librarians": 100_000,
    "candidates": 50_000,
    "seats": 5_000,
    "certificates": 2_000,
    "complaints": 10_000,
    # Providers besides the four the migrations enter, each with one to three services: the
    # home page lists them all, and its query count must not grow with them.
    "providers": 40,
}

# Share of applications per status (sums to 1). Seats go to scheduled, passed and failed ones.
STATUS_SHARES = {
    "draft": 0.06,
    "submitted": 0.14,
    "in_review": 0.06,
    "returned": 0.06,
    "verified": 0.51,
    "scheduled": 0.03,
    "passed": 0.05,
    "failed": 0.02,
    "rejected": 0.07,
}
# Days before now an application in this status was created (min, max).
STATUS_AGE = {
    "draft": (0, 60),
    "submitted": (1, 14),
    "in_review": (2, 12),
    "returned": (5, 40),
    "verified": (10, 200),
    "scheduled": (20, 120),
    "passed": (60, 240),
    "failed": (60, 240),
    "rejected": (15, 220),
}
REVIEWED = {"in_review", "returned", "verified", "scheduled", "passed", "failed", "rejected"}
SUBMITTED_OR_LATER = REVIEWED | {"submitted"}

CERTIFICATE_SHARES = {
    "data_check": 0.15,
    "issuance": 0.05,
    "disposition": 0.03,
    "signing": 0.07,
    "legalisation": 0.10,
    "shipping": 0.10,
    "sent": 0.20,
    "delivered": 0.30,
}
NUMBERED = {"disposition", "signing", "legalisation", "shipping", "sent", "delivered"}
SIGNED = {"legalisation", "shipping", "sent", "delivered"}

COMPLAINT_SHARES = {
    "received": 0.08,
    "verified": 0.07,
    "in_progress": 0.10,
    "answered": 0.15,
    "closed": 0.45,
    "forwarded": 0.05,
    "rejected": 0.05,
    "duplicate": 0.05,
}
COMPLAINT_PATH = {
    "received": ["received"],
    "verified": ["received", "verified"],
    "in_progress": ["received", "verified", "in_progress"],
    "answered": ["received", "verified", "in_progress", "answered"],
    "closed": ["received", "verified", "in_progress", "answered", "closed"],
    "forwarded": ["received", "forwarded"],
    "rejected": ["received", "rejected"],
    "duplicate": ["received", "duplicate"],
}

FIRST_NAMES = (  # noqa: SIM905 - a list of names reads better as one string
    "Rina Dewi Siti Sri Ani Yuni Wulan Ratna Indah Fitri Nur Ayu Lestari Putri Intan Maya "
    "Budi Agus Andi Joko Eko Hendra Rudi Dedi Bambang Iwan Rizki Fajar Arif Dimas Teguh Yusuf"
).split()
LAST_NAMES = (  # noqa: SIM905
    "Wulandari Lestari Susanti Rahayu Handayani Kurniawati Sari Permata Anggraini Safitri "
    "Santoso Wijaya Saputra Hidayat Nugroho Pratama Setiawan Gunawan Kusuma Siregar Nasution "
    "Simanjuntak Harahap Lubis Tanjung Pohan Sitompul Manurung Hutapea Sinaga Pangaribuan"
).split()
SUFFIXES = ["S.I.Pust.", "S.Sos.", "S.Hum.", "S.I.Pust., M.Hum.", "A.Md.", "S.S., M.Si.", ""]
CITIES = (  # noqa: SIM905
    "Jakarta Bandung Surabaya Yogyakarta Semarang Medan Makassar Palembang Padang Malang "
    "Denpasar Pontianak Banjarmasin Manado Kupang Ambon Jayapura Mataram Pekanbaru Jambi"
).split()
INSTITUTIONS = [
    "Perpustakaan Nasional RI",
    *(f"Dinas Perpustakaan dan Kearsipan Provinsi {c}" for c in CITIES[:12]),
    *(f"Dinas Perpustakaan Kota {c}" for c in CITIES),
    *(f"Universitas Negeri {c}" for c in CITIES[:10]),
    "Kementerian Pendidikan Dasar dan Menengah",
    "Badan Pusat Statistik",
    "Arsip Nasional RI",
]
WORK_UNITS = [
    "Bidang Layanan Perpustakaan",
    "Bidang Pengolahan Bahan Pustaka",
    "Seksi Deposit dan Pelestarian",
    "UPT Perpustakaan",
    "Bidang Pembinaan Perpustakaan",
    "Subbagian Tata Usaha",
]
LEVEL_CODES = ["terampil", "mahir", "penyelia", "ahli-pertama", "ahli-muda", "ahli-madya"]
# (purpose, current level code or None, target level code), weight: registration.levels rules.
# A candidate applies from their own level (the registry and the profile give them the current
# level drawn here, and a rank of it), so alih kategori from Penyelia (III/c-d) leads to Ahli
# Muda and from Mahir (III/a-b) to Ahli Pertama: the Ahli level of the same ranks.
COMBINATIONS = [
    (("kenaikan_jenjang", "ahli-pertama", "ahli-muda"), 30),
    (("kenaikan_jenjang", "ahli-muda", "ahli-madya"), 20),
    (("kenaikan_jenjang", "terampil", "mahir"), 10),
    (("kenaikan_jenjang", "mahir", "penyelia"), 8),
    (("kenaikan_jenjang", "ahli-madya", "ahli-utama"), 3),
    (("alih_kategori", "penyelia", "ahli-muda"), 6),
    (("alih_kategori", "mahir", "ahli-pertama"), 4),
    (("perpindahan", None, "ahli-pertama"), 12),
    (("pengangkatan_pertama", None, "ahli-pertama"), 8),
    (("pengangkatan_pertama", None, "terampil"), 3),
]
RANKS_OF_LEVEL = {
    "terampil": ["II/b", "II/c", "II/d"],
    "mahir": ["III/a", "III/b"],
    "penyelia": ["III/c", "III/d"],
    "ahli-pertama": ["III/a", "III/b"],
    "ahli-muda": ["III/c", "III/d"],
    "ahli-madya": ["IV/a", "IV/b", "IV/c"],
}
SUBJECTS = [
    ("pengaduan", "Berkas tidak dapat diunggah"),
    ("pengaduan", "Verifikasi berkas melewati batas waktu"),
    ("pengaduan", "Sertifikat belum diterima"),
    ("pengaduan", "Tautan ujian daring tidak dapat dibuka"),
    ("informasi", "Syarat uji kompetensi alih kategori"),
    ("informasi", "Jadwal uji kompetensi berikutnya"),
    ("aspirasi", "Usulan ujian luring di daerah"),
    ("aspirasi", "Saran tampilan dasbor peserta"),
]
CHANNELS = ["portal"] * 6 + ["email", "lapor", "telepon", "instagram", "langsung"]
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"

# Registry entries whose import carries an official e-mail (Librarian.email): registration mails
# for those NIPs go there, so their accounts hold that address.
OFFICIAL_EMAIL_SHARE = 0.25
# Accounts whose NIP's owner claims them (registration.AccountClaim), and the claims' states.
CLAIM_SHARE = 0.005
CLAIM_SHARES = {"submitted": 0.3, "approved": 0.45, "rejected": 0.25}
# A squatter's application never gets past verification: the accounts claimed successfully (or
# still waiting) are ones whose application is at most returned or rejected, and whose registry
# entry has no official e-mail (its registration link would have gone there). Rejected claims
# (someone claiming a NIP that was rightly registered) hit any account.
SQUATTED_STATUSES = {"draft", "submitted", "in_review", "returned", "rejected"}
# Open registration links (mailed, not yet opened) with tokens the bench knows: the account
# creation step of the registration measure (scripts.bench.run) presses their button.
OPEN_REGISTER_LINKS = 700  # issue 19: 20 per second for 30 s, and a margin


class Copier:
    """Streams rows into one table with COPY, in batches."""

    BATCH = 50_000

    def __init__(self, cursor, model, fields: str):
        self.cursor = cursor
        self.table = model._meta.db_table
        self.columns = [model._meta.get_field(name).column for name in fields.split()]
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, quoting=csv.QUOTE_STRINGS)  # None -> NULL
        self.pending = 0
        self.count = 0

    def add(self, *row) -> None:
        self.writer.writerow(row)
        self.pending += 1
        if self.pending >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        self.buffer.seek(0)
        columns = ", ".join(f'"{column}"' for column in self.columns)
        self.cursor.copy_expert(
            f'COPY "{self.table}" ({columns}) FROM STDIN WITH (FORMAT csv)', self.buffer
        )
        self.count += self.pending
        self.pending = 0
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, quoting=csv.QUOTE_STRINGS)


def _weighted(rng: random.Random, shares: dict[str, float], total: int) -> list[str]:
    """`total` labels in the given shares (rounded, the remainder to the largest), shuffled."""
    labels = []
    for label, share in shares.items():
        labels += [label] * round(share * total)
    largest = max(shares, key=shares.get)
    labels = (labels + [largest] * total)[:total]
    rng.shuffle(labels)
    return labels


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _token(rng: random.Random) -> str:
    """A certificate's verification token or a registration link's token, as the portal draws
    them (128 bits, URL-safe: secrets.token_urlsafe(16)), but from the seeded generator."""
    return base64.urlsafe_b64encode(rng.getrandbits(128).to_bytes(16, "big")).decode().rstrip("=")


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _nips(rng: random.Random, count: int, today: date) -> list[str]:
    """Unique, valid PNS NIPs: birth date, TMT CPNS at least 18 years later, sex, serial."""
    nips: set[str] = set()
    ordered = []
    while len(ordered) < count:
        birth = date(1965, 1, 1) + timedelta(days=rng.randrange(34 * 365))
        year = min(birth.year + 20 + rng.randrange(16), today.year - 1)
        nip = (
            f"{birth:%Y%m%d}{year}{rng.randrange(1, 13):02d}{rng.choice('12')}"
            f"{rng.randrange(1, 1000):03d}"
        )
        if nip not in nips:
            nips.add(nip)
            ordered.append(nip)
    return ordered


def _working_days_after(day: date, days: int) -> date:
    while days:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def seed(*, scale: float, out: Path) -> dict:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import generate_totp_secret
    from allauth.mfa.utils import encrypt
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.db.models import QuerySet
    from django.utils import timezone

    from casework.models import Case, StepRun
    from certificates.models import Certificate, NumberSequence
    from complaints.models import Complaint, ComplaintMessage, SealOpening
    from portal.catalogue import service_get_by_flow
    from portal.constants import TWO_FACTOR_ROLES, OnlineFlow, Role
    from portal.models import Event, Provider, Requirement, Service, StaffRole, StatusList
    from portal.providers import signing_office_appoint
    from registration.addresses import address_mask
    from registration.constants import LINK_KINDS, REGISTRATION_MAIL_KEEP
    from registration.models import (
        AccountClaim,
        ApplicantSnapshot,
        Application,
        ClaimDocument,
        Document,
        Level,
        Librarian,
        Profile,
        Rank,
        RegistrationMail,
        User,
    )
    from registration.selectors import link_token_hash
    from scheduling.models import ExamSession, Result, Seat
    from scripts.bench.assessments import seed_assessments
    from scripts.bench.casework import seed_casework
    from scripts.bench.ipasn import seed_ipasn
    from verification.models import DocumentReview, RevisionReason

    counts = {name: max(1, int(value * scale)) for name, value in FULL.items()}
    rng = random.Random(RANDOM_SEED)  # noqa: S311 - synthetic data, not secrets
    now = timezone.now()
    today = timezone.localdate()
    timings: dict[str, float] = {}
    started = time.perf_counter()

    def lap(name: str, since: float) -> float:
        timings[name] = round(time.perf_counter() - since, 2)
        return time.perf_counter()

    service = service_get_by_flow(flow=OnlineFlow.CANDIDATE_APPLICATION)
    requirements = list(Requirement.objects.filter(service=service).order_by("order"))
    levels = {level.code: level for level in Level.objects.all()}
    ranks = {rank.code: rank for rank in Rank.objects.all()}
    reasons = list(RevisionReason.objects.values_list("pk", flat=True))
    ct_application = ContentType.objects.get_for_model(Application).pk
    ct_complaint = ContentType.objects.get_for_model(Complaint).pk
    ct_claim = ContentType.objects.get_for_model(AccountClaim).pk
    ct_user = ContentType.objects.get_for_model(User).pk
    groups = {group.name: group for group in Group.objects.all()}

    # --- the catalogue: more providers and services, through the ORM ---------------------------
    t = time.perf_counter()
    providers = Provider.objects.bulk_create(
        Provider(
            slug=f"penyelenggara-bench-{index}",
            name=f"{rng.choice(['BKPSDM', 'BKD', 'Balai Diklat', 'Pusbang'])} Bench {index}",
            parent_agency=rng.choice(["", "Pemerintah Provinsi", "Kementerian"]),
        )
        for index in range(1, max(2, counts["providers"]) + 1)
    )
    Service.objects.bulk_create(
        Service(
            provider=provider,
            name=f"Layanan Kompetensi {provider.name} {number}",
            slug=f"{provider.slug}-layanan-{number}",
            description="Layanan kompetensi ASN yang diumumkan standarnya di portal.",
            free_of_charge=number == 1,
            fee="Tidak dipungut biaya" if number == 1 else "Rp 1.500.000 per peserta",
            procedure="Diajukan langsung kepada penyelenggara.",
            # Now and then one switched off: the pages list active services only.
            is_active=(index + number) % 7 != 0,
        )
        for index, provider in enumerate(providers)
        for number in range(1, 2 + index % 3)
    )
    standard_slugs = list(
        Service.objects.filter(is_active=True).order_by("slug").values_list("slug", flat=True)
    )
    t = lap("catalogue", t)

    # --- staff: a handful of rows, through the ORM --------------------------------------------
    staff: dict[str, list[User]] = {}
    for role, prefix, how_many in [
        (Role.VERIFIER, "verifikator", 10),
        (Role.SCHEDULER, "panitia", 2),
        (Role.ASSESSOR, "asesor", 6),
        (Role.CERTIFICATE_OFFICER, "petugas-sertifikat", 2),
        (Role.SIGNING_OFFICIAL, "pejabat", 1),
        (Role.COMPLAINT_HANDLER, "pengaduan", 3),
        (Role.COMPLAINT_SUPERVISOR, "supervisor-pengaduan", 1),
    ]:
        members = []
        for index in range(1, how_many + 1):
            user = User(
                username=f"{prefix}{index}",
                first_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                email=f"{prefix}{index}@perpusnas.go.id",
            )
            user.set_unusable_password()
            members.append(user)
        members = User.objects.bulk_create(members)
        groups[role.value].user_set.add(*members)  # bulk: the StaffRole signal does not run
        StaffRole.objects.bulk_create(
            [
                StaffRole(user=member, provider_id=service.provider_id, role=role)
                for member in members
            ]
        )
        staff[role.value] = members
        if role in TWO_FACTOR_ROLES:
            # As in production, where these roles reach no page before setting up an
            # authenticator app (registration.middleware). No bench user logs in as them.
            Authenticator.objects.bulk_create(
                Authenticator(
                    user=user,
                    type=Authenticator.Type.TOTP,
                    data={"secret": encrypt(generate_totp_secret())},
                )
                for user in members
            )
    verifiers = [user.pk for user in staff[Role.VERIFIER]]
    assessors = [user.pk for user in staff[Role.ASSESSOR]]
    scheduler = staff[Role.SCHEDULER][0].pk
    officer = staff[Role.CERTIFICATE_OFFICER][0].pk
    official = staff[Role.SIGNING_OFFICIAL][0].pk
    # The one who signs holds the provider's signing office (portal.roles.signing_office).
    signing_office_appoint(user=staff[Role.SIGNING_OFFICIAL][0], provider=service.provider)
    handlers = [user.pk for user in staff[Role.COMPLAINT_HANDLER]]
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT max(id) FROM "{User._meta.db_table}"')  # noqa: S608 - our table
        next_user_id = cursor.fetchone()[0] + 1
    t = lap("staff", t)

    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg2's own cursor: copy_expert
        # Foreign keys are not checked row by row while loading (the ids are made consistent
        # here); this only lasts until the transaction ends.
        cursor.execute("SET LOCAL session_replication_role = replica")

        # --- registry -------------------------------------------------------------------------
        # Each candidate's application (purpose, current level, target level) first: the first
        # registry entries are the candidates, at the level they apply from.
        applying = rng.choices(
            [combo for combo, _weight in COMBINATIONS],
            [weight for _combo, weight in COMBINATIONS],
            k=counts["candidates"],
        )
        nips = _nips(rng, counts["librarians"], today)
        librarians = Copier(
            raw,
            Librarian,
            ("id nip name institution work_unit level_id rank_id email created_at updated_at"),
        )
        people = []  # (nip, name, institution, work unit, level code, rank code)
        officials = []  # the registry's official e-mail per entry, or ""
        registry_loaded = _iso(now - timedelta(days=300))
        for index, nip in enumerate(nips, 1):
            applies_from = applying[index - 1][1] if index <= len(applying) else None
            level = applies_from or rng.choice(LEVEL_CODES)
            rank = rng.choice(RANKS_OF_LEVEL[level])
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            institution = rng.choice(INSTITUTIONS)
            unit = rng.choice(WORK_UNITS)
            people.append((nip, name, institution, unit, level, rank))
            email = f"{nip}@asn.example.go.id" if rng.random() < OFFICIAL_EMAIL_SHARE else ""
            officials.append(email)
            librarians.add(
                index,
                nip,
                name,
                institution,
                unit,
                levels[level].pk,
                ranks[rank].pk,
                email,
                registry_loaded,
                registry_loaded,
            )
        librarians.flush()
        t = lap("registry", t)

        # --- candidates: users, e-mail addresses, profiles ------------------------------------
        n = counts["candidates"]
        statuses = _weighted(rng, STATUS_SHARES, n)
        created = []  # per candidate: when the application was started
        for status in statuses:
            low, high = STATUS_AGE[status]
            created.append(now - timedelta(days=rng.uniform(low, high), minutes=rng.randrange(600)))
        users = Copier(
            raw,
            User,
            (
                "id password is_superuser username first_name last_name email is_staff "
                "is_active date_joined nip must_change_password"
            ),
        )
        emails = Copier(raw, EmailAddress, "user_id email verified primary")
        profiles = Copier(
            raw,
            Profile,
            (
                "user_id title_prefix name title_suffix birth_place birth_date sex "
                "rank_id position level_id work_unit institution whatsapp "
                "mailing_address postal_code updated_at"
            ),
        )
        # Claims, drawn before the accounts: an approved one handed the account to the claimant,
        # whose confirmed address is now the account's only one.
        claim_count = max(3, round(CLAIM_SHARE * n))
        claim_statuses = _weighted(rng, CLAIM_SHARES, claim_count)
        squatted = [
            index
            for index in range(n)
            if statuses[index] in SQUATTED_STATUSES and not officials[index]
        ]
        claimed = rng.sample(squatted, claim_count)
        claims_planned = []  # (candidate index, claim status, claimant's address)
        claimant_address = {}
        for number, (index, claim_status) in enumerate(
            zip(claimed, claim_statuses, strict=True), 1
        ):
            if claim_status == "rejected" and rng.random() < 0.5:
                index = rng.randrange(n)  # perhaps an account that passed verification
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            address = f"{first}.{last}.{number}@surel.example.id".lower()
            claims_planned.append((index, claim_status, address))
            if claim_status == "approved":
                claimant_address[index] = address
        joined_at = []
        candidate_ids = []
        # Per candidate: what a submission copies from the profile into its snapshot.
        identities = []
        for index in range(n):
            nip, name, institution, unit, level, rank = people[index]
            user_id = next_user_id + index
            candidate_ids.append(user_id)
            joined = created[index] - timedelta(days=rng.uniform(0, 20))
            joined_at.append(joined)
            # Registration mails the registry's official address where there is one.
            email = (
                claimant_address.get(index) or officials[index] or f"{nip}@pustakawan.example.go.id"
            )
            users.add(
                user_id,
                "!bench-unusable",
                "f",
                nip,
                name,
                "",
                email,
                "f",
                "t",
                _iso(joined),
                nip,
                "f",
            )
            emails.add(user_id, email, "t", "t")
            birth = date(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))
            identity = (
                nip,
                "Dr." if rng.random() < 0.03 else "",
                name,
                rng.choice(SUFFIXES),
                rng.choice(CITIES),
                birth.isoformat(),
                "L" if nip[14] == "1" else "P",
                ranks[rank].pk,
                f"Pustakawan {levels[level].name.removeprefix('Pustakawan ')}",
                levels[level].pk,
                unit,
                institution,
            )
            identities.append(identity)
            profiles.add(
                user_id,
                *identity[1:],
                f"+628{rng.randrange(10**9, 10**10)}",
                f"Jl. {rng.choice(LAST_NAMES)} No. {rng.randrange(1, 200)}, {rng.choice(CITIES)}",
                f"{rng.randrange(10000, 99999)}",
                _iso(joined + timedelta(hours=1)),
            )
        for copier in (users, emails, profiles):
            copier.flush()
        t = lap("candidates", t)

        # --- applications, documents, reviews, timeline events --------------------------------
        applications = Copier(
            raw,
            Application,
            (
                "id public_id candidate_id service_id status purpose current_level_id "
                "target_level_id verifier_id submitted_at verified_at due_date "
                "decision_note created_at updated_at snapshot_id"
            ),
        )
        # One snapshot per submitted application (its id is the application's), as submitting
        # takes it; the database requires one past the draft.
        snapshots = Copier(
            raw,
            ApplicantSnapshot,
            (
                "id application_id submitted_at nip title_prefix name title_suffix birth_place "
                "birth_date sex rank_id position level_id work_unit institution"
            ),
        )
        documents = Copier(
            raw,
            Document,
            (
                "id public_id application_id requirement_id version is_current file "
                "original_name kind content_type size sha256 verdict uploaded_by_id "
                "uploaded_at"
            ),
        )
        reviews = Copier(
            raw,
            DocumentReview,
            "document_id verdict reason_id note reviewer_id created_at",
        )
        events = Copier(
            raw,
            Event,
            ("content_type_id object_id actor_id kind from_state to_state note created_at"),
        )
        document_id = 0
        passed_ids, failed_ids, scheduled_ids, draft_ids = [], [], [], []
        application_of = {}  # candidate id -> (application id, status)
        sha = hashlib.sha256(b"bench").hexdigest()
        for index in range(n):
            app_id = index + 1
            status = statuses[index]
            candidate = candidate_ids[index]
            application_of[candidate] = (app_id, status)
            purpose, current, target = applying[index]
            start = created[index]
            public_id = _uuid(rng)
            verifier = rng.choice(verifiers) if status in REVIEWED else None
            submitted_at = start + timedelta(days=rng.uniform(0.2, 3))
            submitted = status in SUBMITTED_OR_LATER
            if submitted_at > now:
                submitted_at = now - timedelta(minutes=30)
            due = None
            if status in ("submitted", "in_review"):
                due = _working_days_after(timezone.localdate(submitted_at), 5)
            reviewed_at = submitted_at + timedelta(days=rng.uniform(0.5, 6))
            reviewed_at = min(reviewed_at, now - timedelta(minutes=10))
            verified_at = (
                reviewed_at if status in ("verified", "scheduled", "passed", "failed") else None
            )
            decision_note = ""
            if status == "returned":
                decision_note = "Mohon unggah ulang berkas yang ditandai perlu perbaikan."
            elif status == "rejected":
                decision_note = "Jenjang yang dituju tidak sesuai dengan pangkat/golongan."
            applications.add(
                app_id,
                public_id,
                candidate,
                service.pk,
                status,
                purpose,
                levels[current].pk if current else None,
                levels[target].pk,
                verifier,
                _iso(submitted_at) if submitted else None,
                _iso(verified_at) if verified_at else None,
                due.isoformat() if due else None,
                decision_note,
                _iso(start),
                _iso(reviewed_at if status in REVIEWED else submitted_at if submitted else start),
                app_id if submitted else None,
            )
            if submitted:
                snapshots.add(app_id, app_id, _iso(submitted_at), *identities[index])
            {"passed": passed_ids, "failed": failed_ids, "scheduled": scheduled_ids}.get(
                status, []
            ).append(app_id)
            if status == "draft":
                draft_ids.append((candidate, app_id))

            events.add(ct_application, app_id, candidate, "created", "", "draft", "", _iso(start))
            revise = set()
            if status in ("returned", "rejected"):
                revise = set(rng.sample(range(len(requirements)), rng.randint(1, 3)))
            checked = len(requirements)
            if status == "in_review":
                checked = rng.randrange(len(requirements))
            for position, requirement in enumerate(requirements):
                document_id += 1
                uploaded = start + timedelta(minutes=5 + position * 3)
                photo = requirement.is_photo
                if status in ("submitted", "draft") or position >= checked:
                    verdict = "pending"
                elif position in revise:
                    verdict = "needs_revision"
                else:
                    verdict = "valid"
                documents.add(
                    document_id,
                    _uuid(rng),
                    app_id,
                    requirement.pk,
                    1,
                    "t",
                    f"documents/{public_id}/{uuid.UUID(int=rng.getrandbits(128)).hex}."
                    + ("jpg" if photo else "pdf"),
                    "foto.jpg" if photo else f"{requirement.code}.pdf",
                    "jpeg" if photo else "pdf",
                    "image/jpeg" if photo else "application/pdf",
                    rng.randrange(80_000, 900_000),
                    sha,
                    verdict,
                    candidate,
                    _iso(uploaded),
                )
                events.add(
                    ct_application,
                    app_id,
                    candidate,
                    "document_uploaded",
                    "",
                    "",
                    f"{requirement.name} (v1)",
                    _iso(uploaded),
                )
                if verdict != "pending":
                    at = reviewed_at - timedelta(minutes=len(requirements) - position)
                    revision = verdict == "needs_revision"
                    reviews.add(
                        document_id,
                        verdict,
                        rng.choice(reasons) if revision else None,
                        "Tulisan pada pindaian tidak terbaca." if revision else "",
                        verifier,
                        _iso(at),
                    )
                    events.add(
                        ct_application,
                        app_id,
                        verifier,
                        "document_reviewed",
                        "",
                        verdict,
                        requirement.name,
                        _iso(at),
                    )
            if not submitted:
                continue
            events.add(
                ct_application,
                app_id,
                candidate,
                "status",
                "draft",
                "submitted",
                "",
                _iso(submitted_at),
            )
            if status == "submitted":
                continue
            claimed = submitted_at + (reviewed_at - submitted_at) / 3
            events.add(
                ct_application,
                app_id,
                verifier,
                "status",
                "submitted",
                "in_review",
                "",
                _iso(claimed),
            )
            if status == "in_review":
                continue
            decided = {"returned": "returned", "rejected": "rejected"}.get(status, "verified")
            events.add(
                ct_application,
                app_id,
                verifier,
                "status",
                "in_review",
                decided,
                decision_note,
                _iso(reviewed_at),
            )
        for copier in (applications, snapshots, documents, reviews):
            copier.flush()
        t = lap("applications", t)

        # --- exam sessions, seats and results ---------------------------------------------------
        capacity = 50
        sessions = Copier(
            raw,
            ExamSession,
            (
                "id service_id starts_at ends_at mode meeting_link platform venue "
                "capacity booking_opens_at booking_closes_at status head_assessor_id "
                "instructions results_published_at results_published_by_id created_at"
            ),
        )
        session_assessors = Copier(raw, ExamSession.assessors.through, "examsession_id user_id")
        seats = Copier(
            raw,
            Seat,
            (
                "id session_id application_id is_active attendance "
                "attendance_marked_by_id attendance_marked_at reminded_at created_at "
                "created_by_id"
            ),
        )
        results = Copier(
            raw,
            Result,
            (
                "seat_id outcome score unit_outcomes notes status recorded_by_id "
                "recorded_at published_at"
            ),
        )
        # Seats: the scheduled (upcoming sessions), then the sat ones (passed, failed), up to
        # the target count.
        sat = passed_ids + failed_ids
        upcoming_seats = scheduled_ids[: counts["seats"]]
        past_seats = sat[: max(0, counts["seats"] - len(upcoming_seats))]
        session_id = 0
        seat_id = 0

        def new_session(starts: datetime, held: bool) -> int:
            nonlocal session_id
            session_id += 1
            online = rng.random() < 0.7
            head = rng.choice(assessors)
            published = starts + timedelta(days=3) if held else None
            sessions.add(
                session_id,
                service.pk,
                _iso(starts),
                _iso(starts + timedelta(hours=3)),
                "online" if online else "offline",
                f"https://zoom.example/j/{rng.randrange(10**9, 10**10)}" if online else "",
                "Zoom" if online else "",
                "" if online else "Gedung Perpustakaan Nasional, Jl. Medan Merdeka Selatan 11",
                capacity,
                _iso(starts - timedelta(days=30)),
                _iso(starts - timedelta(days=2)),
                "held" if held else "open",
                head,
                "",
                _iso(published) if published else None,
                head if held else None,
                _iso(starts - timedelta(days=35)),
            )
            for assessor in {head, rng.choice(assessors)}:
                session_assessors.add(session_id, assessor)
            return session_id

        # Upcoming sessions keep two seats free, on every seed (the committee's session page
        # then offers the waiting candidates, and the waiting list has a seat to offer): when
        # they were filled to capacity, whether one had a free seat depended on the seed's size.
        filled = capacity - 2
        for offset in range(0, len(upcoming_seats), filled):
            starts = (now + timedelta(days=7 + offset // filled * 3)).replace(
                hour=2, minute=0, second=0, microsecond=0
            )
            current_session = new_session(starts, held=False)
            for app_id in upcoming_seats[offset : offset + filled]:
                seat_id += 1
                seats.add(
                    seat_id,
                    current_session,
                    app_id,
                    "t",
                    "",
                    None,
                    None,
                    None,
                    _iso(now - timedelta(days=rng.uniform(1, 20))),
                    scheduler,
                )
        passed_set = set(passed_ids)
        for offset in range(0, len(past_seats), capacity):
            starts = (now - timedelta(days=40 + offset // capacity * 4)).replace(
                hour=2, minute=0, second=0, microsecond=0
            )
            current_session = new_session(starts, held=True)
            for app_id in past_seats[offset : offset + capacity]:
                seat_id += 1
                marked = starts + timedelta(hours=3)
                seats.add(
                    seat_id,
                    current_session,
                    app_id,
                    "t",
                    "present",
                    scheduler,
                    _iso(marked),
                    _iso(starts - timedelta(days=1)),
                    _iso(starts - timedelta(days=20)),
                    scheduler,
                )
                passed = app_id in passed_set
                results.add(
                    seat_id,
                    "passed" if passed else "failed",
                    f"{rng.uniform(70, 95) if passed else rng.uniform(40, 69):.2f}",
                    "{}",
                    "",
                    "published",
                    rng.choice(assessors),
                    _iso(marked),
                    _iso(starts + timedelta(days=3)),
                )
        for copier in (sessions, session_assessors, seats, results):
            copier.flush()
        t = lap("seats", t)

        # --- certificates, for passed applications ----------------------------------------------
        # Each numbered certificate has its bit in the provider's revocation list, as issuance
        # gives it (portal.credentials.status): index = its sequence - 1.
        status_list = StatusList.objects.create(provider_id=service.provider_id, ordinal=1)
        certificates = Copier(
            raw,
            Certificate,
            (
                "id public_id verification_token application_id service_id status due_date name "
                "nip birth_place "
                "birth_date rank position purpose level institution "
                "candidate_confirmed_at correction_request validated_at validated_by_id "
                "number number_year number_sequence issued_at needs_disposition "
                "disposition_note disposed_at signed_at signed_by_id legalised_at "
                "legalised_by_id pdf pdf_state legalised_pdf legalised_pdf_state "
                "courier tracking_number sent_on delivered_at revocation_reason "
                "status_list_id status_list_index created_at updated_at"
            ),
        )
        holders = passed_ids[: counts["certificates"]]
        certificate_statuses = sorted(
            _weighted(rng, CERTIFICATE_SHARES, len(holders)),
            key=list(CERTIFICATE_SHARES).index,
            reverse=True,
        )  # the oldest passes are furthest along
        numbers = []
        qr_codes = []  # what a certificate's QR code leads to: its number and token
        sequence = 0
        year = today.year
        for cert_id, (app_id, status) in enumerate(
            zip(holders, certificate_statuses, strict=True), 1
        ):
            candidate = candidate_ids[app_id - 1]
            nip, name, institution, _unit, level, rank = people[app_id - 1]
            opened = now - timedelta(days=rng.uniform(20, 50))
            stage = list(CERTIFICATE_SHARES).index(status)
            number = ""
            public_id, token = _uuid(rng), _token(rng)
            if status in NUMBERED:
                sequence += 1
                number = f"UKP/{year}/{sequence:06d}"
                numbers.append(number)
                if status in SIGNED:  # only a signed certificate carries the QR code
                    qr_codes.append({"number": number, "token": token})
            issued = opened + timedelta(days=4)
            signed = opened + timedelta(days=6) if status in SIGNED else None
            certificates.add(
                cert_id,
                public_id,
                token,
                app_id,
                service.pk,
                status,
                _working_days_after(today, 2).isoformat() if stage < 5 else None,
                f"{name}, S.I.Pust.",
                nip,
                rng.choice(CITIES),
                date(int(nip[:4]), int(nip[4:6]), int(nip[6:8])).isoformat(),
                f"{ranks[rank].name} ({rank})",
                f"Pustakawan {levels[level].name.removeprefix('Pustakawan ')}",
                "Kenaikan jenjang",
                levels[level].name,
                institution,
                _iso(opened + timedelta(days=1)) if stage >= 1 else None,
                "",
                _iso(opened + timedelta(days=2)) if stage >= 1 else None,
                officer if stage >= 1 else None,
                number,
                year if number else None,
                sequence if number else None,
                _iso(issued) if number else None,
                "f",
                "",
                None,
                _iso(signed) if signed else None,
                official if signed else None,
                _iso(signed + timedelta(days=1)) if signed and stage >= 5 else None,
                officer if signed and stage >= 5 else None,
                "",
                "",
                "",
                "",
                "JNE" if status in ("sent", "delivered") else "",
                f"JNE{rng.randrange(10**11, 10**12)}" if status in ("sent", "delivered") else "",
                (today - timedelta(days=5)).isoformat()
                if status in ("sent", "delivered")
                else None,
                _iso(now - timedelta(days=1)) if status == "delivered" else None,
                "",
                status_list.pk if number else None,
                sequence - 1 if number else None,
                _iso(opened),
                _iso(opened + timedelta(days=stage)),
            )
            events.add(
                ct_application, app_id, candidate, "certificate_opened", "", "", "", _iso(opened)
            )
        certificates.flush()
        if sequence:
            NumberSequence.objects.create(service=service, year=year, last=sequence)
            StatusList.objects.filter(pk=status_list.pk).update(allocated=sequence)
        t = lap("certificates", t)

        # --- account claims and registration mails ---------------------------------------------
        # As registration.services.account_claim_submit files a claim: the claim_link mail it
        # came from (used), the claim, its KTP and Kartu Pegawai, an event on the claim and one
        # on the account; a decision adds the panel's event (and, approved, the account's).
        # Registration mails are pruned after REGISTRATION_MAIL_KEEP, so a claim older than
        # that has lost its link row, as in production; the register_link rows of accounts made
        # within it are kept (used, pointing at the account).
        claims = Copier(
            raw,
            AccountClaim,
            (
                "id public_id librarian_id account_id email full_name statement status link_id "
                "decided_by_id decided_at decision_note created_at updated_at"
            ),
        )
        claim_documents = Copier(
            raw,
            ClaimDocument,
            (
                "id public_id claim_id kind file original_name file_kind content_type size "
                "sha256 uploaded_at"
            ),
        )
        mails = Copier(
            raw, RegistrationMail, "id kind nip email token_hash created_at used_at user_id"
        )
        mail_id = 0

        def mail(kind, nip, email, at, *, used=None, user=None, token=None) -> int:
            nonlocal mail_id
            mail_id += 1
            token_hash = link_token_hash(token or _token(rng)) if kind in LINK_KINDS else ""
            mails.add(
                mail_id,
                kind,
                nip,
                email,
                token_hash,
                _iso(at),
                _iso(used) if used else None,
                user,
            )
            return mail_id

        kept_since = now - REGISTRATION_MAIL_KEEP
        for index, joined in enumerate(joined_at):
            if joined >= kept_since:
                mail(
                    "register_link",
                    people[index][0],
                    officials[index] or f"{people[index][0]}@pustakawan.example.go.id",
                    joined - timedelta(minutes=rng.uniform(2, 600)),
                    used=joined,
                    user=candidate_ids[index],
                )
        claim_samples = []
        document_number = 0
        for claim_id, (index, claim_status, address) in enumerate(claims_planned, 1):
            nip, registry_name, *_rest = people[index]
            account = candidate_ids[index]
            public_id = _uuid(rng)
            if claim_status == "submitted":
                filed = now - timedelta(days=rng.uniform(0, 10))
            else:
                filed = now - timedelta(days=rng.uniform(3, 200))
            decided = min(filed + timedelta(days=rng.uniform(0.5, 5)), now)
            link = None
            if filed >= kept_since:
                # Told at /register/ that the NIP has an account (where the registry has no
                # official address, which that mail would have gone to), then the claim's link.
                asked = filed - timedelta(minutes=rng.uniform(10, 180))
                if not officials[index]:
                    mail("nip_taken", nip, address, asked - timedelta(hours=1))
                link = mail("claim_link", nip, address, asked, used=filed)
            # The owner's name, as on the KTP; a rejected claim mostly someone else's.
            other = claim_status == "rejected" and rng.random() < 0.6
            full_name = (
                f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                if other
                else registry_name.upper()
                if rng.random() < 0.5
                else registry_name
            )
            verifier = rng.choice(verifiers)
            note = ""
            if claim_status == "rejected":
                note = "Nama dan foto pada KTP tidak sesuai dengan database Pustakawan."
            claims.add(
                claim_id,
                public_id,
                index + 1,  # the registry entry: candidates are the first ones
                account,
                address,
                full_name,
                "Saya tidak pernah mendaftar di portal ini; NIP saya dipakai akun orang lain."
                if rng.random() < 0.7
                else "",
                claim_status,
                link,
                verifier if claim_status != "submitted" else None,
                _iso(decided) if claim_status != "submitted" else None,
                note,
                _iso(filed),
                _iso(decided if claim_status != "submitted" else filed),
            )
            for kind, photo in (("ktp", rng.random() < 0.6), ("kartu_pegawai", False)):
                document_number += 1
                claim_documents.add(
                    document_number,
                    _uuid(rng),
                    claim_id,
                    kind,
                    f"claims/{public_id}/{uuid.UUID(int=rng.getrandbits(128)).hex}."
                    + ("jpg" if photo else "pdf"),
                    f"{kind}.jpg" if photo else f"{kind}.pdf",
                    "jpeg" if photo else "pdf",
                    "image/jpeg" if photo else "application/pdf",
                    rng.randrange(150_000, 1_900_000),
                    sha,
                    _iso(filed),
                )
            events.add(
                ct_claim,
                claim_id,
                None,
                "account_claim_submitted",
                "",
                "submitted",
                f"Diajukan dari alamat yang dikonfirmasi: {address_mask(address)}",
                _iso(filed),
            )
            events.add(
                ct_user,
                account,
                None,
                "account_claim_submitted",
                "",
                "",
                f"Klaim akun {public_id} diajukan untuk NIP ini.",
                _iso(filed),
            )
            if claim_status != "submitted":
                events.add(
                    ct_claim,
                    claim_id,
                    verifier,
                    "status",
                    "submitted",
                    claim_status,
                    note,
                    _iso(decided),
                )
            if claim_status == "approved":
                old = officials[index] or f"{nip}@pustakawan.example.go.id"
                events.add(
                    ct_user,
                    account,
                    verifier,
                    "account_claim_approved",
                    "",
                    "",
                    f"Klaim {public_id} disetujui: alamat e-mail {address_mask(old)} diganti "
                    f"{address_mask(address)}.",
                    _iso(decided),
                )
            claim_samples.append({"public_id": public_id, "status": claim_status})

        # Links mailed but not opened yet, for NIPs nobody registered (the last registry entries,
        # away from those the register form is posted with): the bench opens them.
        unregistered = len(nips) - n
        open_links = []
        for index in range(len(nips) - min(OPEN_REGISTER_LINKS, unregistered // 2), len(nips)):
            token = _token(rng)
            mail(
                "register_link",
                nips[index],
                officials[index] or f"{nips[index]}@surel.example.id",
                now - timedelta(minutes=rng.uniform(5, 120)),
                token=token,
            )
            open_links.append({"nip": nips[index], "token": token})
        for copier in (mails, claims, claim_documents):
            copier.flush()
        t = lap("claims_and_registration_mails", t)

        # --- complaints ---------------------------------------------------------------------------
        complaints = Copier(
            raw,
            Complaint,
            (
                "id public_id tracking_code kind service_id provider_id subject description "
                "incident_date channel external_reference reporter_id reporter_name "
                "reporter_email reporter_phone anonymous confidential status priority "
                "assigned_to_id due_date forwarded_to recorded_by_id received_at "
                "verified_at first_answered_at closed_at created_at updated_at "
                "about_kind about_key about_label"
            ),
        )
        messages = Copier(raw, ComplaintMessage, "complaint_id kind body author_id created_at")
        codes: set[str] = set()
        closed_codes: list[str] = []  # the tracking probe's, in a state both seeds have
        complaint_statuses = _weighted(rng, COMPLAINT_SHARES, counts["complaints"])
        for complaint_id, status in enumerate(complaint_statuses, 1):
            code = ""
            while not code or code in codes:
                symbols = "".join(rng.choice(TRACKING_ALPHABET) for _ in range(8))
                code = f"ADU-{symbols[:4]}-{symbols[4:]}"
            codes.add(code)
            if status == "closed":
                closed_codes.append(code)
            kind, subject = rng.choice(SUBJECTS)
            received = now - timedelta(days=rng.uniform(0, 365) if status != "received" else 3)
            path = COMPLAINT_PATH[status]
            steps = [min(received + timedelta(days=step * 1.5), now) for step in range(len(path))]
            by_candidate = rng.random() < 0.4
            reporter = rng.choice(candidate_ids) if by_candidate else None
            anonymous = rng.random() < 0.1
            handler = rng.choice(handlers) if status != "received" else None
            answered = steps[path.index("answered")] if "answered" in path else None
            complaints.add(
                complaint_id,
                _uuid(rng),
                code,
                kind,
                service.pk if rng.random() < 0.8 else None,
                # The service's provider answers; without a service, the portal's default
                # provider (Perpusnas's, as the librarian exam's).
                service.provider_id,
                subject,
                f"{subject}. Saya sudah mencoba beberapa kali sejak minggu lalu namun belum ada "
                "kejelasan. Mohon bantuan dan tindak lanjutnya. Terima kasih.",
                (received - timedelta(days=2)).date().isoformat(),
                rng.choice(CHANNELS),
                "",
                reporter,
                "" if anonymous else f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "" if anonymous else f"pelapor{complaint_id}@contoh.id",
                "",
                "t" if anonymous else "f",
                "t" if rng.random() < 0.05 else "f",
                status,
                rng.choice(["low", "normal", "normal", "normal", "high", "urgent"]),
                handler,
                _working_days_after(today, 3).isoformat()
                if status in ("received", "verified", "in_progress")
                else None,
                "Badan Kepegawaian Negara" if status == "forwarded" else "",
                None,
                _iso(received),
                _iso(steps[1]) if status not in ("received",) else None,
                _iso(answered) if answered else None,
                _iso(steps[-1])
                if status in ("closed", "forwarded", "rejected", "duplicate")
                else None,
                _iso(received),
                _iso(steps[-1]),
                # About nothing in particular: the clusters are seeded on their own below.
                "",
                "",
                "",
            )
            previous = ""
            for step, at in zip(path, steps, strict=True):
                events.add(
                    ct_complaint,
                    complaint_id,
                    handler if step != "received" else None,
                    "status",
                    previous,
                    step,
                    "",
                    _iso(at),
                )
                previous = step
            if answered:
                messages.add(
                    complaint_id,
                    "reply",
                    "Terima kasih atas laporan Anda. Permasalahan sudah kami tindak lanjuti "
                    "bersama tim teknis; silakan dicoba kembali.",
                    handler,
                    _iso(answered),
                )
        for copier in (complaints, messages, events):
            copier.flush()
        # A third of the anonymous reporters' seals opened by a handler (resealed when the
        # complaint finished): the supervisor's monthly seal report reads them.
        cursor.execute(
            f'''INSERT INTO "{SealOpening._meta.db_table}"
                   (complaint_id, opened_by_id, opened_at, purpose, reason, resealed_at,
                    notified)
               SELECT id, %s, LEAST(received_at + interval '1 day', now()), 'call_back',
                      'Menghubungi kembali pelapor untuk melengkapi bukti pengaduan.', closed_at,
                      'supervisors'
               FROM "{Complaint._meta.db_table}" WHERE anonymous AND id %% 3 = 0''',  # noqa: S608
            [handlers[0]],
        )
        t = lap("complaints_and_events", t)

        # Sequences after explicit ids, so later inserts (registrations, uploads) get new ones.
        models = [
            Librarian,
            User,
            EmailAddress,
            Profile,
            Application,
            ApplicantSnapshot,
            Document,
            DocumentReview,
            Event,
            ExamSession,
            Seat,
            Result,
            Certificate,
            Complaint,
            ComplaintMessage,
            RegistrationMail,
            AccountClaim,
            ClaimDocument,
        ]
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)

    with connection.cursor() as cursor:
        # Planner statistics and the visibility map, as autovacuum keeps them on a live database
        # (this also sets the hint bits the first reads would otherwise write).
        cursor.execute("VACUUM ANALYZE")
    t = lap("analyze", t)

    # --- sample users, logged in by a session row each -----------------------------------------
    by_status: dict[str, list[int]] = {}
    for candidate, (_app_id, status) in application_of.items():
        by_status.setdefault(status, []).append(candidate)
    sample = []
    for status, members in sorted(by_status.items()):
        # Every status on the dashboard, in proportion, and plenty of drafts to upload to.
        take = max(3, int(400 * STATUS_SHARES[status]))
        if status == "draft":
            take = max(take, 120)
        sample += [(status, pk) for pk in rng.sample(members, min(take, len(members)))]
    sample_users = User.objects.in_bulk([pk for _status, pk in sample])
    verifier_users = staff[Role.VERIFIER]
    sessions_out = []
    session_rows = []
    store = SessionStore()
    expire = now + timedelta(days=1)
    Session = store.model

    def login(user) -> str:
        key = store._get_new_session_key()
        data = {
            "_auth_user_id": str(user.pk),
            "_auth_user_backend": "portal.auth_backends.ModelBackend",
            "_auth_user_hash": user.get_session_auth_hash(),
        }
        session_rows.append(
            Session(session_key=key, session_data=store.encode(data), expire_date=expire)
        )
        return key

    logged_in = [pk for _status, pk in sample] + [user.pk for user in verifier_users]
    _check_no_second_factor(User.objects.filter(pk__in=logged_in), TWO_FACTOR_ROLES)
    for status, pk in sample:
        user = sample_users[pk]
        purpose = applying[application_of[pk][0] - 1][0]
        sessions_out.append(
            {"nip": user.nip, "status": status, "purpose": purpose, "session": login(user)}
        )
    verifier_sessions = [login(user) for user in verifier_users]
    # Seed 002 on the workflow engine: its NIPs are new ones, none in the librarian registry.
    taken = set(nips)
    fresh = (
        nip
        for nip in _nips(random.Random(RANDOM_SEED + 2), 20_000, today)  # noqa: S311
        if nip not in taken
    )
    casework = seed_casework(scale=scale, rng=rng, now=now, nips=fresh, login=login)
    # Seed 004: LAN's competency assessment of institutions (its asesi take fresh NIPs too).
    assessments = seed_assessments(scale=scale, rng=rng, now=now, nips=fresh, login=login)
    # Seed 003: BKPSDM Kota Singkawang's IP-ASN reports from its Perangkat Daerah.
    ipasn = seed_ipasn(scale=scale, rng=rng, now=now, login=login)
    # Issue 19: the other staff pages and the objections, exam cards and surveys.
    more = _seed_services(
        scale=scale, rng=rng, staff=staff, service=service, login=login, today=today
    )
    # Outside any transaction: seed_queues VACUUMs the tables it adds to.
    more.update(
        hook_seed(
            scale=scale,
            now=now,
            login=login,
            samples={
                "verifiers": verifier_sessions,
                "casework": casework,
                "assessments": assessments,
                "ipasn": ipasn,
            },
        )
    )
    Session.objects.bulk_create(session_rows, batch_size=1000)

    registered = n
    samples = {
        "scale": scale,
        "counts": counts,
        "candidates": sessions_out,
        "verifiers": verifier_sessions,
        # The NIP check looks up both kinds; registration takes the unregistered ones (but not
        # those with an open link: the link's button is pressed with the token instead).
        "registered_nips": rng.sample(nips[:registered], min(2000, registered)),
        "unregistered_nips": nips[registered : len(nips) - len(open_links)],
        "register_links": open_links,
        # A closed complaint's first: the query-count probe reads tracking_codes[0], and the
        # tracking page's queries depend on the complaint's status (the journey picks any).
        "tracking_codes": _state_first(
            rng.sample(sorted(codes), min(2000, len(codes))), closed_codes[0]
        ),
        # Every number (the status alone), and what the QR codes of signed ones carry.
        "certificate_numbers": numbers,
        "certificate_qr": qr_codes,
        # The librarian exam's provider: its credentials' issuer profile, JWKS and status list.
        "credential_provider": service.provider.slug,
        "claims": claim_samples,
        "casework": casework,
        "assessments": assessments,
        "ipasn": ipasn,
        **more,
        # Every active service's standard page; the librarian exam's first (it has measurements).
        "standard_slugs": [service.slug]
        + [slug for slug in standard_slugs if slug != service.slug],
        "upload_requirement": next(r.code for r in requirements if not r.is_photo),
        "bare_user": next(s["nip"] for s in sessions_out if s["status"] == "scheduled"),
        "queue_visible": sum(
            len(by_status.get(s, []))
            for s in ("submitted", "in_review", "returned", "verified", "rejected")
        ),
    }
    timings["sessions"] = round(time.perf_counter() - t, 2)
    timings["total"] = round(time.perf_counter() - started, 2)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        size = cursor.fetchone()[0]
    problems = _check_rules()
    if problems:
        raise SystemExit("The seeded data breaks the portal's rules:\n" + "\n".join(problems))
    from objections.models import Objection
    from scheduling.models import SeatOffer, WaitlistEntry
    from survey.models import SurveyResponse

    rows = {}
    for label, model in [
        ("providers", Provider),
        ("services (active)", Service.objects.filter(is_active=True)),
        ("registry entries", Librarian),
        ("registry entries with an official e-mail", Librarian.objects.exclude(email="")),
        ("candidates (users)", User),
        ("profiles", Profile),
        ("applications", Application),
        ("documents", Document),
        ("document reviews", DocumentReview),
        ("events", Event),
        ("exam sessions", ExamSession),
        ("seats", Seat),
        ("results", Result),
        ("certificates", Certificate),
        ("complaints", Complaint),
        ("complaint messages", ComplaintMessage),
        ("account claims", AccountClaim),
        ("claim documents", ClaimDocument),
        ("registration mails", RegistrationMail),
        ("engine cases (seed 002)", Case),
        ("engine step runs", StepRun),
        ("objections", Objection),
        ("waiting list entries", WaitlistEntry),
        ("seat offers", SeatOffer),
        ("survey responses", SurveyResponse),
    ]:
        rows[label] = (model if isinstance(model, QuerySet) else model.objects).count()
    samples["seed"] = {"seconds": timings, "rows": rows, "database_mib": round(size / 2**20)}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(samples))
    return samples["seed"]


def _seed_services(*, scale, rng, staff, service, login, today) -> dict:
    """Issue 19: what the rest of the librarian exam's pages need, through the portal's own
    services where a page reads what they write: objections to rejections (the verifiers'
    queue, a candidate's objection), an exam card's check token, and logged-in sample staff
    (scheduling committee, head of panel, certificate officer, complaint team) with an
    application, a session, a certificate and a complaint to open. Returns the samples."""
    from django.utils import timezone

    from certificates.models import Certificate
    from complaints.models import Complaint
    from objections.models import Objection
    from objections.selectors import decision_for
    from objections.services import objection_submit
    from portal.constants import Role
    from registration.models import Application
    from scheduling.exam_card import card_token
    from scheduling.models import ExamSession, Seat
    from scheduling.selectors import session_seats_annotate

    rejected = list(
        Application.objects.filter(service=service, status="rejected")
        .select_related("candidate", "service__provider")
        .order_by("pk")
    )
    wanted = max(3, int(len(rejected) * 0.1))  # a tenth of the rejected object
    objections = []
    for application in rng.sample(rejected, min(wanted + 1, len(rejected))):
        decision = decision_for(application=application)
        if decision is None or len(objections) == wanted:
            continue
        objections.append(
            objection_submit(
                application=application,
                actor=application.candidate,
                reason="Semua berkas saya sudah sesuai ketentuan; mohon ditinjau kembali.",
                today=timezone.localtime(decision.decided_at).date(),
            )
        )
    waitlist = _seed_waitlist(scale=scale, rng=rng, service=service)
    responses = _seed_survey(scale=scale, rng=rng, service=service)
    # One rejected candidate who has not objected: the objection form.
    objected = {objection.application_id for objection in objections}
    fresh = next(a for a in rejected if a.pk not in objected)
    seat = (
        Seat.objects.filter(application__status="scheduled", session__service=service)
        .select_related("application", "session")
        .order_by("pk")
        .first()
    )
    # The committee's session page probed in one state on every seed: open, not started, with
    # a free seat (the page offers the waiting candidates and their search), and of those the
    # fullest (the seat table is what that page spends its time on).
    placing = (
        session_seats_annotate(
            ExamSession.objects.filter(service=service, status="open", starts_at__gt=timezone.now())
        )
        .filter(seats_taken__gt=0, seats_free__gt=0)
        .order_by("-seats_taken", "pk")
        .first()
    )
    graded = (
        ExamSession.objects.filter(service=service, seats__result__isnull=False)
        .exclude(head_assessor=None)
        .select_related("head_assessor")
        .order_by("-starts_at")
        .first()
    )
    return {
        "objection": {
            "public_id": str(objections[0].public_id),
            "candidate": login(objections[0].application.candidate),
            "new_application": str(fresh.public_id),
            "new_candidate": login(fresh.candidate),
            "count": Objection.objects.count(),
        },
        "waitlist": waitlist,
        "survey_responses": responses,
        "exam_card": {"token": card_token(application=seat.application, session=seat.session)},
        "staff": {
            "scheduler": login(staff[Role.SCHEDULER][0]),
            "assessor": login(graded.head_assessor),
            "officer": login(staff[Role.CERTIFICATE_OFFICER][0]),
            "handler": login(staff[Role.COMPLAINT_HANDLER][0]),
            "supervisor": login(staff[Role.COMPLAINT_SUPERVISOR][0]),
            "exam_session": placing.pk,
            "graded_session": graded.pk,
            "application": str(
                Application.objects.filter(service=service, status="submitted")
                .order_by("pk")
                .values_list("public_id", flat=True)[0]
            ),
            "certificate": str(
                Certificate.objects.order_by("pk").values_list("public_id", flat=True)[0]
            ),
            "complaint": str(
                Complaint.objects.filter(status="in_progress")
                .order_by("pk")
                .values_list("public_id", flat=True)[0]
            ),
            "complaint_cluster": _seed_complaint_clusters(service=service),
            "survey_slug": service.slug,
            # A closed complaint: its reporter may answer the survey about its handling.
            "closed_complaint_code": Complaint.objects.filter(status="closed")
            .order_by("pk")
            .values_list("tracking_code", flat=True)[0],
        },
    }


def _seed_complaint_clusters(*, service) -> str:
    """Clusters of complaints about the service's document requirements (issue 20): the first
    200 open complaints of the service, dealt round the requirements, each requirement's in one
    open cluster. Returns the public id of the largest cluster (the cluster page's sample)."""
    from django.db.models import Count

    from complaints.constants import AboutKind
    from complaints.models import Complaint, ComplaintCluster

    requirements = list(service.requirements.order_by("pk")[:5])
    open_ids = list(
        Complaint.objects.filter(
            service=service, status__in=["received", "verified", "in_progress"]
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:200]
    )
    for index, requirement in enumerate(requirements):
        label = f"{requirement.name} ({service.name})"
        cluster = ComplaintCluster.objects.create(
            provider_id=service.provider_id,
            service=service,
            about_kind=AboutKind.REQUIREMENT,
            about_key=str(requirement.pk),
            label=label[:200],
        )
        Complaint.objects.filter(pk__in=open_ids[index :: len(requirements)]).update(
            about_kind=AboutKind.REQUIREMENT,
            about_key=str(requirement.pk),
            about_label=label[:200],
            cluster=cluster,
        )
    largest = (
        ComplaintCluster.objects.annotate(size=Count("complaints")).order_by("-size", "pk").first()
    )
    return str(largest.public_id)


def _seed_waitlist(*, scale, rng, service) -> dict:
    """The waiting list of full sessions: 2 % of the verified applications waiting (the oldest
    first), a third as many whose offer expired earlier, and one open offer where an open
    session still has a free seat (an open offer holds that seat)."""
    from datetime import timedelta

    from django.db.models import Count, F, Q
    from django.utils import timezone

    from registration.models import Application
    from scheduling.models import ExamSession, SeatOffer, WaitlistEntry

    now = timezone.now()
    verified = list(
        Application.objects.filter(service=service, status="verified")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    chosen = rng.sample(verified, min(len(verified), max(3, int(len(verified) * 0.02))))
    expired_share = len(chosen) // 4
    entries = WaitlistEntry.objects.bulk_create(
        WaitlistEntry(
            application_id=pk,
            status="expired" if index < expired_share else "waiting",
            closed_at=now - timedelta(days=3) if index < expired_share else None,
        )
        for index, pk in enumerate(chosen)
    )
    # Joined over the last 60 days (created_at is set on insert): one UPDATE, by id.
    WaitlistEntry.objects.filter(pk__in=[e.pk for e in entries]).update(
        created_at=now - timedelta(days=60) + (F("id") % 60) * timedelta(days=1)
    )
    free = (
        ExamSession.objects.filter(service=service, status="open", starts_at__gt=now)
        .annotate(taken=Count("seats", filter=Q(seats__is_active=True)))
        .filter(taken__lt=F("capacity"))
        .order_by("starts_at")
        .first()
    )
    offers = [
        SeatOffer(
            entry=entry,
            session=free or ExamSession.objects.filter(service=service).order_by("pk").first(),
            status="expired",
            expires_at=now - timedelta(days=3),
            closed_at=now - timedelta(days=3),
        )
        for entry in entries[:expired_share]
    ]
    waiting = [entry for entry in entries if entry.status == "waiting"]
    if free is not None and waiting:
        first = min(waiting, key=lambda entry: entry.pk)
        WaitlistEntry.objects.filter(pk=first.pk).update(status="offered")
        offers.append(
            SeatOffer(entry=first, session=free, status="open", expires_at=now + timedelta(days=1))
        )
    SeatOffer.objects.bulk_create(offers)
    return {"entries": len(entries), "offers": len(offers), "open_offer": free is not None}


def _seed_survey(*, scale, rng, service) -> int:
    """Satisfaction survey answers (SKM) over the last eight months: 5,000 at scale 1, most after
    an application, some after a complaint, the rest from the public form."""
    from datetime import timedelta

    from django.db.models import F
    from django.utils import timezone

    from registration.models import Application
    from survey.models import SurveyResponse

    total = max(20, int(5000 * scale))
    applications = list(
        Application.objects.filter(service=service, status__in=["passed", "failed", "rejected"])
        .order_by("pk")
        .values_list("pk", flat=True)[: total // 2]
    )
    rows = []
    for index in range(total):
        application = applications[index] if index < len(applications) else None
        rows.append(
            SurveyResponse(
                service=service,
                source="application" if application else "public",
                application_id=application,
                **{f"u{n}": rng.choices([1, 2, 3, 4], [1, 3, 10, 8])[0] for n in range(1, 10)},
                sex=rng.choice(["L", "P", ""]),
                suggestion="" if rng.random() < 0.8 else "Pelayanan sudah baik, pertahankan.",
            )
        )
    made = SurveyResponse.objects.bulk_create(rows, batch_size=5000)
    now = timezone.now()
    SurveyResponse.objects.filter(pk__in=[r.pk for r in made]).update(
        submitted_at=now - (F("id") % 240) * timedelta(days=1)
    )
    return len(made)


# === Issue 19 hook point: scripts/bench/queues.py's seed_queues =================================
def hook_seed(*, scale: float, now, login, samples: dict) -> dict:
    """More seeded data and its samples: every staff queue's reader and deep-page rows
    (scripts.bench.queues). `samples` holds what the seed has made so far that seed_queues
    reads: the verifiers' sessions and the casework, assessments and IP-ASN samples. Runs
    outside a transaction (seed_queues VACUUMs), before the session rows are written."""
    from scripts.bench.queues import seed_queues

    return {"queues": seed_queues(scale=scale, now=now, login=login, samples=samples)}


# === end of the hook point =====================================================================


def _check_no_second_factor(users, roles) -> None:
    """The bench logs in candidates and verifiers by a session row; a user in a two-factor role
    (or a superuser) without an authenticator reaches no page but the setup, so none may be
    among them."""
    from django.db.models import Q

    wrong = list(
        users.filter(Q(is_superuser=True) | Q(groups__name__in=roles))
        .values_list("username", flat=True)
        .distinct()
    )
    if wrong:
        raise SystemExit(f"Sample users in a two-factor role: {', '.join(wrong)}")


def _check_rules() -> list[str]:
    """What in the seeded data breaks a rule the portal enforces, in its own words: every rank
    within its level (profiles, snapshots, the registry), every application's level combination
    for its purpose and the candidate's rank, a snapshot past the draft, accounts of registry
    entries with an official e-mail holding that address (unless a claim moved the account),
    and every claim with its two documents and, while kept, its used link. Checked on distinct
    combinations, so the rules' own functions run a few hundred times, not once per row."""
    from django.db.models import Count, F, Q

    from registration.levels import level_combination_error, level_rank_error
    from registration.models import (
        AccountClaim,
        ApplicantSnapshot,
        Application,
        Level,
        Librarian,
        Profile,
        Rank,
        User,
    )

    levels = {
        level.pk: level for level in Level.objects.select_related("lowest_rank", "highest_rank")
    }
    ranks = {rank.pk: rank for rank in Rank.objects.all()}
    problems = []
    pairs = set()
    for model in (Profile, ApplicantSnapshot, Librarian):
        rows = model.objects.exclude(level=None).exclude(rank=None)
        pairs |= {(model.__name__, *pair) for pair in rows.values_list("level", "rank").distinct()}
    for name, level, rank in sorted(pairs):
        error = level_rank_error(level=levels[level], rank=ranks[rank])
        if error:
            problems.append(f"{name}: {error}")
    combinations = Application.objects.values_list(
        "purpose", "current_level", "target_level", "candidate__profile__rank"
    ).distinct()
    for purpose, current, target, rank in combinations:
        error = level_combination_error(
            purpose=purpose,
            current=levels.get(current),
            target=levels.get(target),
            rank=ranks.get(rank),
        )
        if error:
            problems.append(f"Application ({purpose}): {error}")
    if Application.objects.exclude(status="draft").filter(snapshot=None).exists():
        problems.append("An application past the draft has no snapshot.")
    moved = AccountClaim.objects.filter(status="approved").values("account")
    official_elsewhere = (
        User.objects.exclude(pk__in=moved)
        .filter(nip__in=Librarian.objects.exclude(email="").values("nip"))
        .exclude(email__in=Librarian.objects.exclude(email="").values("email"))
    )
    if official_elsewhere.exists():
        problems.append("An account of a registry entry with an official e-mail has another.")
    if AccountClaim.objects.filter(status="approved").exclude(account__email=F("email")).exists():
        problems.append("An approved claim's account does not hold the claimant's address.")
    incomplete = AccountClaim.objects.annotate(documents_count=Count("documents")).filter(
        ~Q(documents_count=2) | Q(link__used_at=None, link__isnull=False)
    )
    if incomplete.exists():
        problems.append("A claim lacks a document, or its link was never opened.")
    return problems


def _state_first(sample: list[str], first: str) -> list[str]:
    """`sample` with `first` at its head: the query probes read a sample list's first item, and
    a page's queries depend on the state of what it shows, so both seeds' probes must see the
    same state whatever the random draw picked."""
    return [first, *(item for item in sample if item != first)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = the full volumes")
    parser.add_argument("--out", type=Path, required=True, help="where the samples JSON goes")
    args = parser.parse_args()
    sys.path.insert(0, str(BASE_DIR))
    django.setup()
    summary = seed(scale=args.scale, out=args.out)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
