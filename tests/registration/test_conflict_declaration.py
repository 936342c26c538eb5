"""Conflicts of interest, the rule (registration.conflicts) and the staff member's own
declaration of NIP, work unit and relatives."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.constants import Role
from portal.models import Event
from registration import services
from registration.conflicts import (
    conflict_reason,
    conflict_reasons,
    conflicted_candidate_ids,
)
from registration.constants import Relationship
from registration.models import StaffDeclaration, User
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

RELATIVE_NIP = "198001012005011001"
OWN_NIP = "197905052003122002"


def declare(user, *, nip="", work_unit="", institution="", relatives=()):
    return services.staff_declaration_save(
        user=user,
        actor=user,
        nip=nip,
        work_unit=work_unit,
        institution=institution,
        relatives=[services.RelativeInput(nip=n, relationship=r) for n, r in relatives],
    )


@pytest.fixture
def staff(make_user):
    return make_user("verifikator", Role.VERIFIER)


def candidate_with(nip, work_unit="Bidang Layanan", institution="Dinas Perpustakaan Kota"):
    return ProfileFactory(
        user__nip=nip, user__username=nip, work_unit=work_unit, institution=institution
    ).user


def test_no_declaration_conflicts_only_with_oneself(staff):
    other = candidate_with(RELATIVE_NIP)
    assert conflict_reason(staff=staff, candidate=other) is None
    assert conflict_reason(staff=staff, candidate=staff) == "pengajuan sendiri"


def test_own_declared_nip_is_ones_own_application(staff):
    declare(staff, nip="19790505 200312 2 002")
    own_account = candidate_with(OWN_NIP)
    assert conflict_reason(staff=User.objects.get(pk=staff.pk), candidate=own_account) == (
        "pengajuan sendiri"
    )


def test_declared_relative_conflicts_with_the_relationship(staff):
    declare(staff, relatives=[(RELATIVE_NIP, Relationship.CHILD)])
    relative = candidate_with(RELATIVE_NIP)
    assert conflict_reason(staff=User.objects.get(pk=staff.pk), candidate=relative) == (
        "kerabat yang dinyatakan (anak)"
    )


def test_same_work_unit_at_the_same_agency_conflicts(staff):
    declare(staff, work_unit="bidang layanan ", institution="Dinas Perpustakaan Kota")
    colleague = candidate_with(RELATIVE_NIP)
    elsewhere = candidate_with(OWN_NIP, institution="Dinas Perpustakaan Provinsi")
    staff = User.objects.get(pk=staff.pk)
    assert conflict_reason(staff=staff, candidate=colleague) == "satu unit kerja"
    assert conflict_reason(staff=staff, candidate=elsewhere) is None


def test_queue_filter_and_many_reasons_agree_with_the_rule(staff, make_user):
    declare(staff, work_unit="Bidang Layanan", relatives=[(RELATIVE_NIP, Relationship.SPOUSE)])
    relative = candidate_with(RELATIVE_NIP, work_unit="Lain")
    colleague = candidate_with(OWN_NIP)
    stranger = candidate_with("199001152014031002", work_unit="Lain")
    excluded = set(
        User.objects.filter(pk__in=conflicted_candidate_ids(staff)).values_list("pk", flat=True)
    )
    assert excluded == {staff.pk, relative.pk, colleague.pk}
    other = make_user("verifikator2", Role.VERIFIER)
    assert conflict_reasons(staff_members=[staff, other], candidate=relative) == {
        staff.pk: "kerabat yang dinyatakan (suami/istri)"
    }
    assert conflict_reasons(staff_members=[staff, other], candidate=stranger) == {}


def test_declaration_refuses_a_wrong_nip_and_a_duplicate(staff):
    with pytest.raises(ValidationError, match="NIP kerabat"):
        declare(staff, relatives=[("12345", Relationship.CHILD)])
    with pytest.raises(ValidationError, match="dua kali"):
        declare(
            staff,
            relatives=[(RELATIVE_NIP, Relationship.CHILD), (RELATIVE_NIP, Relationship.PARENT)],
        )
    with pytest.raises(ValidationError, match="sama dengan NIP Anda"):
        declare(staff, nip=OWN_NIP, relatives=[(OWN_NIP, Relationship.CHILD)])
    assert not StaffDeclaration.objects.exists()


def test_staff_page_saves_the_declaration_and_records_the_change(client, staff):
    client.force_login(staff)
    url = reverse("staff_declaration")
    assert client.get(url).status_code == 200
    data = {
        "nip": "",
        "work_unit": "Bidang Layanan",
        "institution": "Perpustakaan Nasional RI",
        "kerabat-TOTAL_FORMS": "2",
        "kerabat-INITIAL_FORMS": "0",
        "kerabat-0-nip": "19800101 200501 1 001",
        "kerabat-0-name": "Budi",
        "kerabat-0-relationship": Relationship.SIBLING,
        "kerabat-1-nip": "",
        "kerabat-1-name": "",
        "kerabat-1-relationship": "",
    }
    assert client.post(url, data).status_code == 302
    client.post(url, data)  # the same again: still one relative
    declaration = StaffDeclaration.objects.get(user=staff)
    assert declaration.work_unit == "Bidang Layanan"
    assert list(declaration.relatives.values_list("nip", "relationship")) == [
        (RELATIVE_NIP, Relationship.SIBLING)
    ]
    event = Event.objects.filter(kind="conflict_declaration_saved", object_id=staff.pk).last()
    assert "kerabat 198001012005011001 (saudara kandung)" in event.note
    page = client.get(url)
    assert RELATIVE_NIP in page.content.decode()


def test_staff_page_shows_a_wrong_nip_in_indonesian(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("staff_declaration"),
        {
            "nip": "1234",
            "work_unit": "",
            "institution": "",
            "kerabat-TOTAL_FORMS": "0",
            "kerabat-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "NIP sendiri:" in response.content.decode()
    assert not StaffDeclaration.objects.exists()


def test_staff_page_is_for_staff_only(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("staff_declaration")).status_code == 403


def test_the_admin_shows_a_declaration_without_editing_it(client, staff, administrator):
    declaration = declare(staff, work_unit="Bidang Layanan", relatives=[(RELATIVE_NIP, "child")])
    client.force_login(administrator)
    page = client.get(reverse("admin:registration_staffdeclaration_change", args=[declaration.pk]))
    assert page.status_code == 200
    assert RELATIVE_NIP in page.content.decode()
    client.post(
        reverse("admin:registration_staffdeclaration_change", args=[declaration.pk]),
        {"work_unit": "Lain"},
    )
    assert StaffDeclaration.objects.get(pk=declaration.pk).work_unit == "Bidang Layanan"
