"""Indonesian by default; English through the language switch."""

import pytest
from django.conf import settings
from django.test import Client
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

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


def test_a_page_in_english_leaves_the_thread_in_indonesian(client):
    # The language lasts one request (portal.middleware): what the same thread does next, a
    # request without the cookie or a message made outside any request, is Indonesian again.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<html lang="en"' in client.get(reverse("nip_check")).text
    assert translation.get_language() == settings.LANGUAGE_CODE
    assert gettext("Selesai") == "Selesai"

    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert '<html lang="id"' in client.get(reverse("nip_check")).text
    assert '<html lang="id"' in Client().get(reverse("nip_check")).text


def test_the_portal_time_zone_is_active_during_a_request_and_forgotten_after(client):
    # portal.middleware makes TIME_ZONE the thread's current zone for the request (same
    # answers, fewer steps per date shown) and deactivates it with the language.
    seen = {}

    def record(**kwargs):
        seen["zone"] = getattr(timezone._active, "value", None)

    template_rendered.connect(record)
    try:
        assert client.get(reverse("nip_check")).status_code == 200
    finally:
        template_rendered.disconnect(record)
    assert str(seen["zone"]) == settings.TIME_ZONE
    assert getattr(timezone._active, "value", None) is None
    assert timezone.get_current_timezone_name() == settings.TIME_ZONE
