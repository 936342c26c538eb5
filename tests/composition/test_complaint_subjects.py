"""Complaints cannot import the exam sessions and certificates a complaint may be about; the
composition layer registers their resolvers (composition.apps). Each finds the session or the
certificate at the complaint's provider only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from complaints.constants import AboutKind
from complaints.exceptions import ComplaintError
from complaints.subjects import subject_kinds, subject_resolve
from portal.models import Service
from scheduling.constants import SessionMode
from scheduling.models import ExamSession
from tests.factories import SERVICE_SLUG

pytestmark = pytest.mark.django_db


def session_of(service) -> ExamSession:
    now = timezone.now()
    return ExamSession.objects.create(
        service=service,
        starts_at=now + timedelta(days=7),
        ends_at=now + timedelta(days=7, hours=3),
        mode=SessionMode.ONLINE,
        capacity=10,
        booking_opens_at=now,
        booking_closes_at=now + timedelta(days=5),
    )


def test_every_subject_kind_has_a_resolver_once_the_apps_are_ready():
    assert subject_kinds() == list(AboutKind.values)


def test_a_session_is_found_at_its_provider_and_refused_at_another(other_provider_service):
    service = Service.objects.get(slug=SERVICE_SLUG)
    session = session_of(service)
    found = subject_resolve(
        kind=AboutKind.SESSION, key=str(session.pk), provider_id=service.provider_id
    )
    assert found.key == str(session.pk) and service.name in found.label
    with pytest.raises(ComplaintError) as refused:
        subject_resolve(
            kind=AboutKind.SESSION,
            key=str(session.pk),
            provider_id=other_provider_service.provider_id,
        )
    assert "Sesi uji ini tidak ditemukan" in str(refused.value)
    with pytest.raises(ComplaintError):
        subject_resolve(kind=AboutKind.SESSION, key="bukan-angka", provider_id=service.provider_id)


# --- The workflow engine's services (seed 002): its LSP sessions and signed letters ------------


@pytest.fixture
def engine_case(make_user):
    """An employee's case at the BKPSDM, seated in an LSP session, with a signed Surat
    Keterangan Hasil."""
    from casework.models import Case, IssuedDocument
    from casework.models import ExamSession as LspSession
    from registration.models import Rank

    service = Service.objects.get(slug="sertifikasi-profesi-pns")
    session = LspSession.objects.create(
        service=service,
        organiser="LSP Pustakawan",
        scheme="Pranata Komputer",
        starts_at=timezone.now() + timedelta(days=3),
        place="TUK Singkawang",
    )
    employee = make_user("198803142012012003")
    case = Case.objects.create(
        service=service,
        submitted_by=employee,
        applicant=employee,
        nip="198803142012012003",
        name="Rina Wulandari",
        birth_place="Singkawang",
        birth_date=timezone.localdate() - timedelta(days=365 * 38),
        sex="P",
        rank=Rank.objects.get(code="III/a"),
        position="Pranata Komputer Ahli Pertama",
        work_unit="Sekretariat",
        education="S1",
        scheme="Pranata Komputer",
        email="rina@example.test",
        phone="081234567890",
        exam_session=session,
    )
    IssuedDocument.objects.create(
        case=case,
        step=service.steps.order_by("order").last(),
        number="SKH/2026/0007",
        issued_at=timezone.now(),
    )
    return case


def test_an_lsp_session_and_a_signed_letter_are_found_at_their_provider_only(engine_case):
    bkpsdm = engine_case.service.provider_id
    perpusnas = Service.objects.get(slug=SERVICE_SLUG).provider_id
    key = f"lsp-{engine_case.exam_session_id}"

    session = subject_resolve(kind=AboutKind.SESSION, key=key, provider_id=bkpsdm)
    assert "Pranata Komputer (LSP Pustakawan)" in session.label
    letter = subject_resolve(kind=AboutKind.CERTIFICATE, key="skh/2026/0007", provider_id=bkpsdm)
    assert letter.label == "SKH/2026/0007"
    for kind, typed in ((AboutKind.SESSION, key), (AboutKind.CERTIFICATE, "SKH/2026/0007")):
        with pytest.raises(ComplaintError):
            subject_resolve(kind=kind, key=typed, provider_id=perpusnas)
    # The bare id names the librarian exam's sessions only, never an LSP session.
    with pytest.raises(ComplaintError):
        subject_resolve(
            kind=AboutKind.SESSION, key=str(engine_case.exam_session_id), provider_id=bkpsdm
        )


def test_an_employee_is_offered_their_own_lsp_session_and_letter(engine_case):
    from complaints.subjects import subjects_of_reporter

    own = {(subject.kind, subject.key) for subject in subjects_of_reporter(engine_case.applicant)}

    assert own == {
        (AboutKind.SESSION, f"lsp-{engine_case.exam_session_id}"),
        (AboutKind.CERTIFICATE, "SKH/2026/0007"),
    }
