"""The workflow engine's share of the bench seed: seed 002 (Sertifikasi Profesi bagi PNS at the
BKPSDM) with Perangkat Daerah proposing their employees, cases spread over every step with their
step runs and waits on the applicant, exam sessions with an external LSP assessor, and sample
sessions for the pages the bench measures (the operator's proposals, the employee's cases and
case page, the BKPSDM verifier's queue and case page, the assessor's sessions).

Called by scripts.bench.seed inside its Django setup; bulk inserts through the ORM."""

import random
from collections import Counter
from datetime import date, datetime, timedelta

SERVICE_SLUG = "sertifikasi-profesi-pns"

# Cases per full-scale seed, over this many Perangkat Daerah.
FULL_CASES = 6_000
FULL_INSTITUTIONS = 60
# Share of cases waiting at each step kind (the rest are closed: completed, not passed, rejected).
AT_STEP = {
    "completeness_check": 0.12,
    "verification": 0.10,
    "decision": 0.08,
    "exam": 0.08,
    "assessment": 0.05,
    "external_product": 0.05,
    "issuance": 0.04,
    "handover": 0.04,
}
CLOSED = {"completed": 0.34, "not_passed": 0.06, "rejected": 0.04}
RETURNED_SHARE = 0.3  # of the cases at the completeness check or verification


def seed_casework(*, scale: float, rng: random.Random, now: datetime, nips, login) -> dict:
    """Seed the engine's data; return the samples the bench's probes and journeys use. `nips`
    yields unused valid PNS NIPs; `login(user)` writes a session row and returns its key."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import generate_totp_secret
    from allauth.mfa.utils import encrypt

    from casework.models import Case, CasePause, ExamSession, Institution, Proposal, StepRun
    from portal.constants import Role
    from portal.models import Service, StaffRole
    from registration.models import Rank, User

    service = Service.objects.select_related("provider").get(slug=SERVICE_SLUG)
    steps = list(service.steps.order_by("order"))
    by_kind = {step.kind: step for step in steps}
    ranks = list(Rank.objects.all())
    total = max(40, int(FULL_CASES * scale))
    institution_count = max(4, int(FULL_INSTITUTIONS * scale))

    operators = User.objects.bulk_create(
        User(username=f"operator-pd-{index}", email=f"operator-pd-{index}@pemda.example.go.id")
        for index in range(institution_count)
    )
    institutions = Institution.objects.bulk_create(
        Institution(provider=service.provider, name=f"Perangkat Daerah {index + 1}")
        for index in range(institution_count)
    )
    Institution.operators.through.objects.bulk_create(
        Institution.operators.through(institution_id=institution.pk, user_id=operator.pk)
        for institution, operator in zip(institutions, operators, strict=True)
    )
    verifiers = User.objects.bulk_create(
        User(username=f"verifikator-bkpsdm-{index}", email=f"v{index}@bkpsdm.example.go.id")
        for index in range(3)
    )
    assessors = User.objects.bulk_create(
        User(username=f"asesor-lsp-{index}", email=f"a{index}@lsp.example.test")
        for index in range(4)
    )
    StaffRole.objects.bulk_create(
        [StaffRole(user=user, provider=service.provider, role=Role.VERIFIER) for user in verifiers]
        + [
            StaffRole(user=user, provider=service.provider, role=Role.ASSESSOR, service=service)
            for user in assessors
        ]
    )
    sessions = ExamSession.objects.bulk_create(
        ExamSession(
            service=service,
            organiser="LSP Bench",
            scheme=f"Skema {index + 1}",
            starts_at=now + timedelta(days=7 * (index - 10)),
            place="TUK BKPSDM",
        )
        for index in range(20)
    )
    for session in sessions:
        session.assessors.add(*rng.sample(assessors, 2))

    # Proposals of 1-6 employees each, until `total` cases.
    kinds = list(AT_STEP) + list(CLOSED)
    weights = list(AT_STEP.values()) + list(CLOSED.values())
    proposals, plan = [], []
    while len(plan) < total:
        institution_index = rng.randrange(institution_count)
        # At least 45 days ago: a case's step runs (two days apart) and its closing (40 days
        # on) lie in the past, as they do in the portal; a run starting after today made the
        # case page read the closures a second time, on some seeds' sample case and not others.
        created = now - timedelta(days=rng.randrange(45, 360))
        proposals.append(
            Proposal(
                service=service,
                institution=institutions[institution_index],
                operator=operators[institution_index],
                state="submitted",
                submitted_at=created,
            )
        )
        for _ in range(rng.randrange(1, 7)):
            plan.append((len(proposals) - 1, created, rng.choices(kinds, weights)[0]))
    proposals = Proposal.objects.bulk_create(proposals)
    employees = User.objects.bulk_create(
        User(username=nip, nip=nip, email=f"{nip}@asn.example.go.id")
        for nip in (next(nips) for _ in range(40))
    )

    cases = []
    for index, (proposal_index, created, where) in enumerate(plan):
        nip = employees[index].nip if index < len(employees) else next(nips)
        proposal = proposals[proposal_index]
        closed = where in CLOSED
        birth = date(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))
        cases.append(
            Case(
                service=service,
                proposal=proposal,
                applicant=employees[index] if index < len(employees) else None,
                submitted_by_id=proposal.operator_id,
                state=where if closed else "active",
                step=None if closed else by_kind[where],
                nip=nip,
                name=f"Pegawai {index + 1}",
                birth_place="Kota Contoh",
                birth_date=birth,
                sex="L" if nip[14] == "1" else "P",
                rank=rng.choice(ranks),
                position="Pranata Komputer Ahli Pertama",
                work_unit=proposal.institution.name,
                education="S1",
                scheme=f"Skema {rng.randrange(1, 21)}",
                email=f"pegawai{index}@asn.example.go.id",
                phone="081234567890",
                submitted_at=created,
                clock_started_at=created + timedelta(days=3) if where not in _EARLY else None,
                closed_at=created + timedelta(days=40) if closed else None,
                exam_session=rng.choice(sessions) if where in _EXAMINED else None,
            )
        )
    # Bulk: the "created" events are left out (the pages read runs and pauses, not events).
    cases = Case.objects.bulk_create(cases, batch_size=2000)

    runs, pauses = [], []
    order_of = {step.kind: step.order for step in steps}
    for case, (_proposal, created, where) in zip(cases, plan, strict=True):
        last = order_of.get(where, len(steps) if where == "completed" else order_of["assessment"])
        if where == "rejected":
            last = order_of["verification"]
        moment = created
        for step in steps:
            if step.order > last:
                break
            finished = None if (step.order == last and where in AT_STEP) else moment
            runs.append(
                StepRun(
                    case=case,
                    step=step,
                    started_at=moment,
                    finished_at=finished + timedelta(days=2) if finished else None,
                    outcome="" if finished is None else "done",
                )
            )
            moment += timedelta(days=2)
        if where in _EARLY and rng.random() < RETURNED_SHARE:
            pauses.append(CasePause(case=case, started_at=moment, reason="SKP belum dilampirkan."))
            case.state = "returned"
    StepRun.objects.bulk_create(runs, batch_size=5000)
    CasePause.objects.bulk_create(pauses, batch_size=5000)
    Case.objects.bulk_update([c for c in cases if c.state == "returned"], ["state"])

    # The sample cases are picked by state, the same on every seed (a page's queries depend on
    # its case's state: a completed case shows its products, an active one at a checking step
    # the reader's actions with their conflict-of-interest check, a returned one neither).
    mine = next(
        (
            case
            for case, (_p, _c, where) in zip(cases, plan, strict=False)
            if case.applicant_id is not None and where == "completed"
        ),
        None,
    ) or next(case for case in cases if case.applicant_id is not None)
    waiting = next(
        case
        for case in cases
        if case.step_id == by_kind["completeness_check"].pk and case.state == "active"
    )
    # The operator with the most cases (the proposals page grows with them).
    cases_of = Counter(proposals[p].institution_id for p, _c, _w in plan)
    busiest = max(range(institution_count), key=lambda i: cases_of[institutions[i].pk])
    # Issue 19: the provider's certificate officer (a two-factor role: with an authenticator,
    # as production demands) for the products' queue.
    officer = User.objects.create(username="petugas-sertifikat-pd", email="ps@bkpsdm.example.go.id")
    StaffRole.objects.create(user=officer, provider=service.provider, role=Role.CERTIFICATE_OFFICER)
    Authenticator.objects.create(
        user=officer, type=Authenticator.Type.TOTP, data={"secret": encrypt(generate_totp_secret())}
    )
    # The sessions the sample assessor sits on: their cases are the ones the assessor may open.
    own_sessions = {session.pk for session in sessions if assessors[0] in session.assessors.all()}
    return {
        "operator": login(operators[busiest]),
        "employee": login(mine.applicant),
        "employee_case": str(mine.public_id),
        "verifier": login(verifiers[0]),
        "staff_case": str(waiting.public_id),
        "assessor": login(assessors[0]),
        # Issue 19: one of the busiest operator's proposals, a session of that assessor, and a
        # case at the products' steps (the assessor's product queue opens it).
        "proposal": str(
            next(
                proposal.public_id
                for proposal in proposals
                if proposal.operator_id == operators[busiest].pk
            )
        ),
        "officer": login(officer),
        "exam_session": min(own_sessions),
        "product_case": str(
            next(
                case.public_id
                for case in cases
                if case.step_id == by_kind["issuance"].pk and case.exam_session_id in own_sessions
            )
        ),
        "cases": len(cases),
        "proposals": len(proposals),
    }


# Cases before the file was declared complete and correct; cases that sat an exam.
_EARLY = {"completeness_check", "verification"}
_EXAMINED = {"assessment", "external_product", "issuance", "handover", "completed", "not_passed"}
