"""Staff turn on two-factor sign-in (TOTP) and are asked for the code at the next login."""

import base64
import hashlib
import hmac
import struct
import time

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

pytestmark = pytest.mark.django_db


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238 code (SHA-1, 30 s, 6 digits), as an authenticator app computes it."""
    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", int((at or time.time()) // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def login(client, user, password):
    return client.post(reverse("account_login"), {"login": user.username, "password": password})


def test_staff_member_activates_totp_and_must_give_a_code_at_next_login(client, verifier, password):
    login(client, verifier, password)
    # Turning on 2FA asks for the password again first.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": password})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]

    response = client.post(reverse("mfa_activate_totp"), {"code": totp(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=verifier, type=Authenticator.Type.TOTP).exists()

    client.post(reverse("account_logout"))
    response = login(client, verifier, password)
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": totp(secret, time.time() + 30)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(verifier.pk)


def test_staff_home_offers_two_factor_sign_in(client, verifier):
    client.force_login(verifier)

    page = client.get(reverse("staff_home")).content.decode()

    assert reverse("mfa_index") in page
