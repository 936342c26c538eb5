"""Formal, consistent Indonesian on the pages every user meets, including the strings Django and
allauth supply (docs/glossary.md): "kata sandi", never "sandi" alone; "Anda" capitalised; the
password reset named "Atur ulang kata sandi" and the change "Ubah kata sandi"; no English
"- Select an option -" in a select."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ALONE = re.compile(r"(?<!kata )\bsandi\b", re.IGNORECASE)
LOWER_ANDA = re.compile(r"\banda\b")


def _text(response) -> str:
    """What the reader sees or hears: the page without its scripts, styles and tags, and the
    attribute values read aloud or shown (placeholder, title, aria-label, value)."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    attributes = re.findall(r'(?:placeholder|title|aria-label|alt)="([^"]*)"', html)
    text = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", " ".join([text, *attributes]))


def _formal(text: str) -> list[str]:
    wrong = [
        f"'sandi' alone: …{text[max(m.start() - 40, 0) : m.end() + 20]}…"
        for m in ALONE.finditer(text)
    ]
    wrong += [
        f"'anda': …{text[max(m.start() - 40, 0) : m.end() + 20]}…"
        for m in LOWER_ANDA.finditer(text)
    ]
    if "Select an option" in text:
        wrong.append("English 'Select an option'")
    return wrong


ANONYMOUS_PAGES = [
    "account_login",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key_done",
    "register",
    "account_claim_start",
]


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_public_account_pages_speak_formal_indonesian(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert not _formal(_text(response))


def test_an_invalid_reset_link_speaks_formal_indonesian(client):
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "x-y"})

    text = _text(client.get(path))

    assert not _formal(text)
    assert "Atur ulang kata sandi" in text


def test_the_reset_page_is_named_atur_ulang_kata_sandi(client):
    text = _text(client.get(reverse("account_reset_password")))

    assert "Atur ulang kata sandi" in text
    assert "Reset" not in text


def test_the_reset_form_names_the_missing_field(client):
    text = _text(client.post(reverse("account_reset_password"), {"email": ""}))

    assert not _formal(text)
    assert "E-mail wajib diisi." in text


def test_the_login_errors_speak_formal_indonesian(client):
    text = _text(client.post(reverse("account_login"), {"login": "", "password": ""}))

    assert not _formal(text)
    assert "Kata sandi wajib diisi" in text


def test_the_change_page_has_one_name(client, candidate):
    client.force_login(candidate)

    text = _text(client.get(reverse("account_change_password")))

    assert not _formal(text)
    assert text.count("Ubah kata sandi") >= 3  # title, heading, button
    assert "Ganti kata sandi" not in text
    assert "Change" not in text


def test_the_change_form_errors_speak_formal_indonesian(client, candidate):
    client.force_login(candidate)

    text = _text(client.post(reverse("account_change_password"), {"oldpassword": "salah"}))

    assert not _formal(text)
    assert "Kata sandi baru wajib diisi" in text


def test_the_logout_page_speaks_formal_indonesian(client, candidate):
    client.force_login(candidate)

    assert not _formal(_text(client.get(reverse("account_logout"))))


def test_the_profile_form_offers_indonesian_placeholders(client, candidate):
    client.force_login(candidate)

    response = client.get(reverse("profile_edit"))
    text = _text(response)

    assert response.status_code == 200
    assert not _formal(text)
    assert "<select" in response.content.decode()
    # Each select says in Indonesian what to choose (the profile's own, e.g. "— Pilih
    # pangkat/golongan —"; elsewhere Django's own, overridden to "- Pilih salah satu -").
    assert "Select an option" not in text
    assert "— Pilih pangkat/golongan —" in text
