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


def test_the_roles_are_those_the_orm_reads(
    staff_of_two_providers, make_user, perpusnas, lan, other_provider_service
):
    staff = staff_of_two_providers
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


def _fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


def test_the_registry_entry_is_the_one_the_orm_reads():
    from registration.models import Librarian, Rank
    from registration.selectors import _LIBRARIAN_BY_NIP, librarian_get_by_nip
    from tests.factories import LibrarianFactory

    entry = LibrarianFactory(nip="198702142010121003", email="resmi@example.go.id")
    bare = LibrarianFactory(nip="198702142010121004", level=None, rank=None)
    orm = Librarian.objects.select_related("level", "rank")

    for librarian in (entry, bare):
        found = librarian_get_by_nip(nip=librarian.nip)
        expected = orm.filter(nip=librarian.nip).first()
        assert type(found) is Librarian and _fields(found) == _fields(expected)
        assert found._state.adding is False and found._state.db == "default"
        with CaptureQueriesContext(connection) as queries:
            level, rank = found.level, found.rank  # read with the entry, no query of their own
        assert len(queries) == 0
        assert (level and _fields(level)) == (expected.level and _fields(expected.level))
        assert (rank and _fields(rank)) == (expected.rank and _fields(expected.rank))
    assert isinstance(librarian_get_by_nip(nip="19870214 201012 1 003").rank, Rank)
    assert librarian_get_by_nip(nip="198702142010121009") is None
    # The SQL is the ORM's .first() of the same query.
    assert _LIBRARIAN_BY_NIP.compiled[2] == str(
        orm.filter(nip="-7654321")[:1].query.sql_with_params()[0]
    )


def test_a_model_query_using_its_key_twice_or_annotated_is_refused():
    from django.db.models import Count

    from portal.precompiled import PrecompiledModels

    twice = PrecompiledModels(lambda pk: StaffRole.objects.filter(user_id=pk, provider_id=pk))
    with pytest.raises(ImproperlyConfigured):
        twice.instances(1)
    annotated = PrecompiledModels(
        lambda pk: StaffRole.objects.filter(user_id=pk).annotate(n=Count("pk"))
    )
    with pytest.raises(ImproperlyConfigured):
        annotated.instances(1)
