"""The verifier's one form in a real browser, at 1280x800 and at 390x844: an application with
nine valid documents is verified from the queue within the click budget (≤ 12 clicks, ≤ 3 page
loads), and a document needing revision without a reason gets its error next to it."""

import os
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from registration.constants import ApplicationStatus
from registration.models import Application
from tests.browser.test_application_flow import log_in
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = [{"width": 1280, "height": 800}, {"width": 390, "height": 844}]
# Screenshots for a person to look at (not compared by the test).
SHOTS = Path(os.environ.get("SHOTS_DIR") or Path(tempfile.gettempdir()) / "shots-verifier")
MAX_CLICKS, MAX_LOADS = 12, 3


class Budget:
    """Counts the clicks made through it and the main frame's page loads."""

    def __init__(self, page: Page):
        self.page = page
        self.clicks = 0
        self.loads = 0
        page.on("framenavigated", self._navigated)

    def _navigated(self, frame) -> None:
        if frame == self.page.main_frame:
            self.loads += 1

    def click(self, locator) -> None:
        self.clicks += 1
        locator.click()

    def reset(self) -> None:
        self.clicks = self.loads = 0


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def assert_no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_nine_valid_documents_are_verified_within_the_click_budget(page, verifier, password):
    applications = [ApplicationFactory(submitted=True) for _size in SIZES]
    log_in(page, verifier.username, password, lands_on=r"/staf/$")
    budget = Budget(page)

    for size, application in zip(SIZES, applications, strict=True):
        page.set_viewport_size(size)
        page.goto("/verifikasi/")
        budget.reset()
        name = application.snapshot.full_name

        budget.click(page.get_by_role("link", name=name))
        expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
        budget.click(page.get_by_role("button", name="Ambil untuk diperiksa"))
        form = page.locator("#pemeriksaan")
        expect(form).to_be_visible()
        # One document is embedded, not nine.
        expect(page.locator(".doc-viewer__frame, .doc-viewer__image")).to_have_count(1)
        assert_no_sideways_scroll(page)
        shoot(page, f"review-{size['width']}")
        budget.click(form.get_by_role("checkbox", name="Semua berkas sesuai"))
        budget.click(form.get_by_label("Terverifikasi: semua berkas sesuai"))
        budget.click(form.get_by_role("button", name="Simpan dan putuskan"))

        expect(page.get_by_text("Pengajuan diverifikasi.")).to_be_visible()
        assert page.url.endswith("/verifikasi/")
        shoot(page, f"queue-after-{size['width']}")
        assert budget.clicks <= MAX_CLICKS and budget.loads <= MAX_LOADS, (
            budget.clicks,
            budget.loads,
        )
        application.refresh_from_db()
        assert application.status == ApplicationStatus.VERIFIED


def test_a_document_needing_revision_without_a_reason_shows_the_error_next_to_it(
    page, verifier, password
):
    application = ApplicationFactory(submitted=True)
    log_in(page, verifier.username, password, lands_on=r"/staf/$")
    page.goto(f"/verifikasi/{application.public_id}/")
    page.get_by_role("button", name="Ambil untuk diperiksa").click()
    form = page.locator("#pemeriksaan")
    ktp = page.locator("#berkas-ktp")
    for row in form.locator(".review-doc").all():
        row.get_by_label("Sesuai", exact=True).check()
    ktp.get_by_label("Perlu perbaikan", exact=True).check()
    # The reason appears once the document needs revision.
    expect(ktp.get_by_label("Catatan untuk peserta")).to_be_visible()
    form.get_by_label("Kembalikan untuk perbaikan berkas yang ditandai").check()
    form.get_by_role("button", name="Simpan dan putuskan").click()

    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("KTP perlu perbaikan: pilih alasan")
    expect(ktp.locator(".errorlist")).to_contain_text("KTP perlu perbaikan: pilih alasan")
    # Nothing chosen was lost.
    expect(ktp.get_by_label("Perlu perbaikan", exact=True)).to_be_checked()
    expect(page.locator("#berkas-pak").get_by_label("Sesuai", exact=True)).to_be_checked()
    for size in SIZES:
        page.set_viewport_size(size)
        assert_no_sideways_scroll(page)
        shoot(page, f"reason-error-{size['width']}")

    summary.get_by_role("link", name="KTP perlu perbaikan").click()
    expect(ktp.get_by_label("Alasan perbaikan")).to_be_focused()
    ktp.get_by_label("Catatan untuk peserta").fill("Foto KTP buram.")
    form.get_by_role("button", name="Simpan dan putuskan").click()
    expect(page.get_by_text("Pengajuan dikembalikan untuk perbaikan.")).to_be_visible()
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.RETURNED
