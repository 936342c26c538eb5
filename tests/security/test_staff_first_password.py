"""A staff account an administrator creates, or whose password an administrator sets, changes it
at its first login, as candidates do with the password mailed at registration (issue 18)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from portal.constants import Role

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def office_admin(make_user):
    return make_user("admin-kantor", Role.ADMINISTRATOR, is_staff=True)


def test_an_account_made_in_the_admin_must_change_its_password(client, office_admin, password):
    client.force_login(office_admin)
    response = client.post(
        reverse("admin:registration_user_add"),
        {
            "username": "petugas-baru",
            "email": "petugas-baru@example.test",
            "password1": password,
            "password2": password,
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    created = User.objects.get(username="petugas-baru")
    assert created.must_change_password

    client.logout()
    client.post(reverse("account_login"), {"login": "petugas-baru", "password": password})
    assert client.get(reverse("staff_home")).url == reverse("account_change_password")


def test_a_password_set_by_an_administrator_must_be_changed(client, office_admin, make_user):
    colleague = make_user("verifikator-kantor", Role.VERIFIER)
    assert not colleague.must_change_password
    client.force_login(office_admin)
    new = "Sandi-Baru-dari-Admin-2026"
    response = client.post(
        reverse("admin:auth_user_password_change", args=[colleague.pk]),
        {"password1": new, "password2": new, "usable_password": "true"},
    )
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.must_change_password and colleague.check_password(new)


def test_an_administrators_own_new_password_is_theirs(client, office_admin):
    client.force_login(office_admin)
    new = "Sandi-Sendiri-2026-Baru"
    response = client.post(
        reverse("admin:auth_user_password_change", args=[office_admin.pk]),
        {"password1": new, "password2": new, "usable_password": "true"},
    )
    assert response.status_code == 302
    office_admin.refresh_from_db()
    assert not office_admin.must_change_password
