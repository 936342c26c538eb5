"""A registered librarian fills in the profile, starts the application, uploads the nine
documents (one wrong file first), submits and follows the timeline: in a real browser.

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
    expect(page.get_by_role("heading", name="Berkas persyaratan")).to_be_visible()


def slot(page: Page, code: str):
    return page.locator(f"#slot-{code}")


def upload_document(page: Page, code: str, path: Path) -> None:
    """Choose a file for one requirement and press its Unggah button."""
    card = slot(page, code)
    replace = card.locator("summary", has_text="Ganti berkas")
    if replace.count():  # a document is there already: its form is folded away
        replace.click()
    card.locator("input[type=file]").set_input_files(path)
    card.get_by_role("button", name=re.compile(r"^Unggah")).click()


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
    for code, path in files.items():
        upload_document(page, code, path)
        expect(slot(page, code).get_by_role("link", name=re.compile(path.name))).to_be_visible()


def submit_application(page: Page) -> None:
    page.get_by_role("button", name="Ajukan", exact=True).click()
    expect(page.get_by_text("Pengajuan berhasil diajukan.")).to_be_visible()


# --- The flow --------------------------------------------------------------------------------


def test_candidate_fills_profile_uploads_documents_and_submits(page, candidate, password, tmp_path):
    LibrarianFactory(nip=candidate.nip)
    files = documents_for(Service.objects.get(slug=SERVICE_SLUG), tmp_path)

    log_in(page, candidate.username, password)
    fill_profile(page)
    start_application(page)

    upload_documents(page, {"ktp": files["ktp"], "pak": files["pak"]})
    # A PNG renamed to .pdf, for a slot that takes only PDF: refused next to that slot.
    renamed = tmp_path / "sk-jabatan-foto.pdf"
    renamed.write_bytes(photo_bytes(fmt="PNG"))
    upload_document(page, "sk-jabatan", renamed)
    expect(slot(page, "sk-jabatan")).to_contain_text(
        "Berkas ini adalah gambar PNG. Berkas yang diterima: PDF."
    )
    expect(slot(page, "sk-jabatan")).to_contain_text("Mengganti nama berkas tidak mengubah isinya")
    expect(slot(page, "ktp").get_by_role("link", name=re.compile("ktp.pdf"))).to_be_visible()
    expect(slot(page, "pak").get_by_role("link", name=re.compile("pak.pdf"))).to_be_visible()
    expect(page.get_by_text("Mengganti nama berkas tidak mengubah isinya")).to_have_count(1)

    upload_documents(page, {code: path for code, path in files.items()})
    expect(slot(page, "pak").get_by_text("Versi sebelumnya (1)")).to_be_visible()
    expect(page.get_by_text("Semua persyaratan sudah lengkap.").first).to_be_visible()
    submit_application(page)

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
