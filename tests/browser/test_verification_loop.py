"""The whole loop in a real browser: the candidate submits nine documents, the verifier returns
one, the candidate replaces only that one and resubmits, the verifier verifies, and the
candidate sees "Terverifikasi" and every step in the timeline."""

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from portal.models import Service
from registration.constants import ApplicationStatus
from registration.models import Application
from tests.browser.test_application_flow import (
    documents_for,
    fill_profile,
    log_in,
    start_application,
    submit_application,
    task,
    upload_document,
    upload_documents,
)
from tests.factories import SERVICE_SLUG, LibrarianFactory, pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_role("navigation").get_by_role("link", name="Masuk")).to_be_visible()


def staff_log_in(page: Page, username: str, password: str) -> None:
    log_in(page, username, password, lands_on=r"/staf/$")


def open_from_queue(page: Page, name: str) -> None:
    page.get_by_role("link", name="Verifikasi", exact=True).click()
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()


def review(page: Page, code: str, *, valid: bool, note: str = "") -> None:
    """Choose one document's verdict on the review form (saved with the decision)."""
    row = page.locator(f"#berkas-{code}")
    verdict = row.get_by_label("Sesuai" if valid else "Perlu perbaikan", exact=True)
    verdict.check()
    if note:
        row.get_by_label("Catatan untuk peserta").fill(note)


def decide(page: Page, label: str) -> None:
    decision = page.locator("#keputusan")
    decision.get_by_label(label).check()
    with page.expect_navigation(wait_until="domcontentloaded"):
        decision.get_by_role("button", name="Simpan dan putuskan").click()


def test_returned_document_is_replaced_and_the_application_verified(
    page, candidate, verifier, password, tmp_path
):
    LibrarianFactory(nip=candidate.nip)
    service = Service.objects.get(slug=SERVICE_SLUG)
    files = documents_for(service, tmp_path)
    codes = list(service.requirements.values_list("code", flat=True))

    # The candidate submits everything.
    log_in(page, candidate.username, password)
    fill_profile(page)
    start_application(page)
    upload_documents(page, files)
    submit_application(page)
    log_out(page)

    # The verifier takes it, finds the KTP unreadable and returns the application.
    staff_log_in(page, verifier.username, password)
    open_from_queue(page, "Dr. Rina Wulandari, S.I.Pust., M.Hum.")
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.get_by_role("button", name="Ambil untuk diperiksa").click()
    for code in codes:
        if code == "ktp":
            review(page, code, valid=False, note="Foto KTP buram, mohon pindai ulang.")
        else:
            review(page, code, valid=True)
    decide(page, "Kembalikan untuk perbaikan berkas yang ditandai")
    application = Application.objects.get(candidate=candidate)
    assert application.status == ApplicationStatus.RETURNED
    assert "Foto KTP buram" in mail.outbox[-1].body
    log_out(page)

    # The candidate sees exactly which document and why, replaces it, and resubmits.
    log_in(page, candidate.username, password)
    page.goto("/pengajuan/")
    expect(task(page, "ktp")).to_contain_text("Perlu perbaikan")
    expect(task(page, "ijazah")).to_contain_text("Sudah diisi")
    task(page, "ktp").get_by_role("link", name="Salinan KTP").click()
    expect(page.get_by_text("Foto KTP buram, mohon pindai ulang.")).to_be_visible()
    clearer = tmp_path / "ktp-jelas.pdf"
    clearer.write_bytes(pdf_bytes(pages=2))
    upload_document(page, "ktp", clearer)
    expect(task(page, "ktp")).to_contain_text("ktp-jelas.pdf")
    submit_application(page)
    expect(page.get_by_text(application.reference)).to_be_visible()  # the number it kept
    log_out(page)

    # Back in the same verifier's queue: the new version is valid, the application verified.
    application.refresh_from_db()
    assert (application.status, application.verifier) == (ApplicationStatus.SUBMITTED, verifier)
    staff_log_in(page, verifier.username, password)
    open_from_queue(page, "Dr. Rina Wulandari, S.I.Pust., M.Hum.")
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.get_by_role("button", name="Ambil untuk diperiksa").click()
    review(page, "ktp", valid=True)
    decide(page, "Terverifikasi: semua berkas sesuai")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.VERIFIED
    log_out(page)

    # The candidate sees the result and the whole story.
    log_in(page, candidate.username, password)
    page.goto("/pengajuan/")
    status = page.locator("section[aria-labelledby=status]")
    expect(status).to_contain_text("Terverifikasi")
    timeline = page.locator("section[aria-labelledby=riwayat]")
    expect(timeline.locator(".timeline__item").first).to_contain_text("Terverifikasi")
    for step in ["Dikembalikan untuk perbaikan", "Diajukan, menunggu verifikasi"]:
        expect(timeline).to_contain_text(step)
