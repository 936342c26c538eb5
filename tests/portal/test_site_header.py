"""base.html's header kept per state ({% site_header %}, portal.templatetags.site_header) is the
header base.html wrote before (tests/portal/reference/base.html, kept here as it was): whole
pages compared byte for byte, for each kind of reader and page, in both languages, rendered once
(kept) and again (from what was kept); and no reader's name, path or token reaches another's
page."""

import re
from pathlib import Path

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.urls import reverse

from portal.constants import Role
from portal.templatetags import site_header
from tests.factories import SERVICE_SLUG, ApplicationFactory

pytestmark = pytest.mark.django_db

REFERENCE_DIR = Path(__file__).parent / "reference"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


def fetch(client, url: str, language: str):
    client.cookies["django_language"] = language
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


def tokens(html: str) -> list[str]:
    return TOKEN.findall(html)


def without_tokens(html: str) -> str:
    return TOKEN.sub('name="csrfmiddlewaretoken" value=""', html)


def old_page(client, settings, url: str, language: str) -> str:
    """The page as the old base.html renders it (its header inline, no {% site_header %})."""
    templates = [{**settings.TEMPLATES[0]}]
    templates[0]["DIRS"] = [REFERENCE_DIR, *templates[0]["DIRS"]]
    before = settings.TEMPLATES
    settings.TEMPLATES = templates
    try:
        return fetch(client, url, language).content.decode()
    finally:
        settings.TEMPLATES = before


def assert_same_as_before(client, settings, url: str, language: str, status: int = 200) -> str:
    site_header._kept.clear()
    first = fetch(client, url, language)  # rendered and kept
    again = fetch(client, url, language)  # from the kept pieces
    assert first.status_code == again.status_code == status
    html = again.content.decode()
    old = old_page(client, settings, url, language)
    assert "<header" in html and "{% site_header" not in old
    assert without_tokens(first.content.decode()) == without_tokens(html) == without_tokens(old)
    # The token put in is the request's own: every form of the page carries the same one, the
    # one the CSRF cookie holds.
    found = tokens(html)
    if found:
        assert len(set(found)) == 1
        secret = client.cookies["csrftoken"].value
        assert _unmask_cipher_token(found[0]) == secret
    return html


@pytest.fixture
def candidate():
    application = ApplicationFactory()
    return application.candidate


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_visitors_pages_are_as_before(client, settings, language):
    assert_same_as_before(client, settings, reverse("home"), language)
    assert_same_as_before(client, settings, reverse("nip_check"), language)
    assert_same_as_before(client, settings, reverse("complaint_new"), language)
    assert_same_as_before(client, settings, reverse("register"), language)
    assert_same_as_before(client, settings, reverse("account_login"), language)
    # A page about a service: its provider's name and logo in the header.
    assert_same_as_before(
        client, settings, reverse("service_standard", args=[SERVICE_SLUG]), language
    )
    # No URL name: a page not found.
    assert_same_as_before(client, settings, "/tidak-ada/", language, status=404)


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_candidates_pages_are_as_before(client, settings, candidate, language):
    client.force_login(candidate)
    html = assert_same_as_before(client, settings, reverse("dashboard"), language)
    assert f'<span class="topbar__username">{candidate.username}</span>' in html
    assert_same_as_before(client, settings, reverse("profile"), language)
    assert_same_as_before(client, settings, reverse("home"), language)
    # The path goes into the language switch's "next", escaped as the template escaped it.
    html = assert_same_as_before(client, settings, '/?q=<b>"&x=1', language)
    assert 'name="next" value="/?q=%3Cb%3E%22&amp;x=1"' in html


@pytest.mark.parametrize("language", ["id", "en"])
def test_staff_pages_are_as_before(client, settings, make_user, language):
    for username, roles in [
        ("verifikator", [Role.VERIFIER]),
        ("penjadwal", [Role.SCHEDULER, Role.COMPLAINT_HANDLER]),
    ]:
        client.force_login(make_user(username, *roles))
        html = assert_same_as_before(client, settings, reverse("staff_home"), language)
        assert "site-header--staff" in html
        assert_same_as_before(client, settings, reverse("profile"), language)
        client.logout()


def test_no_reader_gets_anothers_name_path_or_token(client, settings, candidate, make_user):
    """One reader after another in the same state but for their own parts, and in other states:
    each page shows only its reader's name, path and token."""
    site_header._kept.clear()
    other = ApplicationFactory().candidate
    staff = make_user("verifikator", Role.VERIFIER)
    pages = {}
    for reader, url in [
        (candidate, "/?dari=pertama"),
        (other, "/?dari=kedua"),
        (staff, "/?dari=staf"),
        (None, "/?dari=tamu"),
        (candidate, "/?dari=lagi"),
    ]:
        client.logout()
        if reader is not None:
            client.force_login(reader)
        response = fetch(client, url, "id")
        html = response.content.decode()
        pages[url] = html
        names = re.findall(r'<span class="topbar__username">([^<]*)</span>', html)
        assert names == ([reader.username] if reader is not None else [])
        assert re.findall(r'name="next" value="([^"]*)"', html) == [url]
        found = set(tokens(html))
        assert len(found) == 1
        assert _unmask_cipher_token(found.pop()) == client.cookies["csrftoken"].value
    # The same state was served from what was kept for the first reader.
    assert len(site_header._kept) == 3


def test_kept_states_are_bounded(client, monkeypatch):
    monkeypatch.setattr(site_header, "MAX_STATES", 2)
    site_header._kept.clear()
    for url in (reverse("home"), reverse("nip_check"), reverse("register")):
        assert fetch(client, url, "id").status_code == 200
    assert len(site_header._kept) <= 2
