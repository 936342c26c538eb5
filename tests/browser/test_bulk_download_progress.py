"""The bulk download's progress page in a real browser: the officer asks from the queue, the
page follows the job by itself (its script reads the JSON status under the portal's CSP) and
shows the download link once the ZIP is made, without a reload."""

import re

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import Page, expect

from certificates import bulk
from certificates.constants import CertificateStatus, FileState
from certificates.models import BulkDownload
from portal.constants import Role
from registration.constants import ApplicationStatus
from tests.browser.test_verification_loop import staff_log_in
from tests.factories import ApplicationFactory, CertificateFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_progress_page_shows_the_link_when_the_worker_is_done(
    page: Page, make_user, password, monkeypatch
):
    make_user("petugas-sertifikat", Role.CERTIFICATE_OFFICER, first_name="Maya Sari")
    for _ in range(3):
        application = ApplicationFactory(status=ApplicationStatus.PASSED)
        certificate = CertificateFactory(
            application=application,
            status=CertificateStatus.SHIPPING,
            number=f"UKP/2026/{application.pk:06d}",
        )
        certificate.pdf.save("sertifikat.pdf", ContentFile(b"%PDF-1.7"), save=False)
        certificate.pdf_state = FileState.READY
        certificate.save()
    monkeypatch.setattr(bulk, "_enqueue", lambda job: None)  # the worker is busy elsewhere
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    staff_log_in(page, "petugas-sertifikat", password)
    page.get_by_role("link", name="Sertifikat", exact=True).click()
    page.get_by_role("link", name=re.compile("^Siap dikirim")).click()
    page.get_by_role("button", name="Unduh sekaligus (ZIP)").click()

    expect(page.get_by_role("heading", name="Unduhan sekaligus (ZIP)")).to_be_visible()
    expect(page.get_by_text("Menunggu")).to_be_visible()
    link = page.get_by_role("link", name="Unduh berkas ZIP")
    expect(link).to_be_hidden()

    bulk.bulk_build(job_id=BulkDownload.objects.get().pk)  # the worker's turn

    expect(link).to_be_visible()
    expect(page.get_by_text("Siap diunduh")).to_be_visible()
    expect(page.locator("[data-bulk-done]")).to_have_text("3")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".zip")
    assert errors == []
