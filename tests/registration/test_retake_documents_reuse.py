"""A retake reuses what is still valid: starting a new application after a failed one copies
the previous application's documents that the verifier found "sesuai", whose requirement has
not changed and which are younger than the requirement's reuse period, as files of their own."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from portal.events import event_list
from portal.models import Requirement, Service
from registration.constants import ApplicationStatus, ExamPurpose, Verdict
from registration.models import Document, Level
from registration.services import (
    application_create,
    document_upload,
    documents_reused_message,
)
from tests.factories import SERVICE_SLUG, ApplicationFactory, ProfileFactory, upload_bytes_for

pytestmark = pytest.mark.django_db


def retake(failed):
    return application_create(
        candidate=failed.candidate,
        service=failed.service,
        purpose=ExamPurpose.PROMOTION,
        current_level=Level.objects.get(code="ahli-pertama"),
        target_level=Level.objects.get(code="ahli-muda"),
    )


@pytest.fixture
def failed():
    """A failed application whose nine documents the verifier found "sesuai"."""
    application = ApplicationFactory(status=ApplicationStatus.FAILED, documents=True)
    application.documents.update(verdict=Verdict.VALID)
    return application


def by_code(application) -> dict[str, Document]:
    return {
        document.requirement.code: document
        for document in application.documents.select_related("requirement")
    }


def test_every_valid_document_is_copied_as_an_independent_file(failed):
    new = retake(failed)

    old, copied = by_code(failed), by_code(new)
    assert set(copied) == set(old)
    assert len(new.reused_documents) == len(old)
    for code, copy in copied.items():
        original = old[code]
        assert copy.copied_from == original
        assert (copy.version, copy.is_current, copy.verdict) == (1, True, Verdict.PENDING)
        assert copy.file.name != original.file.name
        assert copy.file.name.startswith(f"documents/{new.public_id}/")
        with copy.file.open("rb") as a, original.file.open("rb") as b:
            assert a.read() == b.read()
    # Deleting the old file leaves the copy whole: nothing is shared.
    photo = old["pas-foto"]
    photo.file.storage.delete(photo.file.name)
    assert copied["pas-foto"].file.storage.exists(copied["pas-foto"].file.name)
    (event,) = [e for e in event_list(subject=new) if e.kind == "documents_reused"]
    assert event.note.startswith("Dari pengajuan sebelumnya: ")
    assert documents_reused_message(new.reused_documents).startswith("9 berkas yang masih")


def test_only_documents_still_valid_are_copied(failed):
    old = by_code(failed)
    # Returned for revision: the new application needs a better one.
    Document.objects.filter(pk=old["ktp"].pk).update(verdict=Verdict.NEEDS_REVISION)
    # The provider changed the requirement after the upload.
    Requirement.objects.filter(pk=old["pak"].requirement_id).update(
        set_at=timezone.now() + timedelta(minutes=1)
    )
    # A letter valid for 6 months, uploaded 7 months ago.
    letter = old["rekomendasi-tim-penilai"]
    Requirement.objects.filter(pk=letter.requirement_id).update(reuse_months=6)
    Document.objects.filter(pk=letter.pk).update(
        uploaded_at=timezone.now() - timedelta(days=7 * 31)
    )
    # A document the provider wants new every time.
    Requirement.objects.filter(pk=old["sk-jabatan"].requirement_id).update(reuse_months=0)
    # A photo uploaded 2 months ago, with a reuse period of 6 months: still valid.
    Requirement.objects.filter(pk=old["pas-foto"].requirement_id).update(reuse_months=6)
    Document.objects.filter(pk=old["pas-foto"].pk).update(
        uploaded_at=timezone.now() - timedelta(days=60)
    )

    copied = by_code(retake(failed))

    assert "pas-foto" in copied
    for code in ("ktp", "pak", "rekomendasi-tim-penilai", "sk-jabatan"):
        assert code not in copied, code
    assert len(copied) == len(old) - 4


def test_an_earlier_version_is_not_copied_only_the_current_one(failed):
    old = by_code(failed)
    photo = old["pas-foto"]
    Document.objects.filter(pk=photo.pk).update(is_current=False)

    copied = by_code(retake(failed))

    assert "pas-foto" not in copied


def test_a_first_application_copies_nothing():
    candidate = ProfileFactory().user
    # Another candidate's failed application is not theirs to reuse.
    ApplicationFactory(status=ApplicationStatus.FAILED, documents=True)

    new = application_create(
        candidate=candidate,
        service=Service.objects.get(slug=SERVICE_SLUG),
        purpose=ExamPurpose.PROMOTION,
        current_level=Level.objects.get(code="ahli-pertama"),
        target_level=Level.objects.get(code="ahli-muda"),
    )

    assert new.reused_documents == []
    assert not new.documents.exists()


def test_the_candidate_replaces_a_copied_document_with_a_new_upload(failed):
    new = retake(failed)
    copy = by_code(new)["ktp"]
    name, content = upload_bytes_for(copy.requirement)

    replaced = document_upload(
        application=new,
        requirement=copy.requirement,
        file=SimpleUploadedFile(name, content, content_type="application/pdf"),
        actor=new.candidate,
    )

    assert replaced.version == 2
    assert replaced.copied_from is None
    copy.refresh_from_db()
    assert not copy.is_current


def test_the_candidate_is_told_on_the_page_and_each_copy_is_marked(failed, client):
    client.force_login(failed.candidate)

    response = client.post(
        reverse("application"),
        {
            "purpose": ExamPurpose.PROMOTION,
            "current_level": Level.objects.get(code="ahli-pertama").pk,
            "target_level": Level.objects.get(code="ahli-muda").pk,
        },
        follow=True,
    )

    page = response.content.decode()
    assert documents_reused_message(list(failed.documents.all())) in page
    assert page.count("· Dari pengajuan sebelumnya") == failed.documents.count()
