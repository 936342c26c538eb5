"""Wrong passwords lock an account per account and client address: whoever types five wrong
passwords for a named staff member locks that account only from where they typed them; the
owner still signs in from elsewhere. The per-address limit across accounts stays."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

import config.settings as shipped

pytestmark = pytest.mark.django_db

OFFICE = "198.51.100.10"  # where the staff member works
ELSEWHERE = "203.0.113.66"  # where somebody tries their name


@pytest.fixture(autouse=True)
def _shipped_login_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = shipped.ACCOUNT_RATE_LIMITS  # the suite switches them off


def sign_in(login: str, password: str, address: str) -> Client:
    """A fresh browser at `address` posts the login form; the client is returned signed in or
    not, with the answer in .answer."""
    client = Client(REMOTE_ADDR=address)
    client.answer = client.post(reverse("account_login"), {"login": login, "password": password})
    return client


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_from_one_address_do_not_lock_the_owner_out_elsewhere(
    verifier, password
):
    for attempt in range(5):
        assert not signed_in(sign_in(verifier.username, f"salah-{attempt}", ELSEWHERE))

    owner = sign_in(verifier.username, password, OFFICE)
    guesser = sign_in(verifier.username, password, ELSEWHERE)

    assert signed_in(owner)
    assert owner.answer.status_code == 302
    assert not signed_in(guesser)  # even the right password, from where the guessing was
    assert "Terlalu banyak" in guesser.answer.content.decode()


def test_each_request_counts_at_its_own_address(verifier, password):
    client = Client()
    for attempt in range(5):
        client.post(
            reverse("account_login"),
            {"login": verifier.username, "password": f"salah-{attempt}"},
            REMOTE_ADDR=ELSEWHERE,
        )

    response = client.post(
        reverse("account_login"),
        {"login": verifier.username, "password": password},
        REMOTE_ADDR=OFFICE,
    )

    assert response.status_code == 302
    assert signed_in(client)


def test_the_nip_and_the_email_of_one_account_share_its_count_at_an_address(candidate, password):
    EmailAddress.objects.create(user=candidate, email=candidate.email, primary=True)
    for attempt in range(3):
        sign_in(candidate.nip, f"salah-{attempt}", ELSEWHERE)
    for attempt in range(2):
        sign_in(candidate.email.upper(), f"keliru-{attempt}", ELSEWHERE)

    assert not signed_in(sign_in(candidate.email, password, ELSEWHERE))
    assert signed_in(sign_in(candidate.nip, password, OFFICE))


def test_one_address_still_cannot_try_many_accounts_quickly(make_user, password):
    users = [make_user(f"staf{number}") for number in range(11)]

    for user in users[:10]:
        sign_in(user.username, "salah", ELSEWHERE)
    last = sign_in(users[10].username, password, ELSEWHERE)

    assert not signed_in(last)
    assert signed_in(sign_in(users[10].username, password, OFFICE))
