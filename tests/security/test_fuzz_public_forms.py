"""Every public form, fed hostile input by Hypothesis: unicode, control characters, NUL bytes,
huge strings, repeated and missing fields, fields the form does not know. Whatever arrives,
the answer is a page or a refusal (4xx), never a server error."""

from urllib.parse import quote, urlsplit

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from complaints.constants import ComplaintKind, ComplaintStatus, MessageKind
from complaints.services import complaint_message_add, complaint_submit, complaint_transition
from survey.ikm import ELEMENTS
from tests.factories import SERVICE_SLUG
from tests.security.hostile import FUZZ, FUZZ_SMALL, assert_handled, form_data, text

pytestmark = pytest.mark.django_db


# --- registration ----------------------------------------------------------------------------


@FUZZ
@given(nip=text)
def test_the_nip_check_answers_any_query(client, nip):
    assert_handled(client.get(reverse("nip_check"), {"nip": nip}))


@FUZZ
@given(data=form_data(["nip", "email"], {"nip": "198609262015052001", "email": "a@example.test"}))
def test_registration_answers_any_post(client, data):
    assert_handled(client.post(reverse("register"), data))


@FUZZ_SMALL
@given(nip=text)
def test_registration_prefills_any_nip_from_the_query(client, nip):
    assert_handled(client.get(reverse("register"), {"nip": nip}))


# --- accounts (allauth) ----------------------------------------------------------------------


@FUZZ
@given(data=form_data(["login", "password", "remember", "next"], {"login": "198609262015052001"}))
def test_login_answers_any_post(client, candidate, data):
    assert_handled(client.post(reverse("account_login"), data))


@FUZZ
@given(data=form_data(["email"], {"email": "198609262015052001@example.test"}))
def test_password_reset_answers_any_post(client, candidate, data):
    assert_handled(client.post(reverse("account_reset_password"), data))


@FUZZ_SMALL
@given(key=text, data=form_data(["password1", "password2"]))
def test_password_reset_from_a_forged_key_answers(client, key, data):
    url = f"/accounts/password/reset/key/{quote(key, safe='')}/"
    assert_handled(client.get(url))
    assert_handled(client.post(url, data))


# --- language switch -------------------------------------------------------------------------


@FUZZ
@given(data=form_data(["language", "next"], {"language": "en", "next": "/"}))
def test_the_language_switch_answers_any_post(client, data):
    response = client.post("/i18n/setlang/", data)

    assert_handled(response)
    if response.status_code == 302:
        # Never an open redirect, whatever "next" says: a path on this site.
        location = urlsplit(response["Location"])
        assert (location.scheme, location.netloc) == ("", "")
        assert not response["Location"].lstrip().startswith(("//", "/\\", "\\"))


# --- complaints ------------------------------------------------------------------------------

COMPLAINT_FIELDS = [
    "kind",
    "service",
    "subject",
    "description",
    "incident_date",
    "reporter_name",
    "reporter_email",
    "reporter_phone",
    "anonymous",
    "confidential",
    "website",
]
COMPLAINT_VALID = {
    "kind": ComplaintKind.COMPLAINT,
    "service": "",
    "subject": "Jadwal ujian tidak muncul",
    "description": "Sudah terverifikasi sejak Senin.",
    "incident_date": "2026-01-12",
    "reporter_email": "dewi@example.test",
    "website": "",
}


@FUZZ
@given(data=form_data(COMPLAINT_FIELDS, COMPLAINT_VALID))
def test_the_complaint_form_answers_any_post(client, data):
    assert_handled(client.post(reverse("complaint_new"), data))


@FUZZ
@given(code=text)
def test_the_tracking_lookup_answers_any_code(client, code):
    assert_handled(client.get(reverse("complaint_track_lookup"), {"code": code}))


@FUZZ_SMALL
@given(code=text)
def test_the_tracking_page_answers_any_code_in_its_address(client, code):
    assert_handled(client.get(f"/pengaduan/lacak/{quote(code, safe='')}/"))
    assert_handled(client.get(f"/survei/pengaduan/{quote(code, safe='')}/"))


@pytest.fixture
def complaint():
    return complaint_submit(
        kind=ComplaintKind.COMPLAINT,
        subject="Berkas tidak dapat diunggah",
        description="Unggahan SK jabatan selalu gagal sejak kemarin.",
        reporter_name="Budi Santoso",
        reporter_email="budi@example.test",
    )


@pytest.fixture
def closed_complaint(complaint, make_user):
    from portal.constants import Role

    handler = make_user("pengelola", Role.COMPLAINT_HANDLER)
    complaint_transition(complaint=complaint, to=ComplaintStatus.VERIFIED, actor=handler)
    complaint_message_add(
        complaint=complaint, kind=MessageKind.REPLY, body="Jawaban kami.", actor=handler
    )
    complaint_transition(complaint=complaint, to=ComplaintStatus.CLOSED, actor=handler)
    return complaint


@FUZZ
@given(data=form_data(["body"], {"body": "Tambahan keterangan."}))
def test_adding_information_on_the_tracking_page_answers_any_post(client, complaint, data):
    data.pop("reopen", None)
    url = reverse("complaint_track", args=[complaint.tracking_code])

    assert_handled(client.post(url, data))


@FUZZ
@given(data=form_data(["note"], {"note": "Masih terjadi."}))
def test_reopening_on_the_tracking_page_answers_any_post(client, closed_complaint, data):
    url = reverse("complaint_track", args=[closed_complaint.tracking_code])

    assert_handled(client.post(url, {**data, "reopen": "1"}))


# --- satisfaction survey ---------------------------------------------------------------------

SURVEY_FIELDS = [*ELEMENTS, "sex", "age_band", "education", "occupation", "suggestion"]
SURVEY_VALID = dict.fromkeys(ELEMENTS, "4")


@FUZZ
@given(data=form_data(SURVEY_FIELDS, SURVEY_VALID))
def test_the_public_survey_answers_any_post(client, data):
    assert_handled(client.post(f"/survei/{SERVICE_SLUG}/", data))


@FUZZ_SMALL
@given(data=form_data(SURVEY_FIELDS, SURVEY_VALID))
def test_the_reporters_survey_answers_any_post(client, closed_complaint, data):
    assert_handled(client.post(f"/survei/pengaduan/{closed_complaint.tracking_code}/", data))


@FUZZ_SMALL
@given(slug=text, layanan=text)
def test_the_survey_pages_answer_any_slug(client, slug, layanan):
    assert_handled(client.get(f"/survei/{quote(slug, safe='')}/"))
    assert_handled(client.get(reverse("survey_thanks"), {"layanan": layanan}))


# --- certificate verification ----------------------------------------------------------------


@FUZZ
@given(number=text)
def test_the_certificate_check_form_answers_any_number(client, number):
    assert_handled(client.get(reverse("certificate_verify_form"), {"number": number}))


@FUZZ
@given(number=text, accept=st.sampled_from(["text/html", "application/json", "*/*", "\x00"]))
def test_the_certificate_page_answers_any_number_in_its_address(client, number, accept):
    response = client.get(f"/certificates/verify/{quote(number, safe='/')}/", HTTP_ACCEPT=accept)

    assert_handled(response)


def test_a_number_with_a_nul_byte_is_unknown_not_a_crash(client):
    """Regression: PostgreSQL refuses NUL in a query parameter, which was a 500."""
    page = client.get("/certificates/verify/UKP%2F2026%00%2F000123/")
    api = client.get("/api/certificates/UKP/2026/%00/")

    assert page.status_code == 200
    assert "tidak dikenal" in page.content.decode().lower()
    assert api.status_code == 404
    assert api.json()["status"] == "unknown"


def test_a_number_with_a_line_break_is_refused_by_the_check_form(client):
    """Regression: the form redirected to an address that cannot hold a line break (500)."""
    response = client.get(reverse("certificate_verify_form"), {"number": "UKP/2026\n/000123"})

    assert response.status_code == 200
    assert "Tulis nomor seperti tertulis pada sertifikat" in response.content.decode()


def test_the_survey_thanks_page_refuses_a_service_slug_with_a_nul_byte(client):
    """Regression: the slug from the query went to PostgreSQL, which refuses NUL (500). Any
    NUL in a query is now a 400 (portal.limits.NulByteMiddleware)."""
    response = client.get(reverse("survey_thanks"), {"layanan": f"{SERVICE_SLUG}\x00"})

    assert response.status_code == 400
