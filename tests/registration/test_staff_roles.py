"""Granting and revoking roles at providers (registration.services.user_staff_roles_set): who may
change which role where, what is recorded, and who is told."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from portal.constants import Role
from portal.events import event_title
from portal.models import Event, StaffRole
from portal.roles import holds_role_at, role_provider_ids
from registration.services import user_staff_roles_set
from tests.factories import LAN, PERPUSNAS

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(make_user):
    return make_user("root", is_staff=True, is_superuser=True)


@pytest.fixture
def perpusnas_admin(make_user):
    return make_user("admin-perpusnas", Role.ADMINISTRATOR, is_staff=True)


@pytest.fixture
def lan_admin(make_user, lan):
    return make_user("admin-lan", Role.ADMINISTRATOR, is_staff=True, provider=lan)


def held(user) -> set[tuple[str, str]]:
    return set(StaffRole.objects.filter(user=user).values_list("provider__slug", "role"))


def test_a_superuser_gives_a_person_roles_at_two_providers(root, candidate, perpusnas, lan):
    user_staff_roles_set(
        user=candidate,
        roles=[(perpusnas, Role.VERIFIER), (lan, Role.VERIFIER), (lan, Role.SCHEDULER)],
        actor=root,
    )

    assert held(candidate) == {
        (PERPUSNAS, Role.VERIFIER),
        (LAN, Role.VERIFIER),
        (LAN, Role.SCHEDULER),
    }
    assert role_provider_ids(candidate, Role.VERIFIER) == {perpusnas.pk, lan.pk}
    assert holds_role_at(candidate, Role.SCHEDULER, lan.pk)
    assert not holds_role_at(candidate, Role.SCHEDULER, perpusnas.pk)
    groups = set(candidate.groups.values_list("name", flat=True))
    assert groups == {Role.VERIFIER.value, Role.SCHEDULER.value}

    user_staff_roles_set(user=candidate, roles=[(lan, Role.VERIFIER)], actor=root)

    assert held(candidate) == {(LAN, Role.VERIFIER)}
    assert set(candidate.groups.values_list("name", flat=True)) == {Role.VERIFIER.value}
    assert Event.objects.filter(object_id=candidate.pk, kind="role_revoked").count() == 2


def test_an_administrator_changes_ordinary_roles_at_its_own_provider_only(
    perpusnas_admin, candidate, perpusnas, lan
):
    user_staff_roles_set(
        user=candidate,
        roles=[(perpusnas, Role.VERIFIER), (perpusnas, Role.ASSESSOR)],
        actor=perpusnas_admin,
    )
    assert held(candidate) == {(PERPUSNAS, Role.VERIFIER), (PERPUSNAS, Role.ASSESSOR)}

    refused = [
        [(perpusnas, Role.VERIFIER), (lan, Role.VERIFIER)],  # another provider
        [(perpusnas, Role.VERIFIER), (perpusnas, Role.COMPLAINT_HANDLER)],  # a sensitive role
        [(perpusnas, Role.VERIFIER), (perpusnas, Role.ADMINISTRATOR)],
    ]
    for roles in refused:
        with pytest.raises(PermissionDenied):
            user_staff_roles_set(user=candidate, roles=roles, actor=perpusnas_admin)

    assert held(candidate) == {(PERPUSNAS, Role.VERIFIER), (PERPUSNAS, Role.ASSESSOR)}


def test_an_administrator_cannot_take_a_role_held_elsewhere_by_leaving_it_out(
    perpusnas_admin, make_user, perpusnas, lan
):
    """Roles the administrator may not change pass through a call unchanged, or it is refused."""
    person = make_user("dua-tempat", Role.VERIFIER, provider=[perpusnas, lan])

    with pytest.raises(PermissionDenied):
        user_staff_roles_set(user=person, roles=[], actor=perpusnas_admin)
    user_staff_roles_set(user=person, roles=[(lan, Role.VERIFIER)], actor=perpusnas_admin)

    assert held(person) == {(LAN, Role.VERIFIER)}


def test_an_inactive_administrator_changes_nothing(make_user, candidate, perpusnas):
    gone = make_user("admin-lama", Role.ADMINISTRATOR, is_staff=True, is_active=False)

    with pytest.raises(PermissionDenied):
        user_staff_roles_set(user=candidate, roles=[(perpusnas, Role.VERIFIER)], actor=gone)

    assert not held(candidate)


def test_the_event_names_the_role_and_the_provider(root, candidate, lan):
    user_staff_roles_set(user=candidate, roles=[(lan, Role.VERIFIER)], actor=root)

    event = Event.objects.get(object_id=candidate.pk, kind="role_granted")
    assert (
        event_title(event) == "Peran diberikan: Tim verifikasi di Balai Layanan Pemetaan Kompetensi"
    )


def test_a_sensitive_role_at_a_provider_is_told_to_superusers_and_that_providers_administrators(
    root, make_user, candidate, lan, perpusnas_admin, lan_admin, django_capture_on_commit_callbacks
):
    other_root = make_user("root2", is_staff=True, is_superuser=True)

    with django_capture_on_commit_callbacks(execute=True):
        user_staff_roles_set(user=candidate, roles=[(lan, Role.SIGNING_OFFICIAL)], actor=root)

    told = {message.to[0]: message for message in mail.outbox}
    assert set(told) == {other_root.email, lan_admin.email}  # not Perpusnas's administrator
    body = told[lan_admin.email].body
    assert "Pejabat penandatangan di Balai Layanan Pemetaan Kompetensi" in body
    assert "diberikan" in body
