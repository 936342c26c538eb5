"""A librarian checks their NIP, registers, opens the link mailed to them, reads the mailed
credentials, logs in, chooses a password and logs out: in a real browser against the live
server."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from registration.models import User
from tests.factories import LibrarianFactory

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Katalog-Buku-2026"


def test_nip_check_register_login_change_password_logout(page):
    LibrarianFactory()

    page.goto("/")
    page.get_by_role("link", name="Cek NIP").first.click()
    page.get_by_role("textbox", name="NIP").fill("19860926 201505 2 001")
    page.get_by_role("button", name="Cek").click()
    expect(page.get_by_text("Rina Wulandari, S.I.Pust.")).to_be_visible()
    expect(page.get_by_text("Pustakawan Ahli Pertama")).to_be_visible()

    page.get_by_role("link", name="Daftar dengan NIP ini").click()
    expect(page.get_by_role("textbox", name="NIP")).to_have_value("198609262015052001")
    page.get_by_role("textbox", name="E-mail aktif").fill("rina@perpusnas.example.id")
    page.get_by_role("button", name="Daftar").click()
    expect(page.get_by_role("heading", name="Periksa kembali alamat e-mail Anda")).to_be_visible()
    page.get_by_role("button", name="Benar, kirim tautan").click()
    expect(page.get_by_role("heading", name="Periksa e-mail Anda")).to_be_visible()
    expect(page.get_by_text("rina@perpusnas.example.id")).to_be_visible()
    assert not User.objects.exists()  # nothing until the link in the mail is opened

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+?(/register/konfirmasi/\S+/)", mail.outbox[0].body).group(1)
    page.goto(link)
    expect(page.get_by_text("Rina Wulandari, S.I.Pust.")).to_be_visible()
    page.get_by_role("button", name="Buat akun saya").click()
    expect(page.get_by_text("Akun Anda telah dibuat")).to_be_visible()

    assert len(mail.outbox) == 2
    password = re.search(r"Kata sandi: (\S+)", mail.outbox[1].body).group(1)

    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill("198609262015052001")
    page.locator("input[name=password]").fill(password)
    page.locator("form").get_by_role("button", name="Masuk").click()

    expect(page).to_have_url(re.compile(r"/accounts/password/change/$"))
    page.locator("input[name=oldpassword]").fill(password)
    page.locator("input[name=password1]").fill(NEW_PASSWORD)
    page.locator("input[name=password2]").fill(NEW_PASSWORD)
    page.locator("main form").get_by_role("button").click()

    page.goto("/dashboard/")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_text("Rina Wulandari").first).to_be_visible()
    assert User.objects.get(nip="198609262015052001").check_password(NEW_PASSWORD)

    page.get_by_role("button", name="Keluar").click()
    page.goto("/dashboard/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
