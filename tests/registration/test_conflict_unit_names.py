"""'Same work unit' compares what two people typed: case, inner spaces and punctuation do not
tell two spellings of one unit apart, while different words still make different units. The
queues' SQL filter keys the names exactly as the rule in Python does; the declaration form
suggests the units the profiles already name."""

import pytest
from django.urls import reverse

from portal.constants import Role
from registration import services
from registration.conflicts import (
    conflict_reason,
    conflicted_candidate_ids,
    unit_key,
)
from registration.models import User
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

SAME = [
    "Sub-Bagian Umum",
    "  sub bagian   umum ",
    "SUB BAGIAN UMUM.",
    "Sub_Bagian, Umum",
    "Sub\tBagian\nUmum",
]
DIFFERENT = ["Bagian Umum", "Sub Bagian Umum dan Kepegawaian", "Subbagian Umum"]


def test_the_key_ignores_case_spaces_and_punctuation_only():
    assert {unit_key(name) for name in SAME} == {"sub bagian umum"}
    assert all(unit_key(name) != "sub bagian umum" for name in DIFFERENT)
    assert unit_key("Dinas Pendidikan") != unit_key("Pendidikan")  # no words dropped
    assert unit_key(" -- ") == ""


@pytest.fixture
def staff(make_user):
    return make_user("verifikator", Role.VERIFIER)


def declare(staff, work_unit, institution=""):
    services.staff_declaration_save(
        user=staff,
        actor=staff,
        nip="",
        work_unit=work_unit,
        institution=institution,
        relatives=[],
    )
    return User.objects.get(pk=staff.pk)


@pytest.mark.parametrize("declared", SAME)
def test_the_rule_and_the_queue_filter_agree_on_every_spelling(staff, declared):
    staff = declare(staff, declared, "Pemerintah Kota  Singkawang")
    candidates = {
        name: ProfileFactory(work_unit=name, institution="pemerintah kota singkawang").user
        for name in [*SAME, *DIFFERENT]
    }
    excluded = set(
        User.objects.filter(pk__in=conflicted_candidate_ids(staff)).values_list("pk", flat=True)
    )
    for name, candidate in candidates.items():
        by_rule = conflict_reason(staff=staff, candidate=candidate) == "satu unit kerja"
        assert by_rule == (name in SAME), name
        assert (candidate.pk in excluded) == by_rule, name


def test_the_form_suggests_the_units_profiles_name(client, staff):
    ProfileFactory(work_unit="Bidang Layanan Perpustakaan", institution="Dinas Perpustakaan")
    ProfileFactory(work_unit="Bidang Layanan Perpustakaan", institution="Dinas Perpustakaan")
    client.force_login(staff)

    page = client.get(reverse("staff_declaration")).content.decode()

    assert 'list="unit-kerja-dikenal"' in page
    assert page.count('<option value="Bidang Layanan Perpustakaan">') == 1
    assert '<datalist id="instansi-dikenal"><option value="Dinas Perpustakaan">' in page
