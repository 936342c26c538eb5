"""The rendering tasks: signing or legalising queues a signed PDF, stored once under a fixed
name; running twice, a leftover of a killed worker, or two workers at once still leave one
file; the re-drive completes what stalled; every published result gets its letter."""

import hashlib
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from certificates import documents
from certificates.constants import CertificateStatus, FileState
from certificates.models import Certificate, ResultLetter
from certificates.services import certificate_legalise, certificate_sign
from certificates.tasks import (
    redrive_documents,
    render_certificate,
    render_legalised,
    render_result_letter,
)
from portal.signing import SigningKeyMissing
from registration.constants import ApplicationStatus
from scheduling.constants import Outcome, ResultStatus
from scheduling.models import Result
from tests.certificates.test_documents import published_result, text_of
from tests.certificates.test_signing import (  # noqa: F401 - the fixtures
    assert_signed_pades,
    demo_p12,
    signing_key,
)
from tests.factories import ApplicationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("signing_key")]


def sha(field_file) -> str:
    with field_file.open("rb") as file:
        return hashlib.sha256(file.read()).hexdigest()


def stored_files(field_file) -> list[str]:
    """The files in the document's folder: one per document, whatever happened."""
    folder = field_file.name.rsplit("/", 1)[0]
    return field_file.storage.listdir(folder)[1]


def pdf_of(field_file) -> bytes:
    with field_file.open("rb") as file:
        return file.read()


def signed_pending(make_certificate, official, **fields) -> Certificate:
    """A certificate the official signed, whose PDF is still to be rendered."""
    values = {
        "status": CertificateStatus.LEGALISATION,
        "pdf_state": FileState.PENDING,
        "signed_by": official,
        "signed_at": timezone.now(),
        **fields,
    }
    return make_certificate(**values)


@pytest.fixture
def official(signing_official):
    signing_official.first_name = "Dr. Adin Bondar, M.Si."
    signing_official.save(update_fields=["first_name"])
    return signing_official


def test_signing_renders_signs_and_stores_the_certificate_once(
    make_certificate, passed_application, official, django_capture_on_commit_callbacks
):
    certificate = make_certificate(application=passed_application, status=CertificateStatus.SIGNING)

    with django_capture_on_commit_callbacks(execute=True):
        outcome = certificate_sign(certificates=[certificate], actor=official)

    assert [done.pk for done in outcome.done] == [certificate.pk]
    certificate.refresh_from_db()
    assert certificate.pdf_state == FileState.READY
    slug = certificate.number.replace("/", "-")
    assert certificate.pdf.name == f"sertifikat/{certificate.public_id}/sertifikat-{slug}.pdf"
    pdf = pdf_of(certificate.pdf)
    assert_signed_pades(pdf)
    assert certificate.number in text_of(pdf)
    assert "Dr. Adin Bondar, M.Si." in text_of(pdf)

    first = sha(certificate.pdf)
    assert render_certificate.delay(certificate.pk).get() is False  # already stored
    certificate.refresh_from_db()
    assert sha(certificate.pdf) == first
    assert stored_files(certificate.pdf) == [f"sertifikat-{slug}.pdf"]


def test_a_leftover_of_a_killed_run_is_replaced_not_duplicated(make_certificate, official):
    certificate = signed_pending(make_certificate, official)
    name = f"sertifikat-{certificate.number.replace('/', '-')}.pdf"
    leftover = certificate.pdf.storage.save(
        f"sertifikat/{certificate.public_id}/{name}", ContentFile(b"%PDF-1.7 terpotong")
    )

    assert render_certificate.delay(certificate.pk).get() is True

    certificate.refresh_from_db()
    assert certificate.pdf.name == leftover
    assert stored_files(certificate.pdf) == [name]
    assert_signed_pades(pdf_of(certificate.pdf))


def test_an_unsigned_certificate_is_not_rendered(make_certificate):
    certificate = make_certificate(status=CertificateStatus.SIGNING)

    assert render_certificate.delay(certificate.pk).get() is False

    certificate.refresh_from_db()
    assert certificate.pdf_state == FileState.NONE
    assert not certificate.pdf


def test_without_a_signing_key_the_certificate_stays_pending(make_certificate, official, settings):
    settings.CERT_SIGNING_P12 = ""
    certificate = signed_pending(make_certificate, official)

    outcome = render_certificate.apply(args=[certificate.pk])

    assert outcome.failed()
    assert isinstance(outcome.result, SigningKeyMissing)
    certificate.refresh_from_db()
    assert certificate.pdf_state == FileState.PENDING  # the re-drive signs it once a key is set
    assert not certificate.pdf


def test_legalising_stores_a_marked_and_signed_copy(
    make_certificate,
    official,
    certificate_officer,
    django_capture_on_commit_callbacks,
):
    certificate_officer.first_name = "Sri Rahayu, S.Sos."
    certificate_officer.save(update_fields=["first_name"])
    certificate = signed_pending(make_certificate, official)
    render_certificate.delay(certificate.pk)

    with django_capture_on_commit_callbacks(execute=True):
        outcome = certificate_legalise(certificates=[certificate], actor=certificate_officer)

    assert [done.pk for done in outcome.done] == [certificate.pk]
    certificate.refresh_from_db()
    assert certificate.legalised_pdf_state == FileState.READY
    slug = certificate.number.replace("/", "-")
    assert certificate.legalised_pdf.name.endswith(f"/legalisir-{slug}.pdf")
    pdf = pdf_of(certificate.legalised_pdf)
    assert_signed_pades(pdf)
    text = text_of(pdf)
    assert "SALINAN SESUAI ASLI — DILEGALISIR" in text
    assert "Dilegalisir oleh Sri Rahayu, S.Sos." in text
    assert sorted(stored_files(certificate.pdf)) == [
        f"legalisir-{slug}.pdf",
        f"sertifikat-{slug}.pdf",
    ]
    assert render_legalised.delay(certificate.pk).get() is False


def test_the_redrive_completes_what_a_killed_worker_left_pending(make_certificate, official):
    stalled = signed_pending(make_certificate, official)
    fresh = signed_pending(make_certificate, official)
    legalised = signed_pending(
        make_certificate,
        official,
        status=CertificateStatus.SHIPPING,
        pdf_state=FileState.NONE,
        legalised_pdf_state=FileState.PENDING,
        legalised_by=official,
        legalised_at=timezone.now(),
    )
    long_ago = timezone.now() - timedelta(hours=1)
    Certificate.objects.filter(pk__in=[stalled.pk, legalised.pk]).update(updated_at=long_ago)
    without_letter = published_result(Outcome.FAILED)
    Result.objects.filter(pk=without_letter.pk).update(published_at=long_ago)

    counts = redrive_documents.delay().get()

    nothing_in_bulk = {"bulk_expired": 0, "bulk_requeued": 0}
    assert counts == {"certificates": 1, "legalised": 1, "letters": 1, **nothing_in_bulk}
    stalled.refresh_from_db()
    fresh.refresh_from_db()
    legalised.refresh_from_db()
    assert stalled.pdf_state == FileState.READY
    assert_signed_pades(pdf_of(stalled.pdf))
    assert fresh.pdf_state == FileState.PENDING  # its own task may still be running
    assert not fresh.pdf
    assert legalised.legalised_pdf_state == FileState.READY
    assert "DILEGALISIR" in text_of(pdf_of(legalised.legalised_pdf))
    assert ResultLetter.objects.get(result=without_letter).pdf_state == FileState.READY
    assert redrive_documents.delay().get() == {
        "certificates": 0,
        "legalised": 0,
        "letters": 0,
        **nothing_in_bulk,
    }


def test_every_published_result_gets_its_letter_and_an_amendment_a_new_one(
    django_capture_on_commit_callbacks,
):
    passed = published_result(Outcome.PASSED)
    failed = published_result(Outcome.FAILED)

    with django_capture_on_commit_callbacks(execute=True):
        documents.result_letters_request([passed, failed])

    letters = {letter.result_id: letter for letter in ResultLetter.objects.all()}
    assert set(letters) == {passed.pk, failed.pk}
    for result, shown in [(passed, "Hasil : LULUS"), (failed, "Hasil : TIDAK LULUS")]:
        letter = letters[result.pk]
        assert letter.pdf_state == FileState.READY
        assert letter.pdf.name.endswith(f"/surat-keterangan-hasil-uji-{result.pk}.pdf")
        pdf = pdf_of(letter.pdf)
        assert_signed_pades(pdf)
        assert shown in text_of(pdf)

    Result.objects.filter(pk=failed.pk).update(outcome=Outcome.PASSED)  # amended
    with django_capture_on_commit_callbacks(execute=True):
        documents.result_letters_request([failed])

    letter = ResultLetter.objects.get(result=failed)
    assert letter.pdf_state == FileState.READY
    assert "Hasil : LULUS" in text_of(pdf_of(letter.pdf))
    assert stored_files(letter.pdf) == [f"surat-keterangan-hasil-uji-{failed.pk}.pdf"]


def test_a_draft_result_gets_no_letter():
    draft = published_result(Outcome.PASSED)
    Result.objects.filter(pk=draft.pk).update(status=ResultStatus.DRAFT, published_at=None)

    assert render_result_letter.delay(draft.pk).get() is False
    assert not ResultLetter.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_render_the_certificate_once(
    reference_data, make_certificate, make_user
):
    official = make_user("pejabat-bersamaan", first_name="Dr. Adin Bondar, M.Si.")
    certificate = signed_pending(
        make_certificate,
        official,
        application=ApplicationFactory(status=ApplicationStatus.PASSED),
    )
    start = threading.Barrier(2)

    def run() -> bool:
        try:
            start.wait()
            return documents.certificate_pdf_store(certificate_id=certificate.pk)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        wrote = sorted(pool.map(lambda _: run(), range(2)))

    assert wrote == [False, True]
    certificate.refresh_from_db()
    assert certificate.pdf_state == FileState.READY
    assert len(stored_files(certificate.pdf)) == 1
