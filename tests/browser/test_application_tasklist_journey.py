"""The application as a task list in a real browser, at 1280x800 and 390x844: a draft with
one document missing, a wrong file refused on that document's page (which then reloads), the
right one, Periksa kembali with its declaration, and the confirmation with the reference."""

import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from registration.models import Application
from tests.browser.test_application_flow import log_in, task
from tests.factories import ApplicationFactory, ProfileFactory, pdf_bytes, photo_bytes

pytestmark = pytest.mark.django_db(transaction=True)

# Kept for a person to look at both sizes after a run.
SHOTS = Path(tempfile.gettempdir()) / "shots-application"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def shoot(page: Page, name: str) -> None:
    """Both sizes of the page in view, and no sideways scroll on the phone."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=SHOTS / f"{name}-{label}.png", full_page=True)
        if label == "phone":
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size(DESKTOP)


def test_candidate_completes_the_task_list_checks_and_submits(page, password, tmp_path):
    application = ApplicationFactory(candidate=ProfileFactory().user, documents=True)
    application.documents.filter(requirement__code="pak").delete()
    candidate = application.candidate
    candidate.set_password(password)
    candidate.save()
    page.set_viewport_size(DESKTOP)

    log_in(page, candidate.username, password)
    page.goto("/pengajuan/")
    expect(task(page, "pak")).to_contain_text("Belum diisi")
    expect(task(page, "ktp")).to_contain_text("Sudah diisi")
    expect(task(page, "pas-foto").locator("img")).to_be_visible()
    shoot(page, "1-task-list")

    # A photo renamed to .pdf: refused on the document's page, the others untouched.
    task(page, "pak").get_by_role("link", name="Salinan PAK terakhir").click()
    wrong = tmp_path / "pak.pdf"
    wrong.write_bytes(photo_bytes(fmt="PNG"))
    page.locator("input[type=file]").set_input_files(wrong)
    page.get_by_role("button", name="Unggah", exact=True).click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Berkas ini adalah gambar PNG")
    shoot(page, "2-document-refused")
    page.reload()  # the address of the refusal is a page, not a blank 405
    expect(page.locator("input[type=file]")).to_be_visible()
    right = tmp_path / "pak-2024.pdf"
    right.write_bytes(pdf_bytes())
    page.locator("input[type=file]").set_input_files(right)
    page.get_by_role("button", name="Unggah", exact=True).click()
    expect(task(page, "pak")).to_contain_text("pak-2024.pdf")
    expect(task(page, "pak")).to_contain_text("Sudah diisi")

    # Periksa kembali: the declaration is required, then the submission goes through.
    page.get_by_role("link", name="Periksa dan ajukan").click()
    expect(page.get_by_role("heading", name="Periksa kembali pengajuan Anda")).to_be_visible()
    expect(page.get_by_text("pak-2024.pdf")).to_be_visible()
    page.get_by_role("button", name="Ajukan", exact=True).click()
    expect(page.locator(".error-summary")).to_contain_text("Centang pernyataan")
    shoot(page, "3-check-answers-error")
    page.get_by_label(re.compile("^Saya menyatakan data dan berkas")).check()
    page.get_by_role("button", name="Ajukan", exact=True).click()

    expect(page.get_by_role("heading", name="Pengajuan terkirim")).to_be_visible()
    reference = Application.objects.get(pk=application.pk).reference
    expect(page.locator(".confirmation-panel")).to_contain_text(reference)
    shoot(page, "4-confirmation")
