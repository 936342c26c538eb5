"""The mixed journey of `make bench` as data: per role, the steps a simulated user takes, with
their weights, the path each builds from the seed's samples and the session it is sent with.

scripts.bench.locustfile runs it (one locust class per role); tests/test_bench_coverage.py reads
it, with scripts.bench.run's query probes, to check that every page of the portal is driven or
probed by the bench, or excluded there with a reason. Nothing here imports locust or Django, so
the test stays cheap.

A step's `path` and `session` are functions of (samples, rng): rng is the simulated user's own
random.Random, seeded from the user's number, so two runs make the same choices in the same
order (scripts.bench.locustfile). A session of None keeps the user's own (set at start), "" sends
none.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

# Share of certificate checks that come from a QR code (number and token).
QR_SHARE = 0.8

Build = Callable[[dict, random.Random], str]


@dataclass(frozen=True)
class Step:
    name: str  # the page's name in the report
    weight: int
    path: Build
    session: Build | None = None  # None: the user's own session
    method: str = "GET"  # POST steps are built by the locustfile (body) from `name`
    expect: int = 200


@dataclass(frozen=True)
class Role:
    doc: str
    steps: tuple[Step, ...]
    # The session a user of this role starts with ("" none), drawn once per user.
    start_session: Build = lambda samples, rng: ""


def _candidates(samples: dict, *statuses: str, exclude: str = "") -> list[dict]:
    return [
        c
        for c in samples["candidates"]
        if (not statuses or c["status"] in statuses) and c["status"] != exclude
    ]


def _verify_path(samples: dict, rng: random.Random) -> str:
    # Most checks come from the QR code (number and token: the holder's name and level); some
    # from a number typed in (the status alone).
    if rng.random() < QR_SHARE:
        qr = rng.choice(samples["certificate_qr"])
        return f"/certificates/verify/{qr['number']}/?{urlencode({'t': qr['token']})}"
    return f"/certificates/verify/{rng.choice(samples['certificate_numbers'])}/"


def _nip_check(samples: dict, rng: random.Random) -> str:
    pool = samples["registered_nips"] if rng.random() < 0.8 else samples["unregistered_nips"]
    return f"/cek-nip/?nip={rng.choice(pool)}"


def _fixed(path: str) -> Build:
    return lambda samples, rng: path


def _key(*keys: str) -> Build:
    """samples[k1][k2]...: a session key or an id the seed wrote."""

    def build(samples: dict, rng: random.Random) -> str:
        value = samples
        for key in keys:
            value = value[key]
        return value

    return build


def _path(template: str, *keys: str) -> Build:
    value = _key(*keys)
    return lambda samples, rng: template.format(value(samples, rng))


ROLES: dict[str, Role] = {
    "PUBLIC": Role(
        doc="Anyone: the home page, the service standards (the list and each service's page), "
        "the NIP check, the register and NIP-claim forms, the certificate check (mostly from a "
        "QR code, with its token), an exam card's check, complaints (form, submission, "
        "tracking, the public report), the satisfaction survey and the login page.",
        steps=(
            Step("home", 3, _fixed("/")),
            Step(
                "service_standard",
                2,
                lambda samples, rng: f"/layanan/{rng.choice(samples['standard_slugs'])}/",
            ),
            Step("service_standards", 1, _fixed("/layanan/")),
            Step("nip_check", 4, _nip_check),
            Step("register_form", 1, _fixed("/register/")),
            Step("claim_start", 1, _fixed("/klaim-nip/")),
            Step("certificate_verify", 2, _verify_path),
            Step("complaint_form", 1, _fixed("/pengaduan/")),
            Step(
                "complaint_track",
                2,
                lambda samples, rng: f"/pengaduan/lacak/{rng.choice(samples['tracking_codes'])}/",
            ),
            Step("complaint_submit", 1, _fixed("/pengaduan/"), method="POST", expect=302),
            Step("complaint_report", 1, _fixed("/pengaduan/laporan/")),
            Step("survey_form", 1, _path("/survei/{}/", "staff", "survey_slug")),
            Step("exam_card_check", 1, _path("/kartu-ujian/cek/{}/", "exam_card", "token")),
            Step("login_form", 1, _fixed("/accounts/login/")),
        ),
    ),
    "CANDIDATE": Role(
        doc="A logged-in candidate past the draft: the dashboard, the exam schedule (verified), "
        "their certificate (passed), their objection (rejected or failed), the profile.",
        start_session=lambda samples, rng: rng.choice(_candidates(samples, exclude="draft"))[
            "session"
        ],
        steps=(
            Step("dashboard", 6, _fixed("/dashboard/")),
            Step("profile", 1, _fixed("/profil/")),
            Step(
                "exam_schedule",
                1,
                _fixed("/jadwal-ujian/"),
                session=lambda samples, rng: rng.choice(_candidates(samples, "verified"))[
                    "session"
                ],
            ),
            Step(
                "certificate_mine",
                1,
                _fixed("/sertifikat/"),
                session=lambda samples, rng: rng.choice(_candidates(samples, "passed"))["session"],
            ),
            Step(
                "objection_page",
                1,
                _path("/keberatan/{}/", "objection", "public_id"),
                session=_key("objection", "candidate"),
            ),
        ),
    ),
    "DRAFT": Role(
        doc="A candidate still filling in the application: the dashboard, the task list, a "
        "document page and an upload to it, the profile form.",
        start_session=lambda samples, rng: rng.choice(_candidates(samples, "draft"))["session"],
        steps=(
            Step("dashboard", 2, _fixed("/dashboard/")),
            Step("application_tasklist", 1, _fixed("/pengajuan/")),
            Step(
                "application_document",
                1,
                lambda samples, rng: f"/pengajuan/berkas/{samples['upload_requirement']}/",
            ),
            Step(
                "upload",
                1,
                lambda samples, rng: f"/pengajuan/berkas/{samples['upload_requirement']}/",
                method="POST",
                expect=302,
            ),
            Step("profile_form", 1, _fixed("/profil/ubah/")),
        ),
    ),
    "VERIFIER": Role(
        doc="The verification panel: the queue's first page and a deep one, an application, the "
        "account claims' list and one claim, the objections' queue and one objection.",
        start_session=lambda samples, rng: rng.choice(samples["verifiers"]),
        steps=(
            Step("queue_page_1", 3, _fixed("/verifikasi/?status=semua")),
            Step("queue_page_1000", 1, _fixed("/verifikasi/?status=semua&halaman=1000")),
            Step("verification_detail", 1, _path("/verifikasi/{}/", "staff", "application")),
            Step("claims_list", 1, _fixed("/verifikasi/klaim/")),
            Step(
                "claim_page",
                1,
                lambda samples, rng: (
                    f"/verifikasi/klaim/{rng.choice(samples['claims'])['public_id']}/"
                ),
            ),
            Step("objections_queue", 1, _fixed("/keberatan/petugas/")),
            Step(
                "objection_staff_page",
                1,
                _path("/keberatan/petugas/{}/", "objection", "public_id"),
            ),
            Step("staff_home", 1, _fixed("/staf/")),
        ),
    ),
    "STAFF": Role(
        doc="The other staff of the librarian exam: the scheduling committee (sessions, a "
        "session), the assessor (sessions to grade, one session), the certificate officers' "
        "queue and a certificate, the complaint team's queue and a complaint, the survey "
        "results.",
        steps=(
            Step("scheduling_sessions", 2, _fixed("/penjadwalan/"), _key("staff", "scheduler")),
            Step(
                "scheduling_session",
                2,
                _path("/penjadwalan/sesi/{}/", "staff", "exam_session"),
                _key("staff", "scheduler"),
            ),
            Step("results_sessions", 1, _fixed("/penilaian/"), _key("staff", "assessor")),
            Step(
                "results_session",
                1,
                _path("/penilaian/sesi/{}/", "staff", "graded_session"),
                _key("staff", "assessor"),
            ),
            Step("certificates_queue", 2, _fixed("/sertifikat/staf/"), _key("staff", "officer")),
            Step(
                "certificates_detail",
                1,
                _path("/sertifikat/staf/{}/", "staff", "certificate"),
                _key("staff", "officer"),
            ),
            Step("complaints_queue", 2, _fixed("/pengaduan/staf/"), _key("staff", "handler")),
            Step(
                "complaints_detail",
                1,
                _path("/pengaduan/staf/{}/", "staff", "complaint"),
                _key("staff", "handler"),
            ),
            Step(
                "complaints_cluster_detail",
                1,
                _path("/pengaduan/staf/kelompok/{}/", "staff", "complaint_cluster"),
                _key("staff", "handler"),
            ),
            Step("survey_results", 1, _fixed("/survei/hasil/"), _key("staff", "handler")),
        ),
    ),
    "ENGINE": Role(
        doc="Seed 002 on the workflow engine: a Perangkat Daerah operator's proposals, an "
        "employee's case, the BKPSDM verifier's queue and an external assessor's sessions.",
        steps=(
            Step(
                "engine_proposals",
                2,
                _fixed("/permohonan-layanan/usulan/"),
                _key("casework", "operator"),
            ),
            Step(
                "engine_case",
                2,
                _path("/permohonan-layanan/{}/", "casework", "employee_case"),
                _key("casework", "employee"),
            ),
            Step(
                "engine_staff_queue",
                2,
                _fixed("/permohonan-layanan/petugas/"),
                _key("casework", "verifier"),
            ),
            Step(
                "engine_sessions",
                1,
                _fixed("/permohonan-layanan/uji/"),
                _key("casework", "assessor"),
            ),
        ),
    ),
    "INSTITUTION": Role(
        doc="Institution accounts and their officials: LAN's assessment (an institution's "
        "operator, the Panitia's queue, an engagement, an asesi) and the IP-ASN report (a "
        "Perangkat Daerah's operator, BKPSDM's officials' queue and a report).",
        steps=(
            Step(
                "assessment_institution_home",
                1,
                _fixed("/penilaian-kompetensi/instansi/"),
                _key("assessments", "operator"),
            ),
            Step(
                "assessment_staff_queue",
                1,
                _fixed("/penilaian-kompetensi/petugas/"),
                _key("assessments", "scheduler"),
            ),
            Step(
                "assessment_engagement",
                1,
                _path("/penilaian-kompetensi/permohonan/{}/", "assessments", "engagement"),
                _key("assessments", "scheduler"),
            ),
            Step(
                "assessment_asesi_home",
                1,
                _fixed("/penilaian-kompetensi/asesi/"),
                _key("assessments", "asesi"),
            ),
            Step("ipasn_home", 1, _fixed("/laporan-ip-asn/"), _key("ipasn", "operator")),
            Step(
                "ipasn_staff_queue",
                1,
                _fixed("/laporan-ip-asn/petugas/"),
                _key("ipasn", "official"),
            ),
            Step(
                "ipasn_staff_report",
                1,
                _path("/laporan-ip-asn/petugas/{}/", "ipasn", "staff_report"),
                _key("ipasn", "official"),
            ),
        ),
    ),
}

# Users per role in the steady run; their sum shares the steady arrival rate equally.
STEADY_USERS = {
    "PUBLIC": 24,
    "CANDIDATE": 11,
    "DRAFT": 5,
    "VERIFIER": 6,
    "STAFF": 4,
    "ENGINE": 4,
    "INSTITUTION": 3,
}
