"""portal.precompiled: the reader's staff roles are asked with SQL compiled once per process,
and answer what the ORM's query answers."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.constants import Role
from portal.models import StaffRole
from portal.precompiled import Precompiled
from portal.roles import _PROVIDER_ROLES, _SERVICE_ROLES, _held, _held_for_services

pytestmark = pytest.mark.django_db


def test_the_roles_are_those_the_orm_reads(make_user, perpusnas, lan, other_provider_service):
    staff = make_user("petugas.dua", Role.VERIFIER, Role.SCHEDULER, provider=[perpusnas, lan])
    StaffRole.objects.create(
        user=staff,
        provider=other_provider_service.provider,
        service=other_provider_service,
        role=Role.ASSESSOR,
    )
    other = make_user("petugas.lain", Role.COMPLAINT_HANDLER, provider=lan)
    nobody = make_user("tanpa.peran")

    for user in (staff, other, nobody):
        rows = StaffRole.objects.filter(user=user)
        assert sorted(_PROVIDER_ROLES.rows(user.pk)) == sorted(
            rows.filter(service__isnull=True).values_list("role", "provider_id")
        )
        assert sorted(_SERVICE_ROLES.rows(user.pk)) == sorted(
            rows.filter(service__isnull=False).values_list("role", "service_id")
        )
    staff.__dict__.pop("_portal_roles", None)
    assert _held(staff) == {
        Role.VERIFIER: frozenset({perpusnas.pk, lan.pk}),
        Role.SCHEDULER: frozenset({perpusnas.pk, lan.pk}),
    }
    assert _held_for_services(staff) == {Role.ASSESSOR: frozenset({other_provider_service.pk})}
    assert _SERVICE_ROLES.rows(nobody.pk) == []


def test_one_query_compiled_once(make_user, perpusnas):
    staff = make_user("petugas.tiga", Role.VERIFIER)
    _PROVIDER_ROLES.rows(staff.pk)  # compiled by now
    compiled = _PROVIDER_ROLES.compiled
    with CaptureQueriesContext(connection) as queries:
        assert _PROVIDER_ROLES.rows(staff.pk) == [(Role.VERIFIER.value, perpusnas.pk)]
    assert len(queries) == 1
    assert _PROVIDER_ROLES.compiled is compiled


def test_a_query_using_its_key_twice_is_refused():
    twice = Precompiled(
        lambda pk: StaffRole.objects.filter(user_id=pk, provider_id=pk).values_list("role")
    )
    with pytest.raises(ImproperlyConfigured):
        twice.rows(1)


def test_two_factor_enabled_answers_as_the_orm(make_user):
    from allauth.mfa.models import Authenticator

    from portal.roles import two_factor_enabled

    enrolled = make_user("petugas.totp", Role.SIGNING_OFFICIAL)  # enrolled by make_user
    bare = make_user("petugas.tanpa.totp", Role.SIGNING_OFFICIAL, totp=False)
    for user in (enrolled, bare):
        expected = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        assert two_factor_enabled(user) is expected
    assert two_factor_enabled(enrolled) and not two_factor_enabled(bare)
