"""portal.auth_backends: the signed-in user is read with SQL compiled once and is the user the
ORM reads; an inactive or deleted account is signed out; a session naming Django's or
allauth's stock backend stays signed in and is renamed to the portal's class."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth import backends as django_backends
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.auth_backends import BACKEND_ALIASES, AuthenticationBackend, ModelBackend

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.mark.parametrize("backend", [ModelBackend, AuthenticationBackend])
def test_the_user_is_the_one_the_orm_reads(backend, make_user):
    user = make_user("pengguna.satu", email="satu@example.go.id", first_name="Satu")
    User.objects.filter(pk=user.pk).update(last_login="2026-12-01T08:00:00Z")

    found = backend().get_user(user.pk)
    stock = django_backends.ModelBackend().get_user(user.pk)

    assert type(found) is User
    assert {f.attname: getattr(found, f.attname) for f in User._meta.concrete_fields} == {
        f.attname: getattr(stock, f.attname) for f in User._meta.concrete_fields
    }
    assert found._state.adding is False and found._state.db == "default"
    assert found.get_session_auth_hash() == stock.get_session_auth_hash()


def test_an_inactive_or_missing_user_is_nobody(make_user):
    user = make_user("pengguna.nonaktif")
    User.objects.filter(pk=user.pk).update(is_active=False)

    assert ModelBackend().get_user(user.pk) is None
    assert AuthenticationBackend().get_user(user.pk) is None
    assert ModelBackend().get_user(user.pk + 10_000) is None


def test_one_query(make_user):
    user = make_user("pengguna.dua")
    ModelBackend().get_user(user.pk)  # compiled by now
    with CaptureQueriesContext(connection) as queries:
        assert ModelBackend().get_user(user.pk) == user
    assert len(queries) == 1


def test_a_login_names_the_portals_backend(client, make_user, password):
    user = make_user("pengguna.tiga")
    response = client.post(reverse("account_login"), {"login": user.username, "password": password})
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY].startswith("portal.auth_backends.")


@pytest.mark.parametrize("stock", sorted(BACKEND_ALIASES))
def test_a_session_naming_a_stock_backend_stays_signed_in(stock, client, make_user):
    user = make_user("pengguna.lama")
    client.force_login(user)
    session = client.session
    session[BACKEND_SESSION_KEY] = stock
    session.save()

    response = client.get("/")

    assert response.status_code == 200
    assert response.wsgi_request.user == user
    assert client.session[BACKEND_SESSION_KEY] == BACKEND_ALIASES[stock]
    assert client.session[SESSION_KEY] == str(user.pk)


def test_a_session_naming_an_unknown_backend_is_signed_out(client, make_user):
    user = make_user("pengguna.asing")
    client.force_login(user)
    session = client.session
    session[BACKEND_SESSION_KEY] = "somewhere.else.Backend"
    session.save()

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response.wsgi_request.user.is_anonymous


def test_a_stock_session_of_a_deactivated_user_is_signed_out(client, make_user):
    user = make_user("pengguna.keluar")
    client.force_login(user)
    session = client.session
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session.save()
    User.objects.filter(pk=user.pk).update(is_active=False)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response.wsgi_request.user.is_anonymous


def test_a_changed_password_signs_the_other_sessions_out(client, make_user):
    user = make_user("pengguna.sandi")
    client.force_login(user)
    user.set_password("Sandi-Baru-Sekali-2026")
    user.save()

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response.wsgi_request.user.is_anonymous
