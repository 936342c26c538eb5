"""The SPK (seed 004): drafted by the institution with the service's fee, confirmed or returned
by LAN's official, signed by both; the second signature completes it and moves the engagement
to PREPARATION, unless the assessment would start less than five working days later."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.agreement_pdf import agreement_html
from assessments.constants import EngagementState, IntakeMode, Purpose
from assessments.models import Agreement
from assessments.services import agreements
from assessments.services.cooperation import FieldError
from casework.exceptions import CaseError, CaseForbidden
from portal.constants import Role
from portal.events import event_list
from portal.numbers import amount_in_words
from portal.signing import demo_certificate_create
from tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db

PASSPHRASE = "uji-spk"
TODAY = datetime.date(2026, 12, 7)  # a Monday: early February 2027 is far enough


@pytest.fixture(scope="module")
def demo_p12(tmp_path_factory):
    return demo_certificate_create(tmp_path_factory.mktemp("signing") / "demo.p12", PASSPHRASE)


@pytest.fixture
def signing_key(settings, demo_p12):
    settings.CERT_SIGNING_P12 = str(demo_p12)
    settings.CERT_SIGNING_PASSPHRASE = PASSPHRASE
    return demo_p12


@pytest.fixture
def official(lan_staff):
    return lan_staff[Role.SIGNING_OFFICIAL]


def _pdf():
    return SimpleUploadedFile("spk.pdf", pdf_bytes(), content_type="application/pdf")


def _terms(**overrides):
    terms = {
        "number": "SPK/07/BKPSDM/2027",
        "purpose": Purpose.SELECTION,
        "mode": IntakeMode.ONLINE,
        "place": "Ruang CAT BKPSDM Kota Singkawang; Zoom dan e-Assessment",
        "starts_on": datetime.date(2027, 2, 8),
        "ends_on": datetime.date(2027, 2, 9),
        "participant_count": 12,
        "payment_due_on": datetime.date(2027, 3, 1),
        "agreed_report_due_on": None,
        "first_party_signatory": "Drs. H. Budi Santoso, M.Si.",
        "first_party_title": "Sekretaris Daerah Kota Singkawang",
    }
    terms.update(overrides)
    return terms


def _confirmed(make_engagement, official, **overrides):
    engagement = make_engagement(EngagementState.AGREEMENT)
    operator = engagement.institution.operators.get()
    agreements.agreement_save(
        engagement=engagement, actor=operator, today=TODAY, **_terms(**overrides)
    )
    agreements.agreement_confirm(engagement=engagement, actor=official)
    return engagement, operator


# --- Drafting ---------------------------------------------------------------------------------


def test_the_fee_is_the_services_never_typed(make_engagement, institution_operator):
    engagement = make_engagement(EngagementState.AGREEMENT)
    with pytest.raises(TypeError):
        agreements.agreement_save(
            engagement=engagement,
            actor=institution_operator,
            today=TODAY,
            fee_per_participant=Decimal(1),
            **_terms(),
        )
    agreement = agreements.agreement_save(
        engagement=engagement, actor=institution_operator, today=TODAY, **_terms()
    )
    assert agreement.fee_per_participant == Decimal(3_200_000)
    assert agreement.fee_total == Decimal(38_400_000)
    assert event_list(subject=engagement).filter(kind="agreement_drafted").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_on": datetime.date(2027, 2, 5)}, "ends_on"),
        ({"participant_count": 0}, "participant_count"),
        ({"payment_due_on": None}, "payment_due_on"),
        ({"place": "  "}, "place"),
        ({"first_party_title": ""}, "first_party_title"),
    ],
)
def test_drafting_checks_the_terms(overrides, field, make_engagement, institution_operator):
    engagement = make_engagement(EngagementState.AGREEMENT)
    with pytest.raises(FieldError) as refused:
        agreements.agreement_save(
            engagement=engagement, actor=institution_operator, today=TODAY, **_terms(**overrides)
        )
    assert refused.value.field == field
    assert not Agreement.objects.exists()


def test_a_start_closer_than_five_working_days_from_today_is_refused(
    make_engagement, institution_operator
):
    engagement = make_engagement(EngagementState.AGREEMENT)
    # Thursday 4 February 2027; Friday 5 is a holiday, so the earliest day is Friday 12.
    today = datetime.date(2027, 2, 4)
    with pytest.raises(FieldError) as refused:
        agreements.agreement_save(
            engagement=engagement,
            actor=institution_operator,
            today=today,
            **_terms(starts_on=datetime.date(2027, 2, 11), ends_on=datetime.date(2027, 2, 11)),
        )
    assert refused.value.field == "starts_on"
    assert "Jumat, 12 Februari 2027" in refused.value.message
    agreements.agreement_save(
        engagement=engagement,
        actor=institution_operator,
        today=today,
        **_terms(starts_on=datetime.date(2027, 2, 12), ends_on=datetime.date(2027, 2, 12)),
    )


def test_only_the_operator_drafts_and_only_during_the_agreement(
    make_engagement, institution_operator, official
):
    engagement = make_engagement(EngagementState.AGREEMENT)
    with pytest.raises(CaseForbidden):
        agreements.agreement_save(engagement=engagement, actor=official, today=TODAY, **_terms())
    requested = make_engagement(EngagementState.REQUESTED)
    with pytest.raises(CaseError):
        agreements.agreement_save(
            engagement=requested, actor=institution_operator, today=TODAY, **_terms()
        )


def test_the_agreed_report_date_is_kept_only_for_mapping(make_engagement, institution_operator):
    engagement = make_engagement(EngagementState.AGREEMENT)
    agreed = datetime.date(2027, 4, 30)
    agreement = agreements.agreement_save(
        engagement=engagement,
        actor=institution_operator,
        today=TODAY,
        **_terms(agreed_report_due_on=agreed),
    )
    assert agreement.agreed_report_due_on is None
    agreement = agreements.agreement_save(
        engagement=engagement,
        actor=institution_operator,
        today=TODAY,
        **_terms(purpose=Purpose.MAPPING, agreed_report_due_on=agreed),
    )
    assert agreement.agreed_report_due_on == agreed
    assert Agreement.objects.count() == 1


# --- Confirmation and return ------------------------------------------------------------------


def test_confirm_renders_the_draft_and_fixes_the_terms(make_engagement, official):
    engagement, operator = _confirmed(make_engagement, official)
    agreement = Agreement.objects.get(engagement=engagement)
    assert agreement.confirmed_by == official
    assert agreement.second_party_signatory
    assert agreement.second_party_title
    with agreement.draft_pdf.open("rb") as stored:
        assert stored.read().startswith(b"%PDF-")
    with pytest.raises(CaseError):  # the terms are fixed
        agreements.agreement_save(engagement=engagement, actor=operator, today=TODAY, **_terms())
    with pytest.raises(CaseError):  # a second confirmation (double click)
        agreements.agreement_confirm(engagement=engagement, actor=official)


def test_confirm_is_refused_to_the_operator_and_other_units(
    make_engagement, institution_operator, other_unit_staff
):
    engagement = make_engagement(EngagementState.AGREEMENT)
    agreements.agreement_save(
        engagement=engagement, actor=institution_operator, today=TODAY, **_terms()
    )
    for actor in (institution_operator, other_unit_staff):
        with pytest.raises(CaseForbidden):
            agreements.agreement_confirm(engagement=engagement, actor=actor)


def test_the_pdf_says_the_parties_the_fee_in_words_and_the_report_limits(make_engagement, official):
    engagement, _operator = _confirmed(make_engagement, official)
    html = agreement_html(Agreement.objects.get(engagement=engagement))
    assert "SURAT PERJANJIAN KERJA SAMA" in html
    assert "Pemerintah Kota Singkawang" in html
    assert "Rp 3.200.000" in html
    assert "Rp 38.400.000" in html
    assert "tiga puluh delapan juta empat ratus ribu rupiah" in html
    assert "Laporan Ringkas diserahkan paling lambat 10 (sepuluh) hari kerja" in html
    assert "Bendahara Penerima" in html


def test_amount_in_words():
    assert amount_in_words(3_200_000) == "tiga juta dua ratus ribu"
    assert amount_in_words(1_000) == "seribu"
    assert amount_in_words(1_500_000_000) == "satu miliar lima ratus juta"
    assert amount_in_words(12) == "dua belas"


def test_return_needs_a_reason_and_reopens_the_terms(make_engagement, official):
    engagement, operator = _confirmed(make_engagement, official)
    with pytest.raises(FieldError):
        agreements.agreement_return(engagement=engagement, actor=official, reason=" ")
    agreements.agreement_return(
        engagement=engagement, actor=official, reason="Tanggal bentrok dengan kegiatan lain."
    )
    agreement = Agreement.objects.get(engagement=engagement)
    assert agreement.confirmed_at is None
    assert not agreement.draft_pdf
    assert event_list(subject=engagement).filter(kind="agreement_returned").exists()
    agreements.agreement_save(
        engagement=engagement,
        actor=operator,
        today=TODAY,
        **_terms(starts_on=datetime.date(2027, 2, 15), ends_on=datetime.date(2027, 2, 15)),
    )


def test_return_sets_a_partial_signature_aside_but_not_a_full_one(make_engagement, official):
    engagement, operator = _confirmed(make_engagement, official)
    agreements.agreement_sign_first(engagement=engagement, actor=operator, file=_pdf(), today=TODAY)
    agreements.agreement_return(engagement=engagement, actor=official, reason="Ubah tanggal")
    agreement = Agreement.objects.get(engagement=engagement)
    assert agreement.first_party_signed_at is None
    assert not agreement.first_party_copy
    agreements.agreement_confirm(engagement=engagement, actor=official)
    agreements.agreement_sign_first(engagement=engagement, actor=operator, file=_pdf(), today=TODAY)
    agreements.agreement_sign_second(
        engagement=engagement, actor=official, file=_pdf(), today=TODAY
    )
    with pytest.raises(CaseError):  # fully signed: the engagement left the agreement stage
        agreements.agreement_return(engagement=engagement, actor=official, reason="Ubah")


# --- Signatures -------------------------------------------------------------------------------


def test_both_signatures_complete_the_spk_and_start_the_preparation(make_engagement, official):
    engagement, operator = _confirmed(make_engagement, official)
    agreements.agreement_sign_first(engagement=engagement, actor=operator, file=_pdf(), today=TODAY)
    engagement.refresh_from_db()
    assert engagement.state == EngagementState.AGREEMENT
    with pytest.raises(CaseError):  # twice
        agreements.agreement_sign_first(
            engagement=engagement, actor=operator, file=_pdf(), today=TODAY
        )
    agreements.agreement_sign_second(
        engagement=engagement, actor=official, file=_pdf(), today=TODAY
    )
    engagement.refresh_from_db()
    agreement = Agreement.objects.get(engagement=engagement)
    assert engagement.state == EngagementState.PREPARATION
    assert agreement.fully_signed_at is not None
    assert agreement.second_party_signed_by == official
    assert not agreement.second_party_signed_in_portal
    kinds = set(event_list(subject=engagement).values_list("kind", flat=True))
    assert {"agreement_signed_first", "agreement_signed_second"} <= kinds


def test_lan_signs_in_the_portal_with_the_providers_key(make_engagement, official, signing_key):
    engagement, operator = _confirmed(make_engagement, official)
    agreements.agreement_sign_second(
        engagement=engagement, actor=official, in_portal=True, today=TODAY
    )
    agreement = Agreement.objects.get(engagement=engagement)
    assert agreement.second_party_signed_in_portal
    with agreement.second_party_copy.open("rb") as stored:
        signed = stored.read()
    assert signed.startswith(b"%PDF-")
    assert b"/ByteRange" in signed  # a signature dictionary was appended
    engagement.refresh_from_db()
    assert engagement.state == EngagementState.AGREEMENT  # the institution has not signed yet
    agreements.agreement_sign_first(engagement=engagement, actor=operator, file=_pdf(), today=TODAY)
    engagement.refresh_from_db()
    assert engagement.state == EngagementState.PREPARATION


def test_without_a_key_the_portal_signature_is_refused_plainly(make_engagement, official, settings):
    settings.CERT_SIGNING_P12 = ""
    engagement, _operator = _confirmed(make_engagement, official)
    with pytest.raises(CaseError) as refused:
        agreements.agreement_sign_second(
            engagement=engagement, actor=official, in_portal=True, today=TODAY
        )
    assert "Unggah" in str(refused.value)
    assert Agreement.objects.get(engagement=engagement).second_party_signed_at is None


def test_the_second_signature_is_refused_less_than_five_working_days_before_the_start(
    make_engagement, official
):
    # Drafted early for Thursday 11 February 2027; signed by LAN, then by the institution on
    # Thursday 4 February: Friday 5 is a holiday and the weekend follows, so five working days
    # end on Friday 12: the 11th is too close.
    engagement, operator = _confirmed(
        make_engagement,
        official,
        starts_on=datetime.date(2027, 2, 11),
        ends_on=datetime.date(2027, 2, 11),
    )
    signing_day = datetime.date(2027, 2, 4)
    agreements.agreement_sign_second(
        engagement=engagement, actor=official, file=_pdf(), today=signing_day
    )
    with pytest.raises(CaseError) as refused:
        agreements.agreement_sign_first(
            engagement=engagement, actor=operator, file=_pdf(), today=signing_day
        )
    assert "Jumat, 12 Februari 2027" in str(refused.value)
    agreement = Agreement.objects.get(engagement=engagement)
    assert agreement.first_party_signed_at is None
    assert not agreement.first_party_copy
    assert agreement.fully_signed_at is None
    engagement.refresh_from_db()
    assert engagement.state == EngagementState.AGREEMENT
    # A day earlier (Wednesday 3 February) the same signature would have completed the SPK;
    # on the 4th, LAN returns it, the institution re-dates it to the 12th, both sign again.
    agreements.agreement_return(engagement=engagement, actor=official, reason="Tanggal mundur")
    agreements.agreement_save(
        engagement=engagement,
        actor=operator,
        today=signing_day,
        **_terms(starts_on=datetime.date(2027, 2, 12), ends_on=datetime.date(2027, 2, 12)),
    )
    agreements.agreement_confirm(engagement=engagement, actor=official)
    agreements.agreement_sign_second(
        engagement=engagement, actor=official, file=_pdf(), today=signing_day
    )
    agreements.agreement_sign_first(
        engagement=engagement, actor=operator, file=_pdf(), today=signing_day
    )
    engagement.refresh_from_db()
    assert engagement.state == EngagementState.PREPARATION


def test_the_day_before_the_second_signature_passes(make_engagement, official):
    engagement, operator = _confirmed(
        make_engagement,
        official,
        starts_on=datetime.date(2027, 2, 11),
        ends_on=datetime.date(2027, 2, 11),
    )
    # Wednesday 3 February: Thu 4, (Fri 5 holiday), Mon 8, Tue 9, Wed 10, Thu 11.
    day = datetime.date(2027, 2, 3)
    agreements.agreement_sign_second(engagement=engagement, actor=official, file=_pdf(), today=day)
    agreements.agreement_sign_first(engagement=engagement, actor=operator, file=_pdf(), today=day)
    engagement.refresh_from_db()
    assert engagement.state == EngagementState.PREPARATION


def test_signatures_before_confirmation_or_by_the_wrong_side_are_refused(
    make_engagement, official, institution_operator
):
    engagement = make_engagement(EngagementState.AGREEMENT)
    agreements.agreement_save(
        engagement=engagement, actor=institution_operator, today=TODAY, **_terms()
    )
    with pytest.raises(CaseError):
        agreements.agreement_sign_first(
            engagement=engagement, actor=institution_operator, file=_pdf(), today=TODAY
        )
    agreements.agreement_confirm(engagement=engagement, actor=official)
    with pytest.raises(CaseForbidden):
        agreements.agreement_sign_first(
            engagement=engagement, actor=official, file=_pdf(), today=TODAY
        )
    with pytest.raises(CaseForbidden):
        agreements.agreement_sign_second(
            engagement=engagement, actor=institution_operator, file=_pdf(), today=TODAY
        )
