"""The IP-ASN report's share of the bench seed: seed 003 (BKPSDM Kota Singkawang's Laporan
IP-ASN) with verified Perangkat Daerah and their operators, one official per role of the route,
reports over the years in every state (most completed, the open ones spread over the route's
steps, some returned with their pause), each with its recap entries, and sample sessions for
the pages the bench measures (the operator's home and report, the officials' queue, overview
(first and last page) and report page, the staff home, the standard page with its measured
times).

Called by scripts.bench.seed inside its Django setup; bulk inserts through the ORM. The pages
are issue 17's (ipasn.urls); the probes use their paths."""

import random
from datetime import datetime, timedelta
from decimal import Decimal

SERVICE_SLUG = "indeks-profesionalitas-asn"
ROOT = "/laporan-ip-asn/"

# Reports per full-scale seed, over this many Perangkat Daerah; recap entries per report.
FULL_REPORTS = 3000
FULL_INSTITUTIONS = 60
ENTRIES = (5, 40)
# Share of reports in each state.
STATES = {"routing": 0.15, "returned": 0.05, "completed": 0.75, "withdrawn": 0.05}
# Placeholders for the required files (the measured pages never open them).
LETTER = "ipasn/letters/bench.pdf"
RECAP = "ipasn/recaps/bench.xlsx"
PER_PAGE = 50  # ipasn.selectors.QUEUE_PER_PAGE


def seed_ipasn(*, scale: float, rng: random.Random, now: datetime, login) -> dict:
    """Seed the IP-ASN reports; return the samples the bench's probes use. `login(user)` writes
    a session row and returns its key."""
    from casework.models import Institution
    from ipasn.models import Pause, RecapEntry, Report, Routing
    from portal.constants import Role, StepActor
    from portal.models import Service, StaffRole
    from registration.models import User

    service = Service.objects.select_related("provider").get(slug=SERVICE_SLUG)
    bkpsdm = service.provider
    steps = list(service.steps.order_by("order"))
    staff_steps = [step for step in steps if step.actor != StepActor.INSTITUTION]
    total = max(30, int(FULL_REPORTS * scale))
    institution_count = max(4, int(FULL_INSTITUTIONS * scale))

    operators = User.objects.bulk_create(
        User(username=f"operator-ipasn-{index}", email=f"op{index}@pd.singkawangkota.example.go.id")
        for index in range(institution_count)
    )
    institutions = Institution.objects.bulk_create(
        Institution(
            provider=bkpsdm,
            name=f"Perangkat Daerah Contoh {index + 1}",
            kind="regional_government",
            registered_at=now - timedelta(days=2000),
            verified_at=now - timedelta(days=1999),
        )
        for index in range(institution_count)
    )
    Institution.operators.through.objects.bulk_create(
        Institution.operators.through(institution_id=institution.pk, user_id=operator.pk)
        for institution, operator in zip(institutions, operators, strict=True)
    )
    roles = [
        Role.ADMIN_CLERK,
        Role.GENERAL_AFFAIRS_HEAD,
        Role.AGENCY_SECRETARY,
        Role.AGENCY_HEAD,
        Role.DIVISION_HEAD,
        Role.PERSONNEL_ANALYST,
    ]
    officials = User.objects.bulk_create(
        User(username=f"bkpsdm-{role.name.lower()}-bench", email=f"{role.name.lower()}@bkpsdm.test")
        for role in roles
    )
    StaffRole.objects.bulk_create(
        StaffRole(user=user, provider=bkpsdm, role=role)
        for user, role in zip(officials, roles, strict=True)
    )
    by_role = dict(zip(roles, officials, strict=True))

    states, weights = list(STATES), list(STATES.values())
    this_year = now.year
    plan = []
    for number in range(total):
        index = rng.randrange(institution_count)
        submitted = now - timedelta(days=rng.randrange(0, 5 * 365), hours=rng.randrange(0, 8))
        state = rng.choices(states, weights)[0]
        if state == "routing":
            submitted = now - timedelta(hours=rng.randrange(1, 30))
        step = None
        if state == "routing":
            step = rng.choice(staff_steps)
        elif state == "returned":
            step = next(s for s in steps if s.kind == "processing")
        plan.append((number, index, submitted, state, step))
    reports = Report.objects.bulk_create(
        (
            Report(
                reference=f"IPASN/{submitted.year}/{number + 1:05d}",
                service=service,
                institution=institutions[index],
                operator=operators[index],
                year=min(submitted.year, this_year),
                state=state,
                step=step,
                cover_letter=LETTER,
                recap_file=RECAP,
                recap_uploaded_at=submitted - timedelta(hours=1),
                submitted_at=submitted,
                closed_at=(
                    submitted + timedelta(hours=rng.randrange(2, 12))
                    if state in {"completed", "withdrawn"}
                    else None
                ),
                bkn_uploaded_on=submitted.date() if state == "completed" else None,
            )
            for number, index, submitted, state, step in plan
        ),
        batch_size=2000,
    )
    routings, pauses, entries = [], [], []
    for report, (_number, _index, submitted, state, step) in zip(reports, plan, strict=True):
        if step is not None:
            actor = by_role.get(step.actor)
            routings.append(
                Routing(
                    report=report,
                    step=step,
                    started_at=submitted + timedelta(minutes=30),
                    finished_at=None,
                    actor=None if state == "routing" else actor,
                )
            )
        if state == "returned":
            pauses.append(
                Pause(
                    report=report,
                    started_at=submitted + timedelta(minutes=40),
                    reasons="Rekapitulasi belum lengkap (bench).",
                    returned_by=by_role[Role.PERSONNEL_ANALYST],
                )
            )
        for row in range(rng.randrange(*ENTRIES)):
            index = Decimal(rng.randrange(4000, 9900)) / 100
            entries.append(
                RecapEntry(
                    report=report,
                    row=row + 2,
                    nip=f"19{80 + row % 15:02d}0101201001{report.pk % 10}{row:03d}",
                    name=f"Pegawai {row + 1}",
                    education="s1",
                    position_kind="pelaksana",
                    performance="baik",
                    discipline="tidak_pernah",
                    index=index,
                    category="sedang",
                )
            )
    Routing.objects.bulk_create(routings, batch_size=5000)
    Pause.objects.bulk_create(pauses, batch_size=5000)
    RecapEntry.objects.bulk_create(entries, batch_size=5000)

    # Samples: the busiest Perangkat Daerah's operator and one of its reports; the official of
    # the step with the most reports waiting, and one of those.
    busiest = max(range(institution_count), key=lambda i: sum(1 for p in plan if p[1] == i))
    sample = next(r for r, p in zip(reports, plan, strict=True) if p[1] == busiest)
    waiting = [p[4] for p in plan if p[3] == "routing"]
    step = max(staff_steps, key=lambda s: sum(1 for w in waiting if w == s))
    # The Kabid signs with two factors; the bench's sessions have none: another step's role.
    if step.actor == Role.DIVISION_HEAD:
        step = next(s for s in staff_steps if s.actor == Role.ADMIN_CLERK)
    staff_report = next(
        (r for r, p in zip(reports, plan, strict=True) if p[4] == step and p[3] == "routing"),
        reports[0],
    )
    official = by_role[step.actor]
    listed = sum(1 for p in plan if p[3] != "draft")
    return {
        "operator": login(institutions[busiest].operators.get()),
        "official": login(official),
        # Issue 19: the Analis Kepegawaian reads the agency's recap.
        "analyst": login(by_role[Role.PERSONNEL_ANALYST]),
        "report": str(sample.public_id),
        "staff_report": str(staff_report.public_id),
        "last_page": max(1, -(-listed // PER_PAGE)),
        "reports": len(reports),
        "entries": len(entries),
    }


def ipasn_probes(samples: dict) -> dict[str, list[tuple[str, str]]]:
    """The pages of seed 003 the bench measures (query counts, small seed vs big)."""
    work = samples["ipasn"]
    staff = f"{ROOT}petugas/"
    return {
        "ipasn: operator home": [(ROOT, work["operator"])],
        "ipasn: operator report": [(f"{ROOT}{work['report']}/", work["operator"])],
        "ipasn: operator dashboard": [("/dashboard/", work["operator"])],
        "ipasn: staff queue": [(staff, work["official"])],
        "ipasn: staff overview": [(f"{staff}semua/", work["official"])],
        "ipasn: staff overview deep page": [
            (f"{staff}semua/?halaman={work['last_page']}", work["official"])
        ],
        "ipasn: staff report": [(f"{staff}{work['staff_report']}/", work["official"])],
        "ipasn: staff home": [("/staf/", work["official"])],
        "ipasn: standard page": [(f"/layanan/{SERVICE_SLUG}/", "")],
    }
