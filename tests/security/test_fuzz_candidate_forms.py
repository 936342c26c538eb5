"""The logged-in candidate's own forms, fed hostile input: the profile, the application (start
and change) and the document upload. A candidate is anyone with a NIP, so these forms face the
public as much as the anonymous ones do."""

from urllib.parse import quote

import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from registration.forms import ProfileForm
from registration.models import Document
from tests.factories import ProfileFactory, pdf_bytes, photo_bytes
from tests.security.hostile import FUZZ, FUZZ_SMALL, NASTY, assert_handled, form_data, text

pytestmark = pytest.mark.django_db

PROFILE_FIELDS = list(ProfileForm.base_fields)  # every field the candidate can send
PROFILE_VALID = {
    "name": "Rina Wulandari",
    "birth_place": "Yogyakarta",
    "birth_date": "1986-09-26",
    "sex": "P",
    "position": "Pustakawan Ahli Pertama",
    "work_unit": "Pusat Pembinaan Pustakawan",
    "institution": "Perpustakaan Nasional RI",
    "whatsapp": "0812 3456 7890",
    "mailing_address": "Jl. Salemba Raya No. 28A",
    "postal_code": "10430",
}


@FUZZ
@given(data=form_data(PROFILE_FIELDS, PROFILE_VALID))
def test_the_profile_form_answers_any_post(candidate_client, data):
    assert_handled(candidate_client.post(reverse("profile_edit"), data))


APPLICATION_FIELDS = ["purpose", "current_level", "target_level"]


@FUZZ
@given(data=form_data(APPLICATION_FIELDS, {"purpose": "kenaikan_jenjang", "current_level": "1"}))
def test_the_application_change_form_answers_any_post(candidate_client, data):
    assert_handled(candidate_client.post(reverse("application_update"), data))


@pytest.fixture
def newcomer_client(client):
    """A candidate with a profile and no application yet: the page offers to start one."""
    profile = ProfileFactory()
    client.force_login(profile.user)
    return client


@FUZZ_SMALL
@given(data=form_data(APPLICATION_FIELDS, {"purpose": "kenaikan_jenjang", "target_level": "2"}))
def test_starting_an_application_answers_any_post(newcomer_client, data):
    assert_handled(newcomer_client.post(reverse("application"), data))


# --- uploads ---------------------------------------------------------------------------------

file_name = st.one_of(
    st.text(max_size=300),
    st.sampled_from(NASTY).map(lambda name: f"{name}.pdf"),
    st.sampled_from(
        [
            "../../etc/passwd.pdf",
            "..\\..\\boot.ini.pdf",
            "sk\x00.exe.pdf",
            "sk\u202efdp.exe",
            "a" * 1000 + ".pdf",
            "CON.pdf",
            ".htaccess",
            "",
        ]
    ),
)
file_content = st.one_of(
    st.binary(max_size=2000),
    st.sampled_from([pdf_bytes(), photo_bytes(), b"%PDF-1.7\n" + b"\x00" * 500]),
    st.binary(max_size=200).map(lambda tail: pdf_bytes()[:400] + tail),
)


def _uploaded(name: str, content: bytes, content_type: str) -> SimpleUploadedFile:
    try:
        return SimpleUploadedFile(name, content, content_type)
    except SuspiciousFileOperation:  # a name the test client itself cannot send ("", "..")
        return SimpleUploadedFile("berkas", content, content_type)


upload = st.builds(
    _uploaded,
    file_name,
    file_content,
    st.sampled_from(["application/pdf", "image/jpeg", "text/html", "", "\x00/\x00"]),
)


@FUZZ
@given(
    code=st.sampled_from(["pas-foto", "ktp", "sk-jabatan"]),
    file=st.one_of(upload, st.lists(upload, max_size=3), text),
)
def test_the_document_upload_answers_any_file(candidate_client, code, file):
    url = reverse("application_upload", args=[code])

    response = candidate_client.post(url, {"file": file})

    assert_handled(response)
    for document in Document.objects.filter(application=candidate_client.application):
        # Whatever the name sent, the stored one is ours: random, no directory from outside.
        stored = document.file.name
        assert stored.startswith(f"documents/{candidate_client.application.public_id}/")
        assert ".." not in stored
        assert "\x00" not in document.original_name


@FUZZ_SMALL
@given(code=text)
def test_the_upload_address_answers_any_requirement_code(candidate_client, code):
    url = f"/pengajuan/berkas/{quote(code, safe='')}/"

    assert_handled(candidate_client.post(url, {"file": SimpleUploadedFile("a.pdf", pdf_bytes())}))


@FUZZ_SMALL
@given(data=form_data(["u1", "u2", "u3", "suggestion"], {"u1": "4"}))
def test_the_candidates_survey_answers_any_post(candidate_client, data):
    assert_handled(candidate_client.post(reverse("survey_application"), data))
