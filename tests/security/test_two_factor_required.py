"""Two-factor sign-in is mandatory for the sensitive roles, BKPSDM officers and superusers: until
a TOTP authenticator is set up, every page but its setup (and the password change, logout and
language switch) sends them there; once it is, allauth asks for its code at every login, the
admin's own login included, and it cannot be turned off.
"""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from portal.constants import Role
from tests.two_factor import totp_code, totp_enrol

pytestmark = pytest.mark.django_db

TWO_FACTOR_SETUP = reverse("mfa_activate_totp")
MANDATORY = [
    Role.COMPLAINT_HANDLER,
    Role.SIGNING_OFFICIAL,
    Role.CERTIFICATE_OFFICER,
    Role.ADMINISTRATOR,
    Role.BKPSDM_OFFICER,
    "superuser",
]
PAGES = ("/", "/dashboard/", "/staf/", "/admin/", "/admin/registration/user/")


def assert_two_factor_setup(response):
    assert response.status_code == 302
    assert response.url == TWO_FACTOR_SETUP


def holder(make_user, who):
    if who == "superuser":
        return make_user("pemegang", is_staff=True, is_superuser=True, totp=False)
    return make_user("pemegang", who, totp=False)


@pytest.mark.parametrize("who", MANDATORY)
def test_a_holder_without_an_authenticator_is_sent_to_set_one_up_from_every_page(
    client, make_user, who
):
    user = holder(make_user, who)
    client.force_login(user)

    for path in PAGES:
        assert_two_factor_setup(client.get(path))

    totp_enrol(user)

    for path in PAGES:
        assert client.get(path).get("Location") != TWO_FACTOR_SETUP
    assert client.get("/admin/" if who == "superuser" else "/staf/").status_code == 200


@pytest.mark.parametrize("who", MANDATORY)
def test_the_setup_page_says_why(client, make_user, who):
    client.force_login(holder(make_user, who))

    page = client.get("/staf/", follow=True)

    assert "verifikasi dua langkah" in page.text
    assert "wajib" in page.text


def test_roles_without_risk_and_candidates_are_not_sent_to_set_up(client, verifier, candidate):
    for user in (verifier, candidate):
        client.force_login(user)
        response = client.get("/staf/" if user == verifier else "/dashboard/")
        assert response.status_code == 200


def test_a_holder_signs_in_sets_up_the_authenticator_and_then_works(client, make_user, password):
    officer = make_user("bkpsdm", Role.BKPSDM_OFFICER, totp=False)

    client.post(reverse("account_login"), {"login": "bkpsdm", "password": password})
    assert_two_factor_setup(client.get("/staf/"))
    # allauth asks for the password once more before a second factor is added
    assert client.get(TWO_FACTOR_SETUP).url.startswith(reverse("account_reauthenticate"))
    assert client.get(reverse("account_reauthenticate")).status_code == 200
    client.post(reverse("account_reauthenticate"), {"password": password})
    assert client.get(TWO_FACTOR_SETUP).status_code == 200
    secret = client.session["mfa.totp.secret"]
    client.post(TWO_FACTOR_SETUP, {"code": totp_code(secret)})

    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists()
    assert client.get("/staf/").status_code == 200


def test_a_holder_who_must_change_the_password_does_that_first_then_the_second_factor(
    client, make_user, password
):
    make_user("pengaduan", Role.COMPLAINT_HANDLER, totp=False, must_change_password=True)
    client.post(reverse("account_login"), {"login": "pengaduan", "password": password})

    assert client.get("/staf/").url == reverse("account_change_password")
    client.post(
        reverse("account_change_password"),
        {"oldpassword": password, "password1": "Sandi-Baru-2026!", "password2": "Sandi-Baru-2026!"},
    )

    assert_two_factor_setup(client.get("/staf/"))
    assert client.get(reverse("account_logout")).status_code == 200


def test_logout_and_the_language_switch_stay_open_before_setup(client, make_user):
    client.force_login(make_user("pejabat", Role.SIGNING_OFFICIAL, totp=False))

    assert client.post(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 302
    assert client.post(reverse("account_logout")).url == reverse("home")
    assert "_auth_user_id" not in client.session


def test_a_holder_with_an_authenticator_must_give_its_code_at_login(client, make_user, password):
    official = make_user("pejabat", Role.SIGNING_OFFICIAL)

    response = client.post(reverse("account_login"), {"login": "pejabat", "password": password})

    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": totp_code(official)})
    assert client.session["_auth_user_id"] == str(official.pk)


def test_the_admin_login_cannot_skip_the_second_factor(client, make_user, password):
    make_user("root", is_staff=True, is_superuser=True)

    response = client.post(
        "/admin/login/", {"username": "root", "password": password, "next": "/admin/"}
    )

    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_holder_cannot_turn_the_second_factor_off(client, make_user, password):
    official = make_user("pejabat", Role.SIGNING_OFFICIAL)
    client.post(reverse("account_login"), {"login": "pejabat", "password": password})
    client.post(reverse("mfa_authenticate"), {"code": totp_code(official)})
    client.post(reverse("account_reauthenticate"), {"password": password})

    response = client.post(reverse("mfa_deactivate_totp"))

    assert Authenticator.objects.filter(user=official, type=Authenticator.Type.TOTP).exists()
    assert "wajib" in response.text
