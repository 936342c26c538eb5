"""Signing in with the NIP as it is printed on a decree or an ID card (issue 18): spaces or dots
between its parts are taken away, the e-mail and a staff username are left as typed."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def log_in(client, login: str, password: str):
    return client.post(reverse("account_login"), {"login": login, "password": password})


@pytest.mark.parametrize(
    "typed",
    [
        "19860926 201505 2 001",
        "19860926.201505.2.001",
        " 198609262015052001 ",
        "19860926  201505 2 001",
    ],
)
def test_the_nip_as_printed_signs_in(client, candidate, password, typed):
    response = log_in(client, typed, password)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(candidate.pk)


def test_a_wrong_password_with_a_spaced_nip_is_still_refused(client, candidate):
    response = log_in(client, "19860926 201505 2 001", "salah-sekali")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_username_with_dots_is_left_as_typed(client, make_user, password):
    staff = make_user("adm.bkpsdm")
    response = log_in(client, "adm.bkpsdm", password)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_the_label_says_what_to_type(client):
    html = client.get(reverse("account_login")).content.decode()
    assert "NIP (18 angka) atau e-mail" in html
    assert "19860926 201505 2 001" in html
