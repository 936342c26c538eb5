"""Keberatan in a real browser, at 1280 px and 390 px: the candidate whose application was
rejected objects from the dashboard (reason and a PDF), the verifier answers from the queue,
and the candidate reads the answer. Nothing scrolls sideways on a phone."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from registration.constants import ApplicationStatus
from tests.browser.test_application_flow import log_in
from tests.browser.test_verification_loop import log_out, staff_log_in
from tests.factories import ApplicationFactory, ProfileFactory, pdf_bytes
from verification.services import application_claim, application_decide

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
REASON = "Ijazah S1 saya ada di halaman kedua berkas ijazah yang saya unggah."


def _both_sizes(page: Page, shots, name: str) -> None:
    """A screenshot at each size; at the phone's, nothing wider than the screen."""
    for label, size in (("1280", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(shots / f"{name}-{label}.png"), full_page=True)
        if label == "390":
            wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
            assert not wide, f"{name} scrolls sideways at 390 px"
    page.set_viewport_size(DESKTOP)


def test_a_rejected_candidate_objects_and_reads_the_answer(page, verifier, password, tmp_path):
    # The screenshots, to look at: in SCREENSHOT_DIR when set, else beside the test's files.
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    candidate = ProfileFactory().user
    candidate.set_password(password)
    candidate.save()
    application = ApplicationFactory(candidate=candidate, submitted=True)
    application_claim(application=application, verifier=verifier)
    application_decide(
        application=application,
        verifier=verifier,
        decision=ApplicationStatus.REJECTED,
        note="Ijazah yang diunggah bukan ijazah terakhir.",
    )
    attachment = tmp_path / "bukti.pdf"
    attachment.write_bytes(pdf_bytes())

    log_in(page, candidate.username, password)
    card = page.locator("section", has=page.get_by_role("heading", name="Keberatan"))
    expect(card).to_contain_text("sampai")
    _both_sizes(page, shots, "dasbor")
    card.get_by_role("link", name="Ajukan keberatan").click()
    expect(page.get_by_role("heading", name="Ajukan keberatan", level=1)).to_be_visible()
    page.get_by_label("Alasan keberatan").fill("Keliru.")
    page.get_by_role("button", name="Kirim keberatan").click()
    expect(page.locator(".error-summary")).to_contain_text("20 karakter")
    _both_sizes(page, shots, "formulir-galat")
    page.get_by_label("Alasan keberatan").fill(REASON)
    page.get_by_label("Lampiran pendukung").set_input_files(str(attachment))
    page.get_by_role("button", name="Kirim keberatan").click()
    expect(page).to_have_url(re.compile(r"/keberatan/[0-9a-f-]+/$"))
    expect(page.get_by_text("Menunggu jawaban").first).to_be_visible()
    log_out(page)

    staff_log_in(page, verifier.username, password)
    page.goto("/keberatan/petugas/")
    _both_sizes(page, shots, "antrean")
    page.get_by_role("link", name=candidate.get_full_name()).click()
    page.get_by_label("Diterima").check()
    page.get_by_label("Jawaban untuk peserta").fill("Ijazah S1 memang ada di halaman kedua.")
    page.get_by_role("button", name="Simpan jawaban").click()
    expect(page.locator(".alert, .messages").first).to_contain_text("Jawaban disimpan")
    _both_sizes(page, shots, "petugas-jawab")
    log_out(page)

    log_in(page, candidate.username, password)
    page.get_by_role("link", name="Lihat keberatan Anda").click()
    expect(page.locator("main")).to_contain_text("Ijazah S1 memang ada di halaman kedua.")
    expect(page.locator("main")).to_contain_text("Keberatan diterima")
    _both_sizes(page, shots, "jawaban")
