"""portal.auth_backends: the signed-in user is read with SQL compiled once and is the user the
ORM reads, with its staff roles and authenticator in the same query; once read, request.user is
the user itself; an inactive or deleted account is signed out; a session naming Django's or
allauth's stock backend stays signed in and is renamed to the portal's class."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth import backends as django_backends
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.auth_backends import BACKEND_ALIASES, AuthenticationBackend, ModelBackend
from portal.constants import Role
from portal.roles import (
    _PROVIDER_ROLES,
    _SERVICE_ROLES,
    _by_role,
    _held,
    _held_for_services,
    two_factor_enabled,
    user_roles,
)
from tests.databases import postgres_only

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


@postgres_only("the roles and the authenticator are read with the user on PostgreSQL only")
def test_the_roles_and_authenticator_come_with_the_user(
    staff_of_two_providers, make_user, perpusnas, lan, other_provider_service
):
    staff = staff_of_two_providers
    signer = make_user("petugas.penanda", Role.SIGNING_OFFICIAL)  # with a TOTP authenticator
    bare = make_user("petugas.tanpa.totp.lagi", Role.SIGNING_OFFICIAL, totp=False)
    nobody = make_user("tanpa.peran.lagi")

    for user in (staff, signer, bare, nobody):
        found = ModelBackend().get_user(user.pk)
        with CaptureQueriesContext(connection) as queries:
            assert found._portal_roles == _by_role(_PROVIDER_ROLES.rows(user.pk))
            assert found._portal_service_roles == _by_role(_SERVICE_ROLES.rows(user.pk))
        assert len(queries) == 2  # only the reads compared with; the kept ones asked none
        with CaptureQueriesContext(connection) as queries:
            roles = user_roles(found)
            service_roles = _held_for_services(found)
            totp = two_factor_enabled(found)
        assert len(queries) == 0
        fresh = User.objects.get(pk=user.pk)
        assert roles == user_roles(fresh) and service_roles == _held_for_services(fresh)
        assert totp is two_factor_enabled(fresh)
    assert _held(ModelBackend().get_user(staff.pk)) == {
        Role.VERIFIER: frozenset({perpusnas.pk, lan.pk}),
        Role.SCHEDULER: frozenset({perpusnas.pk, lan.pk}),
    }
    assert _held_for_services(ModelBackend().get_user(staff.pk)) == {
        Role.ASSESSOR: frozenset({other_provider_service.pk})
    }
    assert two_factor_enabled(ModelBackend().get_user(signer.pk))
    assert not two_factor_enabled(ModelBackend().get_user(bare.pk))


@postgres_only("the authenticator is read with the user on PostgreSQL only")
def test_the_authenticator_read_with_the_user_answers_once(make_user):
    signer = make_user("petugas.sekali", Role.SIGNING_OFFICIAL, totp=False)
    found = ModelBackend().get_user(signer.pk)
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=signer, type=Authenticator.Type.TOTP, data={})
    assert two_factor_enabled(found) is False  # as read with the user
    assert two_factor_enabled(found) is True  # asked again: the database's answer now


def test_once_read_the_request_user_is_the_user_itself(client, make_user):
    user = make_user("pengguna.langsung")
    client.force_login(user)

    response = client.get("/")

    assert response.status_code == 200
    assert type(response.wsgi_request.user) is User
    assert response.wsgi_request.user == user


def test_a_login_within_the_request_keeps_the_new_user(client, make_user, password):
    user = make_user("pengguna.masuk")
    response = client.post(reverse("account_login"), {"login": user.username, "password": password})
    assert response.status_code == 302
    assert response.wsgi_request.user == user  # not the anonymous user read before the login


def test_a_logout_within_the_request_keeps_the_anonymous_user(client, make_user):
    user = make_user("pengguna.pamit")
    client.force_login(user)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response.wsgi_request.user.is_anonymous


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
