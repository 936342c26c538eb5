"""The institution assessment's share of the bench seed: seed 004 (LAN's Penilaian Kompetensi)
with verified institutions requesting cooperation, engagements spread over every state with
their agreements (SPK), participants (asesi, some with accounts), intake sessions, invoices and
reports, and sample sessions for the pages the bench measures (the Panitia's queue, the
operator's institution page, the engagement page for staff and operator, the asesi's page).

Called by scripts.bench.seed inside its Django setup; bulk inserts through the ORM. The pages
themselves are issue 16's (assessments.urls); the probes use their paths."""

import random
from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal

SERVICE_SLUG = "penilaian-kompetensi-lan"

# Engagements per full-scale seed, over this many institutions; asesi per engagement.
FULL_ENGAGEMENTS = 600
FULL_INSTITUTIONS = 60
PARTICIPANTS = (5, 25)
# Share of engagements in each state.
STATES = {
    "requested": 0.10,
    "agreement": 0.12,
    "preparation": 0.15,
    "reporting": 0.13,
    "completed": 0.40,
    "declined": 0.05,
    "cancelled": 0.05,
}
# A placeholder for the required cover letter (the measured pages never open the file).
LETTER = "assessments/letters/bench.pdf"


def seed_assessments(*, scale: float, rng: random.Random, now: datetime, nips, login) -> dict:
    """Seed the institution assessment's data; return the samples the bench's probes use.
    `nips` yields unused valid PNS NIPs; `login(user)` writes a session row and returns its
    key."""
    from assessments.models import (
        Agreement,
        Engagement,
        IntakeSession,
        Invoice,
        Participant,
        Report,
    )
    from casework.models import Institution
    from portal.constants import Role
    from portal.models import Service, StaffRole
    from registration.models import User

    service = Service.objects.select_related("provider").get(slug=SERVICE_SLUG)
    lan = service.provider
    fee = service.fee_per_participant or Decimal(3_200_000)
    total = max(20, int(FULL_ENGAGEMENTS * scale))
    institution_count = max(4, int(FULL_INSTITUTIONS * scale))

    operators = User.objects.bulk_create(
        User(username=f"operator-instansi-{index}", email=f"op{index}@instansi.example.go.id")
        for index in range(institution_count)
    )
    institutions = Institution.objects.bulk_create(
        Institution(
            provider=lan,
            name=f"Pemerintah Daerah Contoh {index + 1}",
            kind="regional_government",
            registered_at=now - timedelta(days=400),
            verified_at=now - timedelta(days=399),
        )
        for index in range(institution_count)
    )
    Institution.operators.through.objects.bulk_create(
        Institution.operators.through(institution_id=institution.pk, user_id=operator.pk)
        for institution, operator in zip(institutions, operators, strict=True)
    )
    roles = [Role.SCHEDULER, Role.TREASURER, Role.ASSESSOR, Role.VERIFIER]
    staff = User.objects.bulk_create(
        User(username=f"lan-{role.value}-bench", email=f"{role.value}@lan.example.go.id")
        for role in roles
    )
    StaffRole.objects.bulk_create(
        StaffRole(user=user, provider=lan, role=role)
        for user, role in zip(staff, roles, strict=True)
    )
    scheduler, treasurer, assessor = staff[0], staff[1], staff[2]

    states, weights = list(STATES), list(STATES.values())
    plan = []
    for _ in range(total):
        index = rng.randrange(institution_count)
        created = now - timedelta(days=rng.randrange(10, 360))
        plan.append((index, created, rng.choices(states, weights)[0]))
    engagements = Engagement.objects.bulk_create(
        (
            Engagement(
                service=service,
                institution=institutions[index],
                requested_by=operators[index],
                state=state,
                purpose="selection" if rng.random() < 0.7 else "mapping",
                participants_planned=rng.randrange(*PARTICIPANTS),
                preferred_mode="online" if rng.random() < 0.5 else "offline",
                preferred_period="Triwulan berikutnya",
                letter_number=f"800/{number}/BKPSDM",
                letter_date=created.date(),
                cover_letter=LETTER,
                submitted_at=created,
                replied_at=None if state == "requested" else created + timedelta(days=3),
                replied_by=None,
                decline_reason="Jadwal penuh." if state == "declined" else "",
                intake_held_on=(
                    (created + timedelta(days=30)).date()
                    if state in {"reporting", "completed"}
                    else None
                ),
            )
            for number, (index, created, state) in enumerate(plan)
        ),
        batch_size=2000,
    )
    past_agreement = {"agreement", "preparation", "reporting", "completed"}
    agreements, sessions, invoices, participants = [], [], [], []
    sequence = 0
    for engagement, (index, created, state) in zip(engagements, plan, strict=True):
        if state not in past_agreement:
            continue
        starts = (created + timedelta(days=30)).date()
        count = engagement.participants_planned
        signed = created + timedelta(days=14) if state != "agreement" else None
        agreements.append(
            Agreement(
                engagement=engagement,
                number=f"SPK/{engagement.pk}/{starts.year}",
                purpose=engagement.purpose,
                mode=engagement.preferred_mode,
                place="Kantor instansi",
                starts_on=starts,
                ends_on=starts + timedelta(days=1),
                participant_count=count,
                fee_per_participant=fee,
                payment_due_on=starts + timedelta(days=30),
                first_party_signatory="Sekretaris Daerah",
                first_party_title="Sekretaris Daerah",
                drafted_by=operators[index],
                confirmed_at=created + timedelta(days=10),
                first_party_signed_at=signed,
                second_party_signed_at=signed,
                fully_signed_at=signed,
            )
        )
        if state == "agreement":
            continue
        session_at = datetime.combine(starts, datetime.min.time(), tzinfo=now.tzinfo)
        sessions.append(
            IntakeSession(
                engagement=engagement,
                mode=engagement.preferred_mode,
                starts_at=session_at + timedelta(hours=8),
                ends_at=session_at + timedelta(hours=16),
                venue="Aula instansi",
                created_by=scheduler,
                held_at=session_at + timedelta(hours=16)
                if state in {"reporting", "completed"}
                else None,
            )
        )
        for number in range(count):
            participants.append(
                Participant(
                    engagement=engagement,
                    nip=next(nips),
                    name=f"Asesi {engagement.pk}-{number + 1}",
                    position="Analis Kebijakan",
                    work_unit="Sekretariat Daerah",
                    email=f"asesi{engagement.pk}-{number}@instansi.example.go.id",
                    invited_at=created + timedelta(days=16),
                    cv_submitted_at=created + timedelta(days=18),
                    questionnaire_submitted_at=created + timedelta(days=18),
                )
            )
        if state in {"reporting", "completed"}:
            sequence += 1
            invoices.append(
                Invoice(
                    engagement=engagement,
                    provider=lan,
                    year=starts.year,
                    sequence=sequence,
                    number=f"INV-LAN/{starts.year}/{sequence:05d}",
                    participant_count=count,
                    fee_per_participant=fee,
                    amount=fee * count,
                    due_on=starts + timedelta(days=30),
                    issued_by=treasurer,
                    paid_at=created + timedelta(days=50) if state == "completed" else None,
                )
            )
    Agreement.objects.bulk_create(agreements, batch_size=2000)
    sessions = IntakeSession.objects.bulk_create(sessions, batch_size=2000)
    IntakeSession.assessors.through.objects.bulk_create(
        IntakeSession.assessors.through(intakesession_id=session.pk, user_id=assessor.pk)
        for session in sessions
    )
    participants = Participant.objects.bulk_create(participants, batch_size=5000)
    session_of = {session.engagement_id: session.pk for session in sessions}
    for participant in participants:
        participant.session_id = session_of.get(participant.engagement_id)
    Participant.objects.bulk_update(participants, ["session"], batch_size=5000)
    Invoice.objects.bulk_create(invoices, batch_size=2000)

    # Reports: delivered ones for the completed engagements (a summary and a full report for a
    # selection, the mapping report for a mapping), drafts for those being reported on.
    reports = []
    for engagement, (_index, created, state) in zip(engagements, plan, strict=True):
        if state not in {"reporting", "completed"}:
            continue
        intake = created + timedelta(days=30)
        kinds = ["summary", "full"] if engagement.purpose == "selection" else ["mapping"]
        for offset, kind in enumerate(kinds):
            delivered = intake + timedelta(days=10 + 18 * offset + rng.randrange(0, 5))
            reports.append(
                Report(
                    engagement=engagement,
                    kind=kind,
                    title=f"{kind} {engagement.pk}",
                    created_by=assessor,
                    signed_at=delivered if state == "completed" else None,
                    delivered_at=delivered if state == "completed" else None,
                )
            )
    Report.objects.bulk_create(reports, batch_size=5000)

    # Samples: an engagement in preparation (with participants) for a selection, of the
    # busiest institution that has one, its operator, and one of its asesi given an account.
    # Picked by state, the same on every seed: the engagement page's queries depend on it (a
    # reported one reads its invoice and payment proofs).
    engaged = Counter(institutions[index].pk for index, _c, _s in plan)
    sample = min(
        (
            engagement
            for engagement, (index, _c, state) in zip(engagements, plan, strict=True)
            if state == "preparation" and engagement.purpose == "selection"
        ),
        key=lambda engagement: -engaged[engagement.institution_id],
    )
    asesi = next(p for p in participants if p.engagement_id == sample.pk)
    account = User.objects.create(username=asesi.nip, nip=asesi.nip, email=asesi.email)
    Participant.objects.filter(pk=asesi.pk).update(account=account)
    return {
        "scheduler": login(scheduler),
        "operator": login(sample.institution.operators.get()),
        "asesi": login(account),
        "engagement": str(sample.public_id),
        "participant": str(asesi.public_id),  # the asesi's own pages (CV, questionnaire)
        "verifier": login(staff[3]),  # LAN's verifier: the institutions to verify
        "engagements": len(engagements),
        "participants": len(participants),
        "reports": len(reports),
    }


def assessment_probes(samples: dict) -> dict[str, list[tuple[str, str]]]:
    """The pages of seed 004 the bench measures (query counts, small seed vs big)."""
    work = samples["assessments"]
    page = f"/penilaian-kompetensi/permohonan/{work['engagement']}/"
    return {
        "assessment: staff queue": [("/penilaian-kompetensi/petugas/", work["scheduler"])],
        "assessment: institution home": [("/penilaian-kompetensi/instansi/", work["operator"])],
        "assessment: engagement (staff)": [(page, work["scheduler"])],
        "assessment: engagement (operator)": [(page, work["operator"])],
        "assessment: asesi home": [("/penilaian-kompetensi/asesi/", work["asesi"])],
        "assessment: standard page": [(f"/layanan/{SERVICE_SLUG}/", "")],
    }
