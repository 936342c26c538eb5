"""Indonesian by default; English through the language switch."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_are_in_indonesian_by_default(client):
    page = client.get(reverse("nip_check")).content.decode()

    assert '<html lang="id"' in page
    assert "Cek NIP" in page


def test_language_switch_turns_the_portal_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/cek-nip/"})
    assert response.status_code == 302

    page = client.get(reverse("nip_check")).content.decode()

    assert '<html lang="en"' in page
    assert "Check NIP" in page or "NIP check" in page


def test_static_assets_are_served_locally(client):
    page = client.get(reverse("home")).content.decode()

    assert "/static/css/portal.css" in page
    assert "https://" not in page.split("<body")[0]


def test_a_browser_asking_for_english_still_gets_indonesian_until_switched(client):
    page = client.get(reverse("nip_check"), headers={"accept-language": "en-US,en;q=0.9"})

    assert '<html lang="id"' in page.content.decode()
