"""Fixtures for an institution's assessment (seed 004): LAN's service as its migration entered
it, LAN's staff by role, a verified institution with its operator, and engagements made the way
the pages make them (at any state, with an agreement when asked)."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from assessments.constants import EngagementState, IntakeMode, Purpose
from assessments.models import Agreement, Engagement
from casework.constants import InstitutionKind
from casework.models import Institution
from portal.constants import Role
from portal.models import Provider, Service

SEED_004 = "penilaian-kompetensi-lan"
# The smallest valid PDF the upload checks accept (tests/factories has the same for casework).
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def assessment_service():
    """Seed 004's service: Penilaian Kompetensi for institutions, LAN."""
    return Service.objects.get(slug=SEED_004)


@pytest.fixture
def lan_staff(make_user, lan):
    """One account per acting role at LAN's Balai (the official and treasurer with TOTP)."""
    roles = [Role.VERIFIER, Role.SIGNING_OFFICIAL, Role.SCHEDULER, Role.ASSESSOR, Role.TREASURER]
    return {role: make_user(f"lan-{role.name.lower()}", role, provider=lan) for role in roles}


@pytest.fixture
def other_unit_staff(make_user):
    """Staff of another unit of LAN, a provider of its own: every role, none of them here."""
    other = Provider.objects.create(
        slug="lan-unit-lain", name="Pusat Lain", unit="Lembaga Administrasi Negara"
    )
    roles = [Role.VERIFIER, Role.SIGNING_OFFICIAL, Role.SCHEDULER, Role.ASSESSOR, Role.TREASURER]
    return make_user("lan-unit-lain", *roles, provider=other)


@pytest.fixture
def make_institution(lan, make_user):
    def make(name="Pemerintah Kota Singkawang", operator="operator-singkawang", verified=True):
        institution = Institution.objects.create(
            provider=lan,
            name=name,
            kind=InstitutionKind.REGIONAL_GOVERNMENT,
            registered_at=timezone.now(),
            verified_at=timezone.now() if verified else None,
        )
        institution.operators.add(make_user(operator))
        return institution

    return make


@pytest.fixture
def client_institution(make_institution):
    return make_institution()


@pytest.fixture
def institution_operator(client_institution):
    return client_institution.operators.get()


@pytest.fixture
def make_engagement(assessment_service, client_institution, institution_operator):
    """An engagement at `state` as the pages would leave it there (submitted, replied); with
    `agreement=True` it carries an SPK with the seed's fee, unsigned unless `signed_on`."""

    def make(
        state=EngagementState.REQUESTED,
        *,
        institution=None,
        purpose=Purpose.SELECTION,
        participants=12,
        agreement=False,
        signed_on=None,
        starts_on=None,
    ):
        institution = institution or client_institution
        operator = institution.operators.first()
        now = timezone.now()
        engagement = Engagement.objects.create(
            service=assessment_service,
            institution=institution,
            requested_by=operator,
            state=state,
            purpose=purpose,
            participants_planned=participants,
            preferred_mode=IntakeMode.ONLINE,
            preferred_period="Februari 2027",
            letter_number="800/123/BKPSDM",
            letter_date=datetime.date(2026, 12, 1),
            submitted_at=None if state == EngagementState.DRAFT else now,
            replied_at=now
            if state not in {EngagementState.DRAFT, EngagementState.REQUESTED}
            else None,
        )
        engagement.cover_letter.save("permohonan.pdf", ContentFile(PDF), save=True)
        if agreement:
            starts_on = starts_on or datetime.date(2027, 2, 8)
            Agreement.objects.create(
                engagement=engagement,
                number="SPK/01/2027",
                purpose=purpose,
                mode=IntakeMode.ONLINE,
                place="Ruang CAT BKPSDM Kota Singkawang, Zoom",
                starts_on=starts_on,
                ends_on=starts_on,
                participant_count=participants,
                fee_per_participant=assessment_service.fee_per_participant or Decimal(3_200_000),
                payment_due_on=starts_on + datetime.timedelta(days=30),
                first_party_signatory="Drs. H. Budi Santoso, M.Si.",
                first_party_title="Sekretaris Daerah Kota Singkawang",
                drafted_by=operator,
                confirmed_at=now,
                fully_signed_at=(
                    timezone.make_aware(datetime.datetime.combine(signed_on, datetime.time(10)))
                    if signed_on
                    else None
                ),
            )
        return engagement

    return make
