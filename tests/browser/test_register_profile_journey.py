"""A first-time librarian on a phone and on a laptop: checks the NIP (the answer and its next
button in view without scrolling), registers through the "periksa kembali" step (catching a
typo), meets a NIP that already has an account (its address masked, the ways out), and fills in
a profile that answers every error at once. Screenshots of each step at both sizes go to
shots-register/ in the temporary directory, to be looked at."""

import re
import tempfile
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from registration.models import Profile, RegistrationMail
from tests.factories import LibrarianFactory

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(tempfile.gettempdir()) / "shots-register"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
FREE_NIP = "19900115 201403 1 002"
TAKEN_NIP = "198609262015052001"  # the `candidate` fixture's


def shoot(page: Page, name: str) -> None:
    """Both sizes of the same page, and nothing wider than the phone's screen."""
    SHOTS.mkdir(exist_ok=True)
    for label, size in (("390", PHONE), ("1280", LAPTOP)):
        page.set_viewport_size(size)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
        page.screenshot(path=SHOTS / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(PHONE)


def in_view(page: Page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def test_nip_check_register_with_check_step_taken_nip_and_profile_errors(page, candidate, password):
    LibrarianFactory(nip="199001152014031002", name="Budi Santoso, S.Sos.")
    LibrarianFactory(nip=TAKEN_NIP)
    candidate.email = "rina.wulandari@perpusnas.go.id"
    candidate.save()

    # NIP check on a phone: the page jumps to the answer; the next button is on screen.
    page.set_viewport_size(PHONE)
    page.goto("/cek-nip/")
    page.get_by_role("textbox", name="NIP").fill(FREE_NIP)
    page.get_by_role("button", name="Cek NIP").click()
    expect(page).to_have_url(re.compile(r"/cek-nip/\?nip=.*#hasil$"))
    next_button = page.get_by_role("link", name="Daftar dengan NIP ini")
    expect(next_button).to_be_visible()
    assert in_view(page, next_button)
    page.screenshot(path=SHOTS / "nip-check-viewport-390.png")
    page.set_viewport_size(LAPTOP)
    assert in_view(page, next_button)
    page.set_viewport_size(PHONE)
    shoot(page, "nip-check")

    # Registration: a typo is shown back and changed before anything is mailed.
    next_button.click()
    page.get_by_role("textbox", name="E-mail aktif").fill("budi@perpusnas.goo.id")
    page.get_by_role("button", name="Daftar").click()
    expect(page.get_by_role("heading", name="Periksa kembali alamat e-mail Anda")).to_be_visible()
    expect(page.get_by_text("budi@perpusnas.goo.id")).to_be_visible()
    shoot(page, "register-check")
    assert not RegistrationMail.objects.exists()
    page.get_by_role("button", name="Ubah").click()
    email = page.get_by_role("textbox", name="E-mail aktif")
    expect(email).to_have_value("budi@perpusnas.goo.id")
    email.fill("budi@perpusnas.go.id")
    page.get_by_role("button", name="Daftar").click()
    page.get_by_role("button", name="Benar, kirim tautan").click()
    expect(page.get_by_role("heading", name="Periksa e-mail Anda")).to_be_visible()
    assert [message.to for message in mail.outbox] == [["budi@perpusnas.go.id"]]

    # A NIP that already has an account: its address masked, and the ways out.
    page.goto(f"/register/?nip={TAKEN_NIP}")
    page.get_by_role("textbox", name="E-mail aktif").fill("rina.baru@contoh.id")
    page.get_by_role("button", name="Daftar").click()
    page.get_by_role("button", name="Benar, kirim tautan").click()
    expect(page.get_by_role("heading", name="NIP ini sudah terdaftar")).to_be_visible()
    expect(page.get_by_text("r***@perpusnas.go.id")).to_be_visible()
    expect(page.get_by_role("link", name="Atur ulang kata sandi").first).to_be_visible()
    claim = page.get_by_role("link", name="Klaim NIP Anda")
    expect(claim).to_have_attribute("href", f"/klaim-nip/?nip={TAKEN_NIP}")
    shoot(page, "register-nip-taken")

    # The profile: several errors in one round, birth date and sex read from the NIP.
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(TAKEN_NIP)
    page.locator("input[name=password]").fill(password)
    page.locator("form").get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    page.goto("/profil/ubah/")
    form = page.locator("main form")
    expect(form.get_by_text("26 September 1986")).to_be_visible()
    expect(form.get_by_label("Tanggal lahir")).to_have_count(0)
    expect(form.get_by_label("Pangkat/golongan")).to_contain_text("— Pilih pangkat/golongan —")
    form.get_by_label("Nomor WhatsApp").fill("12345")
    form.get_by_label("Kode pos").fill("123")
    form.get_by_role("button", name="Simpan profil").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    for message in ("Isi nama lengkap.", "Nomor WhatsApp tidak valid", "Kode pos terdiri"):
        expect(summary.get_by_text(message)).to_be_visible()
    summary.get_by_role("link", name="Isi nama lengkap.").click()
    expect(form.get_by_label("Nama lengkap")).to_be_focused()
    shoot(page, "profile-errors")
    assert not Profile.objects.exists()
