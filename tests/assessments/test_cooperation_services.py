"""The cooperation services (seed 004 steps 1-3): institution accounts and their verification,
the request for cooperation, LAN's reply, coordination notes and cancellation."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.constants import EngagementState, IntakeMode, Purpose
from assessments.models import CoordinationNote, Engagement
from assessments.services import cooperation
from assessments.services.files import FileRefused
from casework.exceptions import CaseError, CaseForbidden
from casework.models import Institution
from portal.constants import Role
from portal.events import event_list
from portal.models import OutboundEmail
from tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db


def _letter(content=None, name="surat.pdf"):
    return SimpleUploadedFile(name, content or pdf_bytes(), content_type="application/pdf")


def _register(lan, **overrides):
    values = {
        "provider": lan,
        "name": "Badan Kepegawaian Daerah Provinsi Kalimantan Barat",
        "kind": "regional_government",
        "address": "Jl. Ahmad Yani, Pontianak",
        "operator_name": "Rina Marlina",
        "email": "Rina@Kalbarprov.example",
        "phone": "0561-123456",
        "password": "Sandi-Kuat-2026!",
    }
    values.update(overrides)
    return cooperation.institution_register(**values)


def _request(institution, actor, service, **overrides):
    values = {
        "institution": institution,
        "actor": actor,
        "service": service,
        "purpose": Purpose.SELECTION,
        "participants_planned": 12,
        "preferred_mode": IntakeMode.ONLINE,
        "preferred_period": "Minggu kedua Februari 2027",
        "letter_number": "800/45/BKPSDM/2026",
        "letter_date": datetime.date(2026, 12, 1),
        "cover_letter": _letter(),
    }
    values.update(overrides)
    return cooperation.engagement_request(**values)


# --- Institution accounts ---------------------------------------------------------------------


def test_register_creates_an_unverified_institution_and_its_operator(lan, lan_staff, client):
    institution = _register(lan)
    assert institution.provider == lan
    assert institution.verified_at is None
    assert institution.registered_at is not None
    operator = institution.operators.get()
    assert operator.username == "rina@kalbarprov.example"
    assert operator.email == "rina@kalbarprov.example"
    assert "0561-123456" in institution.address
    # The operator logs in with the e-mail address.
    assert client.login(username="rina@kalbarprov.example", password="Sandi-Kuat-2026!")
    # LAN's Tim Verifikasi is told.
    mail = OutboundEmail.objects.get()
    assert mail.to == [lan_staff[Role.VERIFIER].email]


def test_register_refuses_a_duplicate_name_at_the_provider(lan, client_institution):
    with pytest.raises(cooperation.FieldError) as refused:
        _register(lan, name=client_institution.name.upper())
    assert refused.value.field == "name"
    assert "sudah terdaftar" in refused.value.message
    assert Institution.objects.filter(name__iexact=client_institution.name).count() == 1


def test_register_refuses_an_email_in_use(lan, institution_operator):
    with pytest.raises(cooperation.FieldError) as refused:
        _register(lan, email=institution_operator.email.upper())
    assert refused.value.field == "email"


def test_register_refuses_a_provider_without_the_service(make_user):
    from portal.models import Provider

    other = Provider.objects.create(slug="tanpa-layanan", name="Tanpa Layanan")
    with pytest.raises(cooperation.FieldError):
        _register(other)


def test_verify_by_the_providers_verifier_mails_the_operators(lan, lan_staff):
    institution = _register(lan)
    OutboundEmail.objects.all().delete()
    cooperation.institution_verify(institution=institution, actor=lan_staff[Role.VERIFIER])
    institution.refresh_from_db()
    assert institution.verified_at is not None
    assert institution.verified_by == lan_staff[Role.VERIFIER]
    assert OutboundEmail.objects.get().to == ["rina@kalbarprov.example"]
    with pytest.raises(CaseError):  # twice: refused
        cooperation.institution_verify(institution=institution, actor=lan_staff[Role.VERIFIER])


@pytest.mark.parametrize("who", ["other_unit", "official", "operator"])
def test_verify_is_refused_to_anyone_but_the_providers_verifier(
    who, lan, lan_staff, other_unit_staff
):
    institution = _register(lan)
    actor = {
        "other_unit": other_unit_staff,
        "official": lan_staff[Role.SIGNING_OFFICIAL],
        "operator": institution.operators.get(),
    }[who]
    with pytest.raises(CaseForbidden):
        cooperation.institution_verify(institution=institution, actor=actor)
    institution.refresh_from_db()
    assert institution.verified_at is None


# --- The request ------------------------------------------------------------------------------


def test_request_creates_a_requested_engagement_and_tells_the_official(
    assessment_service, client_institution, institution_operator, lan_staff
):
    engagement = _request(client_institution, institution_operator, assessment_service)
    engagement.refresh_from_db()
    assert engagement.state == EngagementState.REQUESTED
    assert engagement.submitted_at is not None
    with engagement.cover_letter.open("rb") as stored:
        assert stored.read().startswith(b"%PDF-")
    kinds = [event.kind for event in event_list(subject=engagement).order_by("pk")]
    assert kinds == ["created", "state"]
    assert OutboundEmail.objects.get().to == [lan_staff[Role.SIGNING_OFFICIAL].email]


def test_request_is_refused_for_an_unverified_institution(assessment_service, make_institution):
    institution = make_institution(name="Kabupaten Sambas", operator="op-sambas", verified=False)
    with pytest.raises(CaseError) as refused:
        _request(institution, institution.operators.get(), assessment_service)
    assert "belum diverifikasi" in str(refused.value)
    assert not Engagement.objects.exists()


def test_request_is_refused_to_another_institutions_operator(
    assessment_service, client_institution, make_institution
):
    other = make_institution(name="Kabupaten Bengkayang", operator="op-bengkayang")
    with pytest.raises(CaseForbidden):
        _request(client_institution, other.operators.get(), assessment_service)


def test_request_refuses_a_file_that_is_not_a_pdf(
    assessment_service, client_institution, institution_operator
):
    with pytest.raises(FileRefused) as refused:
        _request(
            client_institution,
            institution_operator,
            assessment_service,
            cover_letter=_letter(b"\x89PNG\r\n\x1a\nnot really", "surat.pdf"),
        )
    assert refused.value.field == "cover_letter"
    assert not Engagement.objects.exists()


def test_a_double_submit_does_not_create_two_engagements(
    assessment_service, client_institution, institution_operator
):
    _request(client_institution, institution_operator, assessment_service)
    with pytest.raises(cooperation.FieldError) as refused:
        _request(client_institution, institution_operator, assessment_service)
    assert refused.value.field == "letter_number"
    assert Engagement.objects.count() == 1


def test_cancel_by_the_operator_while_requested(make_engagement, institution_operator, lan_staff):
    engagement = make_engagement(EngagementState.REQUESTED)
    cooperation.engagement_cancel(engagement=engagement, actor=institution_operator, reason="X")
    engagement.refresh_from_db()
    assert engagement.state == EngagementState.CANCELLED
    assert engagement.closed_at is not None
    with pytest.raises(CaseError):
        cooperation.engagement_cancel(engagement=engagement, actor=institution_operator)


def test_cancel_is_refused_to_lan_and_after_preparation(
    make_engagement, institution_operator, lan_staff
):
    engagement = make_engagement(EngagementState.AGREEMENT)
    with pytest.raises(CaseForbidden):
        cooperation.engagement_cancel(engagement=engagement, actor=lan_staff[Role.SIGNING_OFFICIAL])
    preparing = make_engagement(EngagementState.PREPARATION)
    with pytest.raises(CaseError):
        cooperation.engagement_cancel(engagement=preparing, actor=institution_operator)


# --- The reply --------------------------------------------------------------------------------


def test_accept_needs_the_contact_person(make_engagement, lan_staff):
    engagement = make_engagement(EngagementState.REQUESTED)
    official = lan_staff[Role.SIGNING_OFFICIAL]
    with pytest.raises(cooperation.FieldError) as refused:
        cooperation.engagement_reply(
            engagement=engagement,
            actor=official,
            accept=True,
            contact_name="Dewi",
            contact_phone="",
            contact_email="dewi@lan.example",
        )
    assert refused.value.field == "contact_phone"
    engagement.refresh_from_db()
    assert engagement.state == EngagementState.REQUESTED


def test_accept_moves_to_agreement_and_tells_the_operators(
    make_engagement, lan_staff, institution_operator
):
    engagement = make_engagement(EngagementState.REQUESTED)
    official = lan_staff[Role.SIGNING_OFFICIAL]
    cooperation.engagement_reply(
        engagement=engagement,
        actor=official,
        accept=True,
        contact_name="Dewi Kartika",
        contact_phone="022-7790048",
        contact_email="dewi@lan.example",
    )
    engagement.refresh_from_db()
    assert engagement.state == EngagementState.AGREEMENT
    assert engagement.replied_by == official
    assert engagement.replied_at is not None
    assert engagement.contact_name == "Dewi Kartika"
    mail = OutboundEmail.objects.get()
    assert mail.to == [institution_operator.email]
    assert "Dewi Kartika" in mail.body
    with pytest.raises(CaseError):  # a second reply (double click) is refused
        cooperation.engagement_reply(
            engagement=engagement, actor=official, accept=False, reason="x"
        )


def test_decline_needs_a_reason_and_closes(make_engagement, lan_staff):
    engagement = make_engagement(EngagementState.REQUESTED)
    official = lan_staff[Role.SIGNING_OFFICIAL]
    with pytest.raises(cooperation.FieldError):
        cooperation.engagement_reply(engagement=engagement, actor=official, accept=False)
    cooperation.engagement_reply(
        engagement=engagement, actor=official, accept=False, reason="Jadwal tim penuh."
    )
    engagement.refresh_from_db()
    assert engagement.state == EngagementState.DECLINED
    assert engagement.decline_reason == "Jadwal tim penuh."
    assert engagement.closed_at is not None


@pytest.mark.parametrize("role", [Role.VERIFIER, Role.SCHEDULER, Role.TREASURER])
def test_reply_is_refused_to_other_roles(role, make_engagement, lan_staff, other_unit_staff):
    engagement = make_engagement(EngagementState.REQUESTED)
    for actor in (lan_staff[role], other_unit_staff):
        with pytest.raises(CaseForbidden):
            cooperation.engagement_reply(
                engagement=engagement, actor=actor, accept=False, reason="Tidak."
            )
    engagement.refresh_from_db()
    assert engagement.state == EngagementState.REQUESTED


# --- Notes ------------------------------------------------------------------------------------


def test_notes_by_both_sides_while_open(make_engagement, institution_operator, lan_staff):
    engagement = make_engagement(EngagementState.AGREEMENT)
    cooperation.note_add(engagement=engagement, actor=institution_operator, text="Ruang CAT siap.")
    cooperation.note_add(
        engagement=engagement, actor=lan_staff[Role.SCHEDULER], text="Tim datang 8 Februari."
    )
    assert list(
        CoordinationNote.objects.filter(engagement=engagement).values_list("text", flat=True)
    ) == ["Ruang CAT siap.", "Tim datang 8 Februari."]
    assert event_list(subject=engagement).filter(kind="note").count() == 2


def test_notes_are_refused_when_closed_empty_or_to_outsiders(
    make_engagement, institution_operator, other_unit_staff, make_institution
):
    engagement = make_engagement(EngagementState.AGREEMENT)
    with pytest.raises(cooperation.FieldError):
        cooperation.note_add(engagement=engagement, actor=institution_operator, text="   ")
    stranger = make_institution(name="Kota Pontianak", operator="op-pontianak").operators.get()
    for outsider in (other_unit_staff, stranger):
        with pytest.raises(CaseForbidden):
            cooperation.note_add(engagement=engagement, actor=outsider, text="Halo")
    closed = make_engagement(EngagementState.DECLINED)
    with pytest.raises(CaseError):
        cooperation.note_add(engagement=closed, actor=institution_operator, text="Halo")
    assert not CoordinationNote.objects.exists()
