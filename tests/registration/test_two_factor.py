"""Staff turn on two-factor sign-in (TOTP) and are asked for the code at the next login."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.two_factor import totp_code

pytestmark = pytest.mark.django_db


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

    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=verifier, type=Authenticator.Type.TOTP).exists()

    client.post(reverse("account_logout"))
    response = login(client, verifier, password)
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret, steps=1)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(verifier.pk)


def test_staff_home_offers_two_factor_sign_in(client, verifier):
    client.force_login(verifier)

    page = client.get(reverse("staff_home")).content.decode()

    assert reverse("mfa_index") in page
