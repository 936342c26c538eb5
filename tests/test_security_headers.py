"""Every page carries a Content Security Policy that allows no inline script or style (but the
error pages' own style, by hash) and no framing; the private PDF view may be framed by our own
pages only. Under production settings (PORTAL_HTTPS=true, DEBUG off) pages also carry HSTS and the
other security headers, plain HTTP is redirected to HTTPS (but the health check), and the
session, CSRF and language cookies are Secure and SameSite=Lax."""

import base64
import hashlib
import re
import runpy
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import Client

from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def response_text(policy: dict[str, list[str]]) -> str:
    return " ".join(value for values in policy.values() for value in values)


@pytest.mark.parametrize("path", ["/", "/pengaduan/", "/layanan/", "/accounts/login/"])
def test_pages_allow_only_their_own_resources_and_no_framing(client, path):
    policy = directives(client.get(path))

    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response_text(policy)


def test_the_error_pages_inline_style_is_the_one_the_policy_allows(client):
    html = render_to_string("500.html")
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()

    assert f"'sha256-{digest}'" in directives(client.get("/"))["style-src"]


def test_only_our_pages_may_frame_a_private_pdf(client):
    application = ApplicationFactory(documents=True)
    document = application.documents.first()
    client.force_login(application.candidate)

    response = client.get(f"/berkas/{document.public_id}/")
    response.close()  # a streamed file

    assert response.status_code == 200
    assert directives(response)["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


# --- Production (PORTAL_HTTPS=true, DEBUG off) -----------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
# The settings of the Security section that shape headers, redirects and cookies.
SECURITY_SETTINGS = re.compile(
    r"^(DEBUG|PORTAL_HTTPS|X_FRAME_OPTIONS|SECURE_\w+|(SESSION|CSRF|LANGUAGE)_COOKIE_\w+)$"
)


def production_settings(monkeypatch, tmp_path, **environment: str) -> dict:
    """config/settings.py as it reads a production environment (executed afresh, apart from
    the settings this test process runs with): only its security settings."""
    environment = {
        "DEBUG": "false",
        "PORTAL_HTTPS": "true",
        "SECRET_KEY": "p" * 60,
        "PORTAL_VAR_DIR": str(tmp_path),
        **environment,
    }
    for name in ["SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD", "USE_X_FORWARDED_PROTO"]:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    module = runpy.run_path(str(ROOT / "config" / "settings.py"))
    return {name: value for name, value in module.items() if SECURITY_SETTINGS.match(name)}


@pytest.fixture
def production(settings, monkeypatch, tmp_path):
    """A test client for the portal under its production security settings. (A new client, so
    that the middleware, which reads these settings once, is built after they are in place.)"""

    def client(**environment: str) -> Client:
        for name, value in production_settings(monkeypatch, tmp_path, **environment).items():
            setattr(settings, name, value)
        assert settings.SECURE_SSL_REDIRECT
        return Client()

    return client


def cookie_flags(cookie) -> dict[str, object]:
    return {
        "secure": cookie["secure"],
        "httponly": cookie["httponly"],
        "samesite": cookie["samesite"],
    }


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/pengaduan/"])
def test_https_pages_carry_the_security_headers(production, path):
    response = production().get(path, secure=True)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert directives(response)["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_hsts_leaves_out_preload_when_the_operator_says_so(production):
    response = production(SECURE_HSTS_PRELOAD="false", SECURE_HSTS_SECONDS="600").get(
        "/", secure=True
    )

    assert response["Strict-Transport-Security"] == "max-age=600; includeSubDomains"


def test_plain_http_is_sent_to_https_but_the_health_check_answers(production):
    client = production()

    page = client.get("/pengaduan/?jenis=aspirasi")
    health = client.get("/healthz")

    assert page.status_code == 301
    assert page["Location"] == "https://testserver/pengaduan/?jenis=aspirasi"
    assert health.status_code in {200, 503}  # its own answer, not a redirect
    assert health["Content-Type"] == "application/json"


def test_session_csrf_and_language_cookies_are_secure(production, settings, candidate, password):
    client = production()

    login_page = client.get("/accounts/login/", secure=True)
    logged_in = client.post(
        "/accounts/login/", {"login": candidate.username, "password": password}, secure=True
    )
    language = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, secure=True)

    assert logged_in.status_code == 302
    assert cookie_flags(logged_in.cookies[settings.SESSION_COOKIE_NAME]) == {
        "secure": True,
        "httponly": True,
        "samesite": "Lax",
    }
    assert cookie_flags(login_page.cookies[settings.CSRF_COOKIE_NAME]) == {
        "secure": True,
        "httponly": "",  # the CSRF token is in the form; the cookie is only compared with it
        "samesite": "Lax",
    }
    assert cookie_flags(language.cookies[settings.LANGUAGE_COOKIE_NAME]) == {
        "secure": True,
        "httponly": True,
        "samesite": "Lax",
    }
