"""A registered librarian fills in the profile, starts the application, uploads the nine
documents from the task list, submits and follows the timeline: in a real browser (a refused
upload and the check-answers page at both sizes are in test_application_tasklist.py).

The candidate's steps are plain functions so that a later test can continue the loop (the
verifier returns a document, the candidate replaces it and resubmits) by calling them."""

import re
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import Page, expect

from portal.models import Service
from registration.constants import ApplicationStatus
from registration.models import Application, Profile
from tests.factories import SERVICE_SLUG, LibrarianFactory, pdf_bytes, photo_bytes
from tests.two_factor import unused_totp_code

pytestmark = pytest.mark.django_db(transaction=True)


# --- The candidate's steps -------------------------------------------------------------------


def log_in(page: Page, username: str, password: str, *, lands_on: str = r"/dashboard/$") -> None:
    """Through the login form; a user with an authenticator app (every holder of a role that
    requires one) then types its code, as they would from their phone."""
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form").get_by_role("button", name="Masuk").click()
    user = get_user_model().objects.get(username=username)
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
        page.locator("input[name=code]").fill(unused_totp_code(user))
        page.locator("input[name=code]").press("Enter")
    expect(page).to_have_url(re.compile(lands_on))


def fill_profile(page: Page) -> None:
    """From the dashboard: the profile form, pre-filled from the NIP and the registry."""
    page.goto("/dashboard/")
    page.get_by_role("link", name="Isi profil peserta").first.click()
    expect(page.get_by_role("heading", name="Isi profil peserta")).to_be_visible()
    # Birth date and sex are the NIP's, shown and not asked; rank, level, work unit and
    # institution are pre-filled from the registry.
    identity = page.locator("form fieldset").first
    expect(identity.get_by_text("26 September 1986")).to_be_visible()
    expect(identity.get_by_text("Perempuan")).to_be_visible()
    expect(page.get_by_label("Instansi")).to_have_value("Perpustakaan Nasional RI")
    page.get_by_label("Gelar depan").fill("Dr.")
    page.get_by_label("Nama lengkap").fill("Rina Wulandari")
    page.get_by_label("Gelar belakang").fill("S.I.Pust., M.Hum.")
    page.get_by_label("Tempat lahir").fill("Yogyakarta")
    page.get_by_label("Jabatan terakhir").fill("Pustakawan Ahli Pertama")
    page.get_by_label("Nomor WhatsApp").fill("0812-3456-7890")
    page.get_by_label("Alamat pengiriman sertifikat").fill(
        "Jl. Salemba Raya No. 28A, Kenari, Senen, Jakarta Pusat"
    )
    page.get_by_label("Kode pos").fill("10430")
    page.get_by_role("button", name="Simpan profil").click()
    expect(page).to_have_url(re.compile(r"/pengajuan/$"))
    expect(page.get_by_text("Profil peserta tersimpan.")).to_be_visible()


def start_application(page: Page) -> None:
    page.goto("/pengajuan/")
    page.get_by_label("Kenaikan jenjang").check()
    page.get_by_label("Jenjang jabatan saat ini").select_option(label="Pustakawan Ahli Pertama")
    page.get_by_label("Jenjang yang dituju").select_option(label="Pustakawan Ahli Muda")
    page.get_by_role("button", name="Buat pengajuan").click()
    expect(page.get_by_role("heading", name="Isian pengajuan")).to_be_visible()


def task(page: Page, code: str):
    """One line of the application's task list."""
    return page.locator(f"#tugas-{code}")


def upload_document(page: Page, code: str, path: Path) -> None:
    """On the document's own page, choose a file and press Unggah."""
    page.goto(f"/pengajuan/berkas/{code}/")
    page.locator("input[type=file]").set_input_files(path)
    page.get_by_role("button", name="Unggah", exact=True).click()


def documents_for(service: Service, folder: Path) -> dict[str, Path]:
    """A file that meets each requirement's rules, written to `folder`."""
    files = {}
    for requirement in service.requirements.all():
        if requirement.is_photo:
            path, content = folder / "pas-foto.jpg", photo_bytes()
        else:
            path, content = folder / f"{requirement.code}.pdf", pdf_bytes()
        path.write_bytes(content)
        files[requirement.code] = path
    return files


def upload_documents(page: Page, files: dict[str, Path]) -> None:
    """Each upload lands back on the task list, where its line names the file."""
    for code, path in files.items():
        upload_document(page, code, path)
        expect(page).to_have_url(re.compile(r"/pengajuan/(#.*)?$"))
        expect(task(page, code)).to_contain_text(path.name)


def submit_application(page: Page) -> None:
    """Through Periksa kembali: tick the declaration and submit; the confirmation follows."""
    page.goto("/pengajuan/periksa/")
    page.get_by_label(re.compile("^Saya menyatakan data dan berkas")).check()
    page.get_by_role("button", name=re.compile(r"^Ajukan")).click()
    expect(page.get_by_role("heading", name="Pengajuan terkirim")).to_be_visible()


# --- The flow --------------------------------------------------------------------------------


def test_candidate_fills_profile_uploads_documents_and_submits(page, candidate, password, tmp_path):
    LibrarianFactory(nip=candidate.nip)
    files = documents_for(Service.objects.get(slug=SERVICE_SLUG), tmp_path)

    log_in(page, candidate.username, password)
    fill_profile(page)
    start_application(page)

    upload_documents(page, files)
    upload_documents(page, {"pak": files["pak"]})  # a second version
    expect(task(page, "pak")).to_contain_text("Sudah diisi")
    page.goto("/pengajuan/berkas/pak/")
    expect(page.get_by_text("Versi sebelumnya (1)")).to_be_visible()
    page.goto("/pengajuan/")
    expect(page.get_by_text("Semua bagian sudah diisi.")).to_be_visible()
    submit_application(page)
    page.get_by_role("link", name="Lihat pengajuan").click()

    status = page.locator("section[aria-labelledby=status]")
    expect(status).to_contain_text("Diajukan, menunggu verifikasi")
    expect(status).to_contain_text("Batas waktu verifikasi")
    expect(page.locator("input[type=file]")).to_have_count(0)
    timeline = page.locator("section[aria-labelledby=riwayat]")
    expect(timeline.locator(".timeline__item").first).to_contain_text(
        "Diajukan, menunggu verifikasi"
    )
    expect(timeline).to_contain_text("Pengajuan dibuat")
    expect(timeline).to_contain_text("Salinan KTP (v1)")

    application = Application.objects.get(candidate=candidate)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.documents.filter(is_current=True).count() == 9
    assert Profile.objects.get(user=candidate).whatsapp == "+6281234567890"
    assert [message.to for message in mail.outbox] == [[candidate.email]]

    page.goto("/dashboard/")
    expect(page.get_by_text("Diajukan, menunggu verifikasi")).to_be_visible()
    expect(page.get_by_text(application.reference)).to_be_visible()
