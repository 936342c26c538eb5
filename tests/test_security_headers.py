"""Every page carries a Content Security Policy that allows no inline script or style (but the
error pages' own style, by hash) and no framing; the private PDF view may be framed by our own
pages only."""

import base64
import hashlib
import re

import pytest
from django.template.loader import render_to_string

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
