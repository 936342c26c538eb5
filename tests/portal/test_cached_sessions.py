"""Sessions are read from the cache and kept in the database (portal.sessions): logout still
ends them, and a cached copy never outlives SESSION_CACHE_SECONDS."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.urls import reverse

from portal.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_signed_in_request_reads_its_session_from_the_cache(client, candidate):
    client.force_login(candidate)
    key = client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(session_data="not even signed")

    assert client.get(reverse("dashboard")).status_code == 200  # the cached copy signs in


def test_logout_ends_a_session_read_from_the_cache(client, candidate):
    client.force_login(candidate)
    key = client.cookies["sessionid"].value
    assert client.get(reverse("dashboard")).status_code == 200
    assert cache.get(SessionStore(key).cache_key) is not None

    client.post(reverse("account_logout"))

    assert cache.get(SessionStore(key).cache_key) is None
    assert not Session.objects.filter(session_key=key).exists()
    client.cookies["sessionid"] = key  # the old cookie, replayed
    assert client.get(reverse("dashboard")).status_code == 302


def test_a_password_change_elsewhere_still_signs_the_session_out(client, candidate):
    client.force_login(candidate)
    assert client.get(reverse("dashboard")).status_code == 200

    candidate.set_password("Sandi-Lain-2026")
    candidate.save()

    assert client.get(reverse("dashboard")).status_code == 302


def test_a_session_missing_from_the_cache_is_read_from_the_database(client, candidate):
    client.force_login(candidate)
    key = client.cookies["sessionid"].value
    cache.delete(SessionStore(key).cache_key)

    assert client.get(reverse("dashboard")).status_code == 200
    assert cache.get(SessionStore(key).cache_key) is not None  # and cached again


def test_a_cached_copy_lives_at_most_session_cache_seconds(settings):
    settings.SESSION_CACHE_SECONDS = 7
    store = SessionStore()
    store["x"] = 1
    store.save()

    assert store._cache_seconds(store.get_expiry_age()) == 7
    # The cookie keeps the session's own age: only the cached copy is short-lived.
    assert store.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert SessionStore(store.session_key).load() == {"x": 1}
