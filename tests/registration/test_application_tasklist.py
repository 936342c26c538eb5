"""The application as a task list: each part's state in words, a page per document whose
address survives a refused upload, the check-answers page with its declaration, and the
confirmation with the reference number."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.models import Requirement, Service
from registration.constants import ApplicationStatus, Verdict
from registration.models import Application, Document
from registration.services import application_notify
from tests.factories import (
    SERVICE_SLUG,
    ApplicationFactory,
    ProfileFactory,
    pdf_bytes,
    photo_bytes,
)

pytestmark = pytest.mark.django_db

APPLICATION_URL = reverse("application")
REVIEW_URL = reverse("application_submit")
DONE_URL = reverse("application_submitted")


def tags(page: str) -> dict[str, str]:
    """Each task-list line's anchor and the words of its tag."""
    return dict(re.findall(r'id="tugas-([a-z0-9-]+)-status">([^<]+)</span>', page))


def upload(client, code: str, name: str, content: bytes):
    return client.post(
        reverse("application_upload", args=[code]), {"file": SimpleUploadedFile(name, content)}
    )


def test_the_task_list_has_data_diri_purpose_and_each_required_document_of_the_service(
    client, candidate
):
    application = ApplicationFactory(candidate=candidate)  # no profile yet
    client.force_login(candidate)

    page = client.get(APPLICATION_URL).content.decode()

    codes = list(
        Requirement.objects.filter(service=application.service).values_list("code", flat=True)
    )
    assert len(codes) == 9  # the librarian exam's, from the service's requirements
    assert list(tags(page)) == ["data-diri", "tujuan", *codes]
    assert set(tags(page).values()) == {"Belum diisi", "Sudah diisi"}
    assert tags(page)["data-diri"] == "Belum diisi"
    assert tags(page)["tujuan"] == "Sudah diisi"


def test_each_line_says_filled_missing_or_needing_revision(client, candidate):
    ProfileFactory(user=candidate)
    application = ApplicationFactory(candidate=candidate)
    client.force_login(candidate)
    upload(client, "ktp", "ktp.pdf", pdf_bytes())
    upload(client, "ijazah", "ijazah.pdf", pdf_bytes())
    Document.objects.filter(application=application, requirement__code="ijazah").update(
        verdict=Verdict.NEEDS_REVISION
    )

    page_tags = tags(client.get(APPLICATION_URL).content.decode())

    assert page_tags["data-diri"] == "Sudah diisi"
    assert page_tags["ktp"] == "Sudah diisi"
    assert page_tags["ijazah"] == "Perlu perbaikan"
    assert page_tags["pak"] == "Belum diisi"


def test_the_photo_line_shows_a_thumbnail_through_the_private_document_view(client, candidate):
    ProfileFactory(user=candidate)
    application = ApplicationFactory(candidate=candidate)
    client.force_login(candidate)
    upload(client, "pas-foto", "foto.jpg", photo_bytes())
    photo = Document.objects.get(application=application, requirement__code="pas-foto")

    page = client.get(APPLICATION_URL).content.decode()

    src = reverse("document_file", args=[photo.public_id])
    assert f'<img class="task-list__thumb" src="{src}"' in page
    opened = client.get(src)
    assert opened.status_code == 200
    assert opened["Content-Type"] == "image/jpeg"
    assert b"".join(opened.streaming_content)
    client.logout()
    assert client.get(src).status_code == 404  # nobody else, not even by its address


def test_a_refused_upload_leaves_an_address_that_reloads_with_the_form(client, candidate):
    ProfileFactory(user=candidate)
    application = ApplicationFactory(candidate=candidate)
    client.force_login(candidate)
    upload(client, "ktp", "ktp.pdf", pdf_bytes())
    url = reverse("application_upload", args=["pak"])

    refused = upload(client, "pak", "pak.pdf", photo_bytes(fmt="PNG"))
    reloaded = client.get(url)

    assert refused.status_code == 400
    assert refused.request["PATH_INFO"] == url
    assert "Kesalahan:" in refused.content.decode()
    assert reloaded.status_code == 200
    assert 'type="file"' in reloaded.content.decode()
    assert list(
        Document.objects.filter(application=application).values_list("original_name", flat=True)
    ) == ["ktp.pdf"]


def test_the_purpose_page_shows_its_form_and_a_refusal_stays_on_it(client, candidate):
    ProfileFactory(user=candidate)
    ApplicationFactory(candidate=candidate)
    client.force_login(candidate)
    url = reverse("application_update")

    assert 'name="purpose"' in client.get(url).content.decode()
    refused = client.post(url, {"purpose": "", "target_level": ""})

    assert refused.status_code == 400
    assert 'href="#id_purpose' in refused.content.decode()


# --- Periksa kembali -----------------------------------------------------------------------


def test_the_check_page_lists_everything_with_change_links(client, candidate):
    profile = ProfileFactory(user=candidate)
    application = ApplicationFactory(candidate=candidate, documents=True)
    client.force_login(candidate)

    page = client.get(REVIEW_URL).content.decode()

    assert profile.full_name in page
    assert application.get_purpose_display() in page
    assert str(application.target_level) in page
    for document in application.documents.filter(is_current=True):
        assert document.original_name in page
        assert reverse("application_upload", args=[document.requirement.code]) in page
    assert reverse("profile_edit") in page
    assert reverse("application_update") in page
    assert 'name="declaration"' in page


def test_an_incomplete_application_is_not_offered_the_submit(client, candidate):
    ProfileFactory(user=candidate)
    ApplicationFactory(candidate=candidate)
    client.force_login(candidate)

    page = client.get(REVIEW_URL).content.decode()

    assert "Pengajuan belum dapat diajukan" in page
    assert 'name="declaration"' not in page


def test_the_declaration_is_required_and_nothing_is_submitted_without_it(client, candidate):
    ProfileFactory(user=candidate)
    application = ApplicationFactory(candidate=candidate, documents=True)
    client.force_login(candidate)

    response = client.post(REVIEW_URL, {})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Centang pernyataan bahwa data dan berkas yang Anda ajukan benar" in page
    assert 'href="#pernyataan-declaration"' in page  # the summary links to the checkbox
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.reference is None
    assert client.get(REVIEW_URL).status_code == 200  # the address reloads


# --- Confirmation --------------------------------------------------------------------------


def test_submitting_lands_on_the_confirmation_with_the_reference_and_the_deadline(
    client, candidate, django_capture_on_commit_callbacks
):
    ProfileFactory(user=candidate)
    application = ApplicationFactory(candidate=candidate, documents=True)
    client.force_login(candidate)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REVIEW_URL, {"declaration": "on"}, follow=True)

    application.refresh_from_db()
    page = response.content.decode()
    assert response.redirect_chain == [(DONE_URL, 302)]
    assert "Pengajuan terkirim" in page
    assert application.reference in page
    assert application.due_date.strftime("%Y") in page
    assert "5 hari kerja" in page  # the service's verification time limit
    # The receipt and the dashboard carry the same number.
    assert application.reference in mail.outbox[0].subject
    assert application.reference in mail.outbox[0].body
    assert application.reference in client.get(reverse("dashboard")).content.decode()
    assert application.reference in client.get(APPLICATION_URL).content.decode()


def test_the_confirmation_of_an_unsubmitted_application_sends_back_to_it(client, candidate):
    ProfileFactory(user=candidate)
    ApplicationFactory(candidate=candidate)
    client.force_login(candidate)

    assert client.get(DONE_URL).url == APPLICATION_URL


def test_a_submitted_application_goes_from_the_check_page_to_its_confirmation(client, candidate):
    application = ApplicationFactory(candidate=candidate, submitted=True)
    client.force_login(candidate)

    assert client.get(REVIEW_URL).url == DONE_URL
    assert client.post(REVIEW_URL, {"declaration": "on"}).url == DONE_URL
    assert Application.objects.get(pk=application.pk).reference == application.reference


def test_every_application_mail_names_the_reference(candidate, django_capture_on_commit_callbacks):
    application = ApplicationFactory(
        candidate=candidate, submitted=True, status=ApplicationStatus.RETURNED
    )
    for template, extra in [
        ("submitted", {}),
        ("returned", {"returned": [("KTP", "Buram")]}),
        ("verified", {}),
        ("rejected", {}),
    ]:
        with django_capture_on_commit_callbacks(execute=True):
            application_notify(application=application, template=template, **extra)

    assert len(mail.outbox) == 4
    assert all(application.reference in message.body for message in mail.outbox)


def test_the_librarian_exam_numbers_its_applications_with_ukp():
    # As its certificates are numbered (portal migration 0034).
    assert Service.objects.get(slug=SERVICE_SLUG).reference_prefix == "UKP"
