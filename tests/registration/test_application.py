"""The candidate's application: start it, upload one document per requirement (every version
kept), submit once, read the timeline; and nobody else reaches their documents."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from portal.calendar import add_working_days, working_days_overdue
from portal.models import Event, Service
from registration.constants import ApplicationStatus, ExamPurpose, Verdict
from registration.models import Application, Document, Level
from tests.factories import (
    SERVICE_SLUG,
    ApplicationFactory,
    LibrarianFactory,
    ProfileFactory,
    pdf_bytes,
    photo_bytes,
    upload_bytes_for,
)
from verification import services as verification
from verification.models import DocumentReview, RevisionReason

pytestmark = pytest.mark.django_db

APPLICATION_URL = reverse("application")
SUBMIT_URL = reverse("application_submit")


def upload(client, code: str, name: str, content: bytes):
    return client.post(
        reverse("application_upload", args=[code]), {"file": SimpleUploadedFile(name, content)}
    )


def task_html(page: str, code: str) -> str:
    """The HTML of one requirement's line in the application page's task list."""
    start = page.index(f'id="tugas-{code}"')
    return page[start : page.index("</li>", start)]


def document_page(client, code: str) -> str:
    """One requirement's own page, with its upload."""
    response = client.get(reverse("application_upload", args=[code]))
    assert response.status_code == 200
    return response.content.decode()


def submit(client, *, follow: bool = False, **data):
    """The check-answers page's form, with the declaration ticked unless told otherwise."""
    return client.post(SUBMIT_URL, {"declaration": "on", **data}, follow=follow)


def level(code: str | None) -> int | str:
    return Level.objects.get(code=code).pk if code else ""


@pytest.fixture
def draft(candidate):
    ProfileFactory(user=candidate)
    return ApplicationFactory(candidate=candidate)


# --- Starting the application --------------------------------------------------------------


@pytest.mark.parametrize(
    ("purpose", "current", "target"),
    [
        (ExamPurpose.PROMOTION, "ahli-pertama", "ahli-muda"),
        (ExamPurpose.PROMOTION, "mahir", "penyelia"),
        (ExamPurpose.TRANSFER, None, "ahli-muda"),
        (ExamPurpose.CATEGORY_CHANGE, "mahir", "ahli-pertama"),
        (ExamPurpose.FIRST_APPOINTMENT, None, "ahli-pertama"),
        (ExamPurpose.FIRST_APPOINTMENT, None, "terampil"),
    ],
)
def test_candidate_starts_an_application_with_a_valid_purpose_and_levels(
    client, candidate, purpose, current, target
):
    # The registry's rank (III/b, no profile yet) is what makes alih kategori Ahli Pertama.
    LibrarianFactory(nip=candidate.nip)
    client.force_login(candidate)

    response = client.post(
        APPLICATION_URL,
        {"purpose": purpose, "current_level": level(current), "target_level": level(target)},
    )

    assert response.status_code == 302
    application = Application.objects.get(candidate=candidate)
    assert application.status == ApplicationStatus.DRAFT
    assert application.purpose == purpose
    assert application.target_level.code == target
    assert (application.current_level.code if application.current_level else None) == current


@pytest.mark.parametrize(
    ("purpose", "current", "target", "message"),
    [
        (ExamPurpose.PROMOTION, "ahli-pertama", "ahli-madya", "satu jenjang di atas"),
        (ExamPurpose.PROMOTION, "penyelia", "ahli-madya", "pada kategori yang sama"),
        (ExamPurpose.PROMOTION, None, "ahli-muda", "memerlukan jenjang saat ini"),
        (ExamPurpose.TRANSFER, "ahli-pertama", "ahli-muda", "kosongkan jenjang saat ini"),
        (ExamPurpose.CATEGORY_CHANGE, "ahli-pertama", "ahli-muda", "dari jenjang keterampilan"),
        (ExamPurpose.CATEGORY_CHANGE, "mahir", "penyelia", "menuju jenjang keahlian"),
        (ExamPurpose.FIRST_APPOINTMENT, None, "ahli-muda", "jenjang terendah"),
    ],
)
def test_level_combination_that_does_not_fit_the_purpose_is_refused(
    client, candidate, purpose, current, target, message
):
    client.force_login(candidate)

    response = client.post(
        APPLICATION_URL,
        {"purpose": purpose, "current_level": level(current), "target_level": level(target)},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Application.objects.exists()


def test_candidate_without_application_sees_the_form_and_what_to_prepare(client, candidate):
    client.force_login(candidate)

    page = client.get(APPLICATION_URL).content.decode()

    assert 'name="purpose"' in page
    assert "Perpindahan dari jabatan lain" in page
    assert "Salinan ijazah terakhir" in page
    assert "Profil belum diisi" in page


def test_purpose_and_levels_can_be_changed_while_draft(client, candidate, draft):
    client.force_login(candidate)

    response = client.post(
        reverse("application_update"),
        {"purpose": ExamPurpose.TRANSFER, "current_level": "", "target_level": level("ahli-muda")},
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.purpose == ExamPurpose.TRANSFER
    assert draft.current_level is None


# --- Uploading documents ---------------------------------------------------------------------


def test_uploading_a_valid_pdf_creates_version_1(client, candidate, draft):
    client.force_login(candidate)

    response = upload(client, "sk-jabatan", "SK Jabatan 2023.pdf", pdf_bytes(2))

    assert response.status_code == 302
    assert response.url == f"{APPLICATION_URL}#tugas-sk-jabatan"
    document = Document.objects.get(application=draft)
    assert (document.version, document.is_current, document.verdict) == (1, True, "pending")
    assert document.original_name == "SK Jabatan 2023.pdf"
    assert document.kind == "pdf"
    assert default_storage.exists(document.file.name)
    page = client.get(APPLICATION_URL).content.decode()
    assert "SK Jabatan 2023.pdf" in task_html(page, "sk-jabatan")
    assert "Sudah diisi" in task_html(page, "sk-jabatan")


def test_reuploading_creates_version_2_and_keeps_version_1(client, candidate, draft):
    client.force_login(candidate)

    upload(client, "pak", "pak-lama.pdf", pdf_bytes(1))
    upload(client, "pak", "pak-baru.pdf", pdf_bytes(3))

    first, second = Document.objects.filter(application=draft).order_by("version")
    assert (first.version, first.is_current) == (1, False)
    assert (second.version, second.is_current) == (2, True)
    assert default_storage.exists(first.file.name)
    assert default_storage.exists(second.file.name)
    assert first.file.name != second.file.name
    slot = document_page(client, "pak")
    assert "pak-baru.pdf" in slot
    assert "Versi sebelumnya (1)" in slot
    assert "pak-lama.pdf" in slot


def test_photo_slot_accepts_a_colour_photo(client, candidate, draft):
    client.force_login(candidate)

    assert upload(client, "pas-foto", "foto.jpg", photo_bytes()).status_code == 302
    assert Document.objects.get(application=draft).kind == "jpeg"


@pytest.mark.parametrize(
    ("code", "name", "content", "message"),
    [
        (
            "sk-jabatan",
            "sk-jabatan.pdf",
            photo_bytes(fmt="PNG"),
            "Berkas ini adalah gambar PNG. Berkas yang diterima: PDF. "
            "Mengganti nama berkas tidak mengubah isinya",
        ),
        ("ktp", "ktp.pdf", b"", "Berkas kosong (0 byte)"),
        (
            "pas-foto",
            "foto.pdf",
            pdf_bytes(),
            "Berkas ini adalah dokumen PDF. Berkas yang diterima: JPEG atau PNG.",
        ),
    ],
)
def test_refused_file_is_explained_on_its_page_and_other_documents_stay(
    client, candidate, draft, code, name, content, message
):
    client.force_login(candidate)
    upload(client, "pak", "pak.pdf", pdf_bytes())
    upload(client, "ijazah", "ijazah.pdf", pdf_bytes())

    response = upload(client, code, name, content)

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'type="file"' in page
    # The summary links to the file input, whose error sits next to it.
    assert f'href="#berkas-{code}-file"' in page
    # The address of the refusal is the document's page: a reload shows the form again.
    assert 'type="file"' in document_page(client, code)
    tasks = client.get(APPLICATION_URL).content.decode()
    assert "pak.pdf" in task_html(tasks, "pak")
    assert "ijazah.pdf" in task_html(tasks, "ijazah")
    assert "Belum diisi" in task_html(tasks, code)
    assert not Document.objects.filter(application=draft, requirement__code=code).exists()
    assert Document.objects.filter(application=draft).count() == 2


def test_the_file_picker_offers_what_the_slot_accepts(client, candidate, draft):
    client.force_login(candidate)

    assert 'accept=".pdf,application/pdf"' in document_page(client, "ijazah")
    photo = document_page(client, "pas-foto")
    assert 'accept=".jpg,.jpeg,image/jpeg,.png,image/png"' in photo
    assert "JPEG atau PNG, paling besar 1 MB" in photo
    assert "PDF, JPEG, atau PNG, paling besar 2 MB" in document_page(client, "ktp")


def test_upload_for_an_unknown_requirement_is_not_found(client, candidate, draft):
    client.force_login(candidate)

    assert upload(client, "sertifikat-lain", "x.pdf", pdf_bytes()).status_code == 404


def test_upload_without_an_application_asks_to_create_one(client, candidate):
    client.force_login(candidate)

    response = upload(client, "ktp", "ktp.pdf", pdf_bytes())

    assert response.url == APPLICATION_URL
    assert not Document.objects.exists()


# --- Submitting ------------------------------------------------------------------------------


def test_incomplete_application_is_not_submitted_and_the_missing_list_is_shown(
    client, candidate, draft
):
    client.force_login(candidate)
    upload(client, "ktp", "ktp.pdf", pdf_bytes())

    response = submit(client)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Pengajuan belum lengkap." in page
    assert "Berkas belum diunggah: Salinan SK pengangkatan dalam jabatan terakhir" in page
    assert "Berkas belum diunggah: Salinan KTP" not in page
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT
    assert draft.submitted_at is None


def test_application_without_profile_cannot_be_submitted(client, candidate):
    application = ApplicationFactory(candidate=candidate, documents=True)
    client.force_login(candidate)

    response = submit(client)

    assert "Profil peserta belum diisi" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_complete_application_is_submitted_with_a_due_date_and_one_receipt(
    client, candidate, django_capture_on_commit_callbacks
):
    ProfileFactory(user=candidate)
    application = ApplicationFactory(candidate=candidate, documents=True)
    client.force_login(candidate)

    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client)

    assert response.url == reverse("application_submitted")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.submitted_at is not None
    assert application.due_date == add_working_days(timezone.localdate(), 5)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [candidate.email]
    page = client.get(APPLICATION_URL).content.decode()
    assert "Diajukan, menunggu verifikasi" in page
    assert "Batas waktu verifikasi" in page


def test_submitting_twice_records_one_submission_and_sends_one_receipt(
    client, candidate, django_capture_on_commit_callbacks
):
    ProfileFactory(user=candidate)
    application = ApplicationFactory(candidate=candidate, documents=True)
    client.force_login(candidate)

    with django_capture_on_commit_callbacks(execute=True):
        first = submit(client)
        second = submit(client, follow=True)

    assert first.url == reverse("application_submitted")
    assert second.status_code == 200
    assert "Pengajuan terkirim" in second.content.decode()
    application.refresh_from_db()
    assert application.reference in second.content.decode()
    submissions = Event.objects.filter(
        object_id=application.pk, kind="status", to_state=ApplicationStatus.SUBMITTED
    )
    assert submissions.count() == 1
    assert len(mail.outbox) == 1


def test_after_submission_uploads_are_refused_and_no_upload_form_is_shown(client, candidate):
    ProfileFactory(user=candidate)
    application = ApplicationFactory(candidate=candidate, submitted=True)
    client.force_login(candidate)

    page = client.get(APPLICATION_URL).content.decode()
    assert 'type="file"' not in page
    assert SUBMIT_URL not in page
    assert 'type="file"' not in document_page(client, "ktp")
    assert 'name="purpose"' not in client.get(reverse("application_update")).content.decode()

    response = upload(client, "ktp", "ktp-baru.pdf", pdf_bytes())

    assert response.status_code == 400
    assert "tidak dapat diubah" in response.content.decode()
    assert 'type="file"' not in response.content.decode()
    assert Document.objects.filter(application=application).count() == 9


def test_overdue_verification_is_flagged_in_working_days(client, candidate):
    ProfileFactory(user=candidate)
    due = timezone.localdate() - timedelta(days=30)
    ApplicationFactory(candidate=candidate, submitted=True, due_date=due)
    client.force_login(candidate)
    late = f"terlambat {working_days_overdue(due)} hari kerja"

    assert late in client.get(APPLICATION_URL).content.decode()
    assert late in client.get(reverse("dashboard")).content.decode()


def test_a_deadline_years_ago_still_shows_the_page(client, candidate):
    ProfileFactory(user=candidate)
    ApplicationFactory(candidate=candidate, submitted=True, due_date=date(2020, 1, 2))
    client.force_login(candidate)

    response = client.get(APPLICATION_URL)

    assert response.status_code == 200
    assert re.search(r"terlambat \d+ hari kerja", response.content.decode())


# --- Returned for revision -------------------------------------------------------------------


@pytest.fixture
def returned(candidate, verifier):
    """A returned application whose KTP needs revision; everything else was accepted."""
    ProfileFactory(user=candidate)
    application = ApplicationFactory(
        candidate=candidate, submitted=True, status=ApplicationStatus.RETURNED, due_date=None
    )
    reason = RevisionReason.objects.create(text="Berkas tidak terbaca")
    for document in application.documents.all():
        verdict = Verdict.NEEDS_REVISION if document.requirement.code == "ktp" else Verdict.VALID
        Document.objects.filter(pk=document.pk).update(verdict=verdict)
        DocumentReview.objects.create(
            document=document,
            verdict=verdict,
            reason=reason if verdict == Verdict.NEEDS_REVISION else None,
            note="Foto KTP buram di bagian NIK." if verdict == Verdict.NEEDS_REVISION else "",
            reviewer=verifier,
        )
    return application


def test_returned_application_shows_the_reason_and_offers_upload_only_where_needed(
    client, candidate, returned
):
    client.force_login(candidate)

    page = client.get(APPLICATION_URL).content.decode()

    assert "Perlu perbaikan" in task_html(page, "ktp")
    assert "Sudah diisi" in task_html(page, "ijazah")
    ktp = document_page(client, "ktp")
    assert "Berkas tidak terbaca" in ktp
    assert "Foto KTP buram di bagian NIK." in ktp
    assert 'type="file"' in ktp
    ijazah = document_page(client, "ijazah")
    assert 'type="file"' not in ijazah
    assert "tidak perlu diganti" in ijazah


def test_returned_document_is_replaced_and_the_replacement_can_be_corrected(
    client, candidate, returned
):
    client.force_login(candidate)

    assert upload(client, "ktp", "ktp-jelas.pdf", pdf_bytes()).status_code == 302
    assert upload(client, "ktp", "ktp-lebih-jelas.pdf", pdf_bytes()).status_code == 302
    refused = upload(client, "ijazah", "ijazah-baru.pdf", pdf_bytes())

    versions = Document.objects.filter(application=returned, requirement__code="ktp")
    assert sorted(versions.values_list("version", flat=True)) == [1, 2, 3]
    assert refused.status_code == 400
    assert "Hanya berkas yang diminta diperbaiki" in refused.content.decode()


def test_returned_application_is_resubmitted_after_the_replacement(
    client, candidate, returned, django_capture_on_commit_callbacks
):
    client.force_login(candidate)
    upload(client, "ktp", "ktp-jelas.pdf", pdf_bytes())

    reference = returned.reference
    with django_capture_on_commit_callbacks(execute=True):
        submit(client)

    returned.refresh_from_db()
    assert returned.reference == reference
    assert returned.status == ApplicationStatus.SUBMITTED
    page = client.get(APPLICATION_URL).content.decode()
    assert "Diajukan kembali setelah perbaikan" in page


# --- Who sees what ---------------------------------------------------------------------------


@pytest.fixture
def document(candidate):
    ProfileFactory(user=candidate)
    return ApplicationFactory(candidate=candidate, documents=True).documents.get(
        requirement__code="sk-jabatan"
    )


def test_owner_opens_their_document_privately(client, candidate, document):
    client.force_login(candidate)

    response = client.get(reverse("document_file", args=[document.public_id]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_owner_downloads_their_document_as_an_attachment(client, candidate, document):
    client.force_login(candidate)

    response = client.get(reverse("document_file", args=[document.public_id]) + "?unduh=1")

    assert response["Content-Disposition"].startswith("attachment;")
    response.close()


@pytest.mark.parametrize("who", ["outsider", "anonymous"])
def test_nobody_else_reaches_a_candidates_document(client, request, document, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("document_file", args=[document.public_id]))

    assert response.status_code == 404


def test_verifier_opens_a_candidates_document(client, verifier, document):
    client.force_login(verifier)

    response = client.get(reverse("document_file", args=[document.public_id]))

    assert response.status_code == 200
    response.close()


def test_another_candidate_sees_only_their_own_application(client, candidate, outsider, draft):
    client.force_login(candidate)
    upload(client, "ktp", "ktp-rina.pdf", pdf_bytes())
    client.force_login(outsider)

    page = client.get(APPLICATION_URL).content.decode()
    response = upload(client, "ktp", "ktp-budi.pdf", pdf_bytes())

    assert "ktp-rina.pdf" not in page
    assert 'name="purpose"' in page  # they have none yet
    assert response.url == APPLICATION_URL
    assert Document.objects.get().original_name == "ktp-rina.pdf"


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "application"),
        ("post", "application"),
        ("post", "application_update"),
        ("post", "application_submit"),
    ],
)
def test_anonymous_visitor_is_sent_to_login(client, method, name):
    response = getattr(client, method)(reverse(name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_anonymous_upload_is_sent_to_login(client):
    response = upload(client, "ktp", "ktp.pdf", pdf_bytes())

    assert response.url.startswith(reverse("account_login"))


def test_staff_member_is_sent_to_the_staff_home(client, verifier):
    client.force_login(verifier)

    assert client.get(APPLICATION_URL).url == reverse("staff_home")
    assert client.post(SUBMIT_URL).url == reverse("staff_home")


def test_user_without_nip_or_staff_role_is_refused(client, make_user):
    client.force_login(make_user("root", is_superuser=True, is_staff=True))

    assert client.get(APPLICATION_URL).status_code == 403


def test_application_page_is_not_found_when_the_service_is_switched_off(client, candidate):
    Service.objects.filter(slug=SERVICE_SLUG).update(is_active=False)
    client.force_login(candidate)

    assert client.get(APPLICATION_URL).status_code == 404
    assert client.get(reverse("dashboard")).status_code == 200


# --- Timeline and dashboard ------------------------------------------------------------------


def test_timeline_shows_the_events_newest_first(
    client, candidate, django_capture_on_commit_callbacks
):
    ProfileFactory(user=candidate)
    client.force_login(candidate)
    client.post(
        APPLICATION_URL,
        {
            "purpose": ExamPurpose.PROMOTION,
            "current_level": level("ahli-pertama"),
            "target_level": level("ahli-muda"),
        },
    )
    application = Application.objects.get(candidate=candidate)
    for requirement in application.service.requirements.all():
        upload(client, requirement.code, *upload_bytes_for(requirement))
    with django_capture_on_commit_callbacks(execute=True):
        submit(client)

    page = client.get(APPLICATION_URL).content.decode()

    timeline = page[page.index('id="riwayat"') :]
    submitted = timeline.index("Diajukan, menunggu verifikasi")
    uploaded = timeline.index("9 berkas diunggah")
    created = timeline.index("Pengajuan dibuat")
    assert submitted < uploaded < created
    assert "Salinan PAK terakhir (v1)" in timeline
    assert "Salinan ijazah terakhir (v1)" in timeline
    assert "oleh Anda" in timeline
    assert " WIB" in timeline


def test_dashboard_shows_the_status_next_step_and_due_date(client, candidate):
    ProfileFactory(user=candidate)
    application = ApplicationFactory(candidate=candidate, submitted=True)
    client.force_login(candidate)

    page = client.get(reverse("dashboard")).content.decode()

    assert "Diajukan, menunggu verifikasi" in page
    assert "menunggu pemeriksaan tim verifikasi" in page
    assert f"{application.due_date:%Y-%m-%d}" in page
    assert f'href="{APPLICATION_URL}"' in page


def test_dashboard_lists_what_is_missing_in_a_draft(client, candidate, draft):
    client.force_login(candidate)

    page = client.get(reverse("dashboard")).content.decode()

    assert "Masih ada 9 hal yang belum lengkap." in page
    assert "Lanjutkan pengajuan" in page


def test_application_page_queries_do_not_grow_with_documents_and_versions(
    client, candidate, draft, django_assert_max_num_queries
):
    client.force_login(candidate)
    for requirement in draft.service.requirements.all():
        upload(client, requirement.code, *upload_bytes_for(requirement))
        upload(client, requirement.code, *upload_bytes_for(requirement))

    # Session, user, profile with its rank and level, service, application, documents,
    # requirements, events, the provider's hours and complaint channels (header and footer):
    # the same for one document or nine with two versions each. What is missing is worked out
    # from the documents and the profile already read (15 queries before issue 19).
    with django_assert_max_num_queries(10):
        response = client.get(APPLICATION_URL)

    assert response.status_code == 200


def test_document_page_reads_the_requirement_once_and_the_narrow_application(
    client, candidate, draft, django_assert_max_num_queries
):
    client.force_login(candidate)
    requirement = draft.service.requirements.get(code="ktp")
    upload(client, "ktp", *upload_bytes_for(requirement))
    upload(client, "ktp", *upload_bytes_for(requirement))

    # Session, user, application (no snapshot, verifier nor purpose's name), the requirement,
    # its documents, the provider's hours and complaint channels...: the requirement was read
    # twice before issue 19.
    with django_assert_max_num_queries(8):
        response = client.get(reverse("application_upload", args=["ktp"]))

    page = response.content.decode()
    assert "Versi 2 ·" in page
    assert "Versi sebelumnya (1)" in page


def test_candidate_does_not_see_the_panels_verdicts_before_its_decision(client, verifier):
    application = ApplicationFactory(submitted=True)
    verification.application_claim(application=application, verifier=verifier)
    document = application.documents.get(requirement__code="ktp")
    verification.document_review(
        document=document, verifier=verifier, verdict="needs_revision", note="Buram"
    )
    client.force_login(application.candidate)

    page = client.get(reverse("application")).content.decode()

    assert "Perlu perbaikan" not in page
    assert "Buram" not in page
