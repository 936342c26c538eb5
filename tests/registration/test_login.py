"""Logging in with NIP or e-mail, the forced first password change, reset and logout."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Perpustakaan-Baru-2026"


def login(client, login, password):
    return client.post(reverse("account_login"), {"login": login, "password": password})


def test_candidate_logs_in_with_nip(client, candidate, password):
    response = login(client, candidate.nip, password)

    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200


def test_candidate_logs_in_with_email(client, candidate, password):
    EmailAddress.objects.create(user=candidate, email=candidate.email, primary=True)

    response = login(client, candidate.email.upper(), password)

    assert response.status_code == 302
    assert response.url == reverse("dashboard")


def test_wrong_password_is_refused(client, candidate):
    response = login(client, candidate.nip, "salah-sekali")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_first_login_asks_for_a_new_password_before_anything_else(client, candidate, password):
    candidate.must_change_password = True
    candidate.save()
    login(client, candidate.nip, password)

    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url == reverse("account_change_password")

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": password, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    candidate.refresh_from_db()
    assert not candidate.must_change_password
    assert candidate.check_password(NEW_PASSWORD)
    assert client.get(reverse("dashboard")).status_code == 200


def test_logging_in_with_the_mailed_password_verifies_the_address(client, candidate, password):
    address = EmailAddress.objects.create(user=candidate, email=candidate.email, primary=True)
    candidate.must_change_password = True
    candidate.save()
    login(client, candidate.nip, password)

    client.post(
        reverse("account_change_password"),
        {"oldpassword": password, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    address.refresh_from_db()
    assert address.verified


def test_password_reset_by_email_sets_a_new_password(
    client, candidate, django_capture_on_commit_callbacks
):
    EmailAddress.objects.create(user=candidate, email=candidate.email, primary=True)
    candidate.must_change_password = True
    candidate.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": candidate.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    assert link, mail.outbox[0].body

    form_page = client.get(link.group(1), follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1)
    response = client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302

    candidate.refresh_from_db()
    assert candidate.check_password(NEW_PASSWORD)
    assert not candidate.must_change_password
    assert login(client, candidate.nip, NEW_PASSWORD).status_code == 302


def test_logout_ends_the_session(client, candidate):
    client.force_login(candidate)

    client.post(reverse("account_logout"))

    assert client.get(reverse("dashboard")).status_code == 302


def test_allauth_signup_is_closed_and_points_to_registration(client):
    response = client.get("/accounts/signup/")
    assert response.status_code == 302
    assert response.url == reverse("register")


def test_repeated_failures_lock_the_account_out_even_with_the_right_password(
    client, candidate, password
):
    for attempt in range(5):
        login(client, candidate.nip, f"salah-{attempt}")

    response = login(client, candidate.nip, password)

    assert "_auth_user_id" not in client.session
    assert "Terlalu banyak" in response.content.decode()


def test_login_requests_are_rate_limited_per_address(client, candidate, password, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}

    statuses = [login(client, candidate.nip, "salah").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_a_login_longer_than_any_account_s_is_refused_with_a_message(client, candidate):
    """Before any lookup by it: on SQLite (`make run`) a lookup by 60,000 characters failed
    the page with a server error."""
    response = login(client, "é" * 60_000, "salah-sekali")

    assert response.status_code == 200
    assert "paling banyak 254 karakter" in response.text
    assert "_auth_user_id" not in client.session
