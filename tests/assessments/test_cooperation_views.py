"""The cooperation pages: registration (rate limit, honeypot), LAN's verification, the
institution's home and request, the reply and notes and SPK forms through the engagement page,
and who gets 404 on the engagement page and every file of this part."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assessments.constants import EngagementState
from assessments.models import Agreement, Engagement
from casework.models import Institution
from portal.constants import Role
from tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db


def _registration(**overrides):
    data = {
        "name": "Kementerian Contoh Republik Indonesia",
        "kind": "ministry",
        "address": "Jl. Medan Merdeka, Jakarta",
        "operator_name": "Agus Salim",
        "email": "agus@kementerian.example",
        "phone": "021-555123",
        "password1": "Sandi-Kuat-2026!",
        "password2": "Sandi-Kuat-2026!",
        "website": "",
    }
    data.update(overrides)
    return data


def _with_provider(lan, data):
    return {**data, "provider": lan.pk}


# --- Registration and verification ------------------------------------------------------------


def test_registration_page_creates_an_institution_waiting_for_verification(client, lan):
    url = reverse("assessments_institution_register")
    assert client.get(url).status_code == 200
    response = client.post(url, _with_provider(lan, _registration()))
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments_institution_registered")
    institution = Institution.objects.get(name="Kementerian Contoh Republik Indonesia")
    assert institution.verified_at is None
    page = client.get(response["Location"])
    assert "menunggu verifikasi" in page.content.decode()


def test_registration_keeps_the_input_on_error(client, lan, client_institution):
    response = client.post(
        reverse("assessments_institution_register"),
        _with_provider(lan, _registration(name=client_institution.name, password2="lain")),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kedua kata sandi tidak sama" in body
    assert "agus@kementerian.example" in body  # kept


def test_registration_honeypot_stores_nothing(client, lan):
    response = client.post(
        reverse("assessments_institution_register"),
        _with_provider(lan, _registration(website="http://spam.example")),
    )
    assert response.status_code == 302
    assert not Institution.objects.filter(name__startswith="Kementerian Contoh").exists()


def test_registration_is_rate_limited(client, lan, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "register": "2/h/ip"}
    url = reverse("assessments_institution_register")
    for n in range(2):
        data = _registration(name=f"Instansi {n}", email=f"op{n}@instansi.example")
        assert client.post(url, _with_provider(lan, data)).status_code == 302
    response = client.post(url, _with_provider(lan, _registration()))
    assert response.status_code == 429
    assert not Institution.objects.filter(name__startswith="Kementerian Contoh").exists()


def test_verifier_lists_and_verifies(client, lan, lan_staff, make_institution):
    pending = make_institution(name="Kabupaten Sanggau", operator="op-sanggau", verified=False)
    client.force_login(lan_staff[Role.VERIFIER])
    page = client.get(reverse("assessments_institutions_pending"))
    assert page.status_code == 200
    assert "Kabupaten Sanggau" in page.content.decode()
    response = client.post(reverse("assessments_institution_verify", args=[pending.pk]))
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.verified_by == lan_staff[Role.VERIFIER]


def test_verify_by_another_units_verifier_is_404(client, other_unit_staff, make_institution):
    pending = make_institution(name="Kabupaten Landak", operator="op-landak", verified=False)
    client.force_login(other_unit_staff)
    assert (
        "Kabupaten Landak"
        not in client.get(reverse("assessments_institutions_pending")).content.decode()
    )
    response = client.post(reverse("assessments_institution_verify", args=[pending.pk]))
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.verified_at is None


def test_verify_by_an_operator_is_403(client, institution_operator, make_institution):
    pending = make_institution(name="Kabupaten Ketapang", operator="op-ketapang", verified=False)
    client.force_login(institution_operator)
    response = client.post(reverse("assessments_institution_verify", args=[pending.pk]))
    assert response.status_code == 403


# --- Institution home and request -------------------------------------------------------------


def test_home_lists_the_institutions_and_their_engagements(
    client, institution_operator, make_engagement
):
    engagement = make_engagement(EngagementState.REQUESTED)
    client.force_login(institution_operator)
    body = client.get(reverse("assessments_institution_home")).content.decode()
    assert "Pemerintah Kota Singkawang" in body
    assert reverse("assessments_engagement", args=[engagement.public_id]) in body
    assert "Ajukan permohonan kerja sama" in body


def test_home_is_403_for_a_non_operator_and_login_for_anonymous(client, lan_staff):
    url = reverse("assessments_institution_home")
    assert client.get(url).status_code == 302
    client.force_login(lan_staff[Role.SCHEDULER])
    assert client.get(url).status_code == 403


def test_request_through_the_page(client, institution_operator, lan_staff):
    client.force_login(institution_operator)
    url = reverse("assessments_engagement_new")
    assert client.get(url).status_code == 200
    data = {
        "purpose": "selection",
        "participants_planned": "12",
        "preferred_mode": "online",
        "preferred_period": "Februari 2027",
        "letter_number": "800/9/BKPSDM",
        "letter_date": "2026-12-01",
        "cover_letter": SimpleUploadedFile("s.pdf", pdf_bytes(), "application/pdf"),
        "institution": institution_operator.operated_institutions.get().pk,
    }
    response = client.post(url, data)
    engagement = Engagement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments_engagement", args=[engagement.public_id])
    assert engagement.state == EngagementState.REQUESTED
    page = client.get(response["Location"])
    assert "Menunggu jawaban" in page.content.decode()
    # The same letter again (a double click): refused on the form, no second engagement.
    data["cover_letter"] = SimpleUploadedFile("s.pdf", pdf_bytes(), "application/pdf")
    again = client.post(url, data)
    assert again.status_code == 200
    assert Engagement.objects.count() == 1


def test_an_unverified_institution_cannot_open_the_request_form(client, make_institution):
    institution = make_institution(name="Kabupaten Sekadau", operator="op-sekadau", verified=False)
    client.force_login(institution.operators.get())
    response = client.get(reverse("assessments_engagement_new"))
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments_institution_home")


# --- The engagement page: reply, notes, SPK ---------------------------------------------------


def test_the_official_replies_on_the_engagement_page(client, make_engagement, lan_staff):
    engagement = make_engagement(EngagementState.REQUESTED)
    official = lan_staff[Role.SIGNING_OFFICIAL]
    client.force_login(official)
    page = client.get(reverse("assessments_engagement", args=[engagement.public_id]))
    assert "Jawab permohonan" in page.content.decode()
    url = reverse("assessments_engagement_reply", args=[engagement.public_id])
    refused = client.post(url, {"decision": "decline", "reason": ""}, follow=True)
    assert "alasan penolakan" in refused.content.decode()
    client.post(
        url,
        {
            "decision": "accept",
            "contact_name": "Dewi",
            "contact_phone": "022-7790048",
            "contact_email": "dewi@lan.example",
        },
    )
    engagement.refresh_from_db()
    assert engagement.state == EngagementState.AGREEMENT


def test_the_scheduler_sees_no_reply_form_and_cannot_reply(client, make_engagement, lan_staff):
    engagement = make_engagement(EngagementState.REQUESTED)
    client.force_login(lan_staff[Role.SCHEDULER])
    page = client.get(reverse("assessments_engagement", args=[engagement.public_id]))
    assert "Jawab permohonan" not in page.content.decode()
    response = client.post(
        reverse("assessments_engagement_reply", args=[engagement.public_id]),
        {"decision": "decline", "reason": "Tidak"},
    )
    assert response.status_code == 403
    engagement.refresh_from_db()
    assert engagement.state == EngagementState.REQUESTED


def test_a_note_through_the_page(client, make_engagement, institution_operator):
    engagement = make_engagement(EngagementState.AGREEMENT)
    client.force_login(institution_operator)
    client.post(
        reverse("assessments_engagement_note", args=[engagement.public_id]),
        {"text": "Mohon tim datang pukul 08.00."},
    )
    page = client.get(reverse("assessments_engagement", args=[engagement.public_id]))
    assert "Mohon tim datang pukul 08.00." in page.content.decode()


def test_the_spk_form_shows_the_computed_fee_and_saves(
    client, make_engagement, institution_operator
):
    engagement = make_engagement(EngagementState.AGREEMENT)
    client.force_login(institution_operator)
    url = reverse("assessments_agreement_edit", args=[engagement.public_id])
    page = client.get(url)
    assert (
        "Rp 3.200.000 \N{MULTIPLICATION SIGN} 12 peserta = Rp 38.400.000" in page.content.decode()
    )
    response = client.post(
        url,
        {
            "number": "SPK/1/2027",
            "purpose": "selection",
            "mode": "online",
            "place": "Ruang CAT",
            "starts_on": "2027-02-08",
            "ends_on": "2027-02-08",
            "participant_count": "10",
            "payment_due_on": "2027-03-01",
            "first_party_signatory": "Budi",
            "first_party_title": "Sekretaris Daerah",
            "fee_per_participant": "1",  # not a field: ignored
        },
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(engagement=engagement)
    assert agreement.fee_per_participant == 3_200_000
    assert agreement.participant_count == 10


def test_the_spk_form_refuses_bad_dates_and_keeps_the_input(
    client, make_engagement, institution_operator
):
    engagement = make_engagement(EngagementState.AGREEMENT)
    client.force_login(institution_operator)
    response = client.post(
        reverse("assessments_agreement_edit", args=[engagement.public_id]),
        {
            "purpose": "selection",
            "mode": "online",
            "place": "Ruang CAT Tetap",
            "starts_on": "2027-02-08",
            "ends_on": "2027-02-01",
            "participant_count": "10",
            "payment_due_on": "2027-03-01",
            "first_party_signatory": "Budi",
            "first_party_title": "Sekretaris Daerah",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai" in body
    assert "Ruang CAT Tetap" in body
    assert not Agreement.objects.exists()


# --- Who sees what ----------------------------------------------------------------------------


@pytest.fixture
def signed_engagement(make_engagement):
    engagement = make_engagement(
        EngagementState.PREPARATION, agreement=True, signed_on=datetime.date(2027, 1, 25)
    )
    agreement = engagement.agreement
    for field in ("draft_pdf", "first_party_copy", "second_party_copy"):
        getattr(agreement, field).save(f"{field}.pdf", ContentFile(pdf_bytes()), save=False)
    agreement.first_party_signed_at = agreement.second_party_signed_at = timezone.now()
    agreement.save()
    return engagement


def _file_urls(engagement):
    args = [engagement.public_id]
    return [
        reverse("assessments_engagement", args=args),
        reverse("assessments_cover_letter", args=args),
        reverse("assessments_agreement_draft", args=args),
        reverse("assessments_agreement_file", args=[*args, "pihak-pertama"]),
        reverse("assessments_agreement_file", args=[*args, "pihak-kedua"]),
        reverse("assessments_agreement_edit", args=args),
    ]


def test_the_operator_and_lan_staff_read_every_file(
    client, signed_engagement, institution_operator, lan_staff
):
    for user in (institution_operator, lan_staff[Role.SCHEDULER]):
        client.force_login(user)
        for url in _file_urls(signed_engagement)[:5]:
            response = client.get(url)
            assert response.status_code == 200, url
            if getattr(response, "streaming", False):
                assert response["Content-Type"] == "application/pdf"
                assert "sandbox" in response["Content-Security-Policy"]
                # Read to its end: the test client's wrapper closes the file.
                assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("who", ["other_operator", "other_unit", "stranger"])
def test_outsiders_get_404_everywhere(
    who, client, signed_engagement, make_institution, other_unit_staff, make_user
):
    user = {
        "other_operator": lambda: make_institution(
            name="Kabupaten Kapuas Hulu", operator="op-kapuas"
        ).operators.get(),
        "other_unit": lambda: other_unit_staff,
        "stranger": lambda: make_user("orang-lain"),
    }[who]()
    client.force_login(user)
    for url in _file_urls(signed_engagement):
        assert client.get(url).status_code == 404, url
    args = [signed_engagement.public_id]
    for name in (
        "assessments_engagement_note",
        "assessments_engagement_reply",
        "assessments_engagement_cancel",
        "assessments_agreement_confirm",
        "assessments_agreement_first_party",
        "assessments_agreement_second_party",
    ):
        assert client.post(reverse(name, args=args), {"text": "x"}).status_code == 404, name


def test_anonymous_goes_to_login(client, signed_engagement):
    for url in _file_urls(signed_engagement):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_the_spk_through_the_pages_to_preparation(
    client, make_engagement, institution_operator, lan_staff
):
    """Confirm, return, confirm again, sign both sides: each step's form shows to its side."""
    engagement = make_engagement(
        EngagementState.AGREEMENT, agreement=True, starts_on=datetime.date(2027, 3, 1)
    )
    Agreement.objects.filter(engagement=engagement).update(confirmed_at=None)
    args = [engagement.public_id]
    page_url = reverse("assessments_engagement", args=args)
    official = lan_staff[Role.SIGNING_OFFICIAL]

    client.force_login(official)
    assert "Konfirmasi isi SPK" in client.get(page_url).content.decode()
    client.post(
        reverse("assessments_agreement_confirm", args=args),
        {"signatory": "Dr. Andi Wijaya", "title": "Kepala Puslatbang PKASN"},
    )
    body = client.get(page_url).content.decode()
    assert "Kembalikan SPK" in body
    assert "Tanda tangan Pihak Kedua" in body
    client.post(reverse("assessments_agreement_return", args=args), {"reason": "Nomor salah."})
    assert Agreement.objects.get(engagement=engagement).confirmed_at is None
    client.post(
        reverse("assessments_agreement_confirm", args=args),
        {"signatory": "Dr. Andi Wijaya", "title": "Kepala Puslatbang PKASN"},
    )
    draft = client.get(reverse("assessments_agreement_draft", args=args))
    assert b"".join(draft.streaming_content).startswith(b"%PDF-")

    client.force_login(institution_operator)
    assert "Tanda tangan Pihak Pertama" in client.get(page_url).content.decode()
    client.post(
        reverse("assessments_agreement_first_party", args=args),
        {"file": SimpleUploadedFile("spk.pdf", pdf_bytes(), "application/pdf")},
    )
    client.force_login(official)
    refused = client.post(
        reverse("assessments_agreement_second_party", args=args), {"method": "upload"}, follow=True
    )
    assert "Pilih berkas PDF" in refused.content.decode()
    client.post(
        reverse("assessments_agreement_second_party", args=args),
        {"method": "upload", "file": SimpleUploadedFile("spk.pdf", pdf_bytes(), "application/pdf")},
    )
    engagement.refresh_from_db()
    assert engagement.state == EngagementState.PREPARATION
    agreement = Agreement.objects.get(engagement=engagement)
    assert agreement.second_party_signatory == "Dr. Andi Wijaya"
    assert agreement.fully_signed_at is not None
