"""External staff of one service (portal.StaffRole.service): an LSP's assessor acts on seed
002's certification only. The BKPSDM's administrator gives the role in the admin's role rows,
choosing among its own services; the service that grants roles
(registration.services.user_staff_roles_set) holds the rule whatever posts: only the assessor
role may be held for one service, and only for a service of that provider."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from portal.constants import Role
from portal.models import StaffRole
from portal.roles import holds_role_for_service, role_provider_ids
from registration.services import user_staff_roles_set
from tests.admin_forms import staff_roles_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def bkpsdm_admin(make_user, bkpsdm):
    return make_user("admin-bkpsdm", Role.ADMINISTRATOR, provider=bkpsdm, is_staff=True)


@pytest.fixture
def lsp_assessor(make_user):
    return make_user("asesor-lsp")


def held(user) -> set:
    return set(
        StaffRole.objects.filter(user=user).values_list("provider__slug", "role", "service__slug")
    )


def test_an_assessor_held_for_one_service_acts_there_and_nowhere_else(
    bkpsdm_admin, lsp_assessor, bkpsdm, certification, lan
):
    user_staff_roles_set(
        user=lsp_assessor, roles=[(bkpsdm, Role.ASSESSOR, certification)], actor=bkpsdm_admin
    )

    assert held(lsp_assessor) == {("bkpsdm", Role.ASSESSOR.value, certification.slug)}
    assert holds_role_for_service(lsp_assessor, Role.ASSESSOR, certification)
    assert role_provider_ids(lsp_assessor) == frozenset()  # nothing provider-wide
    assert not lsp_assessor.groups.exists()  # and nothing in the admin


@pytest.mark.parametrize("role", [Role.VERIFIER, Role.SCHEDULER, Role.CERTIFICATE_OFFICER])
def test_a_role_other_than_assessor_cannot_be_held_for_one_service(
    administrator, lsp_assessor, bkpsdm, certification, role
):
    with pytest.raises(ValidationError, match="hanya asesor"):
        user_staff_roles_set(
            user=lsp_assessor, roles=[(bkpsdm, role, certification)], actor=administrator
        )
    assert held(lsp_assessor) == set()


def test_a_role_cannot_be_held_for_another_providers_service(
    administrator, lsp_assessor, perpusnas, certification
):
    with pytest.raises(ValidationError, match="bukan layanan penyelenggara ini"):
        user_staff_roles_set(
            user=lsp_assessor,
            roles=[(perpusnas, Role.ASSESSOR, certification)],
            actor=administrator,
        )
    assert held(lsp_assessor) == set()


def test_an_assessor_can_be_widened_to_the_whole_provider_and_back(
    administrator, lsp_assessor, bkpsdm, certification
):
    user_staff_roles_set(
        user=lsp_assessor, roles=[(bkpsdm, Role.ASSESSOR, certification)], actor=administrator
    )
    user_staff_roles_set(user=lsp_assessor, roles=[(bkpsdm, Role.ASSESSOR)], actor=administrator)
    assert held(lsp_assessor) == {("bkpsdm", Role.ASSESSOR.value, None)}

    user_staff_roles_set(
        user=lsp_assessor, roles=[(bkpsdm, Role.ASSESSOR, certification)], actor=administrator
    )
    assert held(lsp_assessor) == {("bkpsdm", Role.ASSESSOR.value, certification.slug)}


def _user_form(user, roles: dict) -> dict:
    joined = timezone.localtime(user.date_joined)
    return {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_active": "on",
        "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        "nip": user.nip or "",
        **roles,
    }


def test_the_providers_administrator_gives_an_lsp_assessor_one_service_in_the_admin(
    client, bkpsdm_admin, lsp_assessor, bkpsdm, certification
):
    client.force_login(bkpsdm_admin)
    url = reverse("admin:registration_user_change", args=[lsp_assessor.pk])
    page = client.get(url)
    roles = staff_roles_post(add=[(bkpsdm, Role.ASSESSOR)], user=lsp_assessor)
    roles["staff_roles-0-service"] = str(certification.pk)

    response = client.post(url, _user_form(lsp_assessor, roles))

    assert response.status_code == 302
    assert held(lsp_assessor) == {("bkpsdm", Role.ASSESSOR.value, certification.slug)}
    # The service is chosen among the administrator's provider's services only.
    service_field = page.context["inline_admin_formsets"][0].formset.empty_form.fields["service"]
    assert {service.provider_id for service in service_field.queryset} == {bkpsdm.pk}


def test_a_verifier_for_one_service_is_an_error_on_the_admin_form_and_nothing_changes(
    client, bkpsdm_admin, lsp_assessor, bkpsdm, certification
):
    client.force_login(bkpsdm_admin)
    url = reverse("admin:registration_user_change", args=[lsp_assessor.pk])
    roles = staff_roles_post(add=[(bkpsdm, Role.VERIFIER)], user=lsp_assessor)
    roles["staff_roles-0-service"] = str(certification.pk)

    response = client.post(url, _user_form(lsp_assessor, roles))

    assert response.status_code == 200
    assert "hanya asesor" in response.content.decode()
    assert held(lsp_assessor) == set()
