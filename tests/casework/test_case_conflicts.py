"""The workflow engine's cases: nobody acts at a step on the case of an employee they conflict
with (registration.conflicts), by NIP, even when the employee has no account."""

import itertools

import pytest
from django.urls import reverse

from casework import selectors
from casework.exceptions import CaseForbidden
from casework.models import Case, Proposal
from casework.services.engine import case_return, case_step_complete, case_submit
from casework.workflow import Action, conflict_refusal
from portal.constants import Role
from registration import services as registration
from registration.constants import Relationship
from tests.queue_counts import assert_constant_queries

pytestmark = pytest.mark.django_db


def declare(staff, **fields):
    registration.staff_declaration_save(
        user=staff,
        actor=staff,
        nip="",
        work_unit=fields.get("work_unit", ""),
        institution=fields.get("institution", ""),
        relatives=[
            registration.RelativeInput(nip=nip, relationship=Relationship.SPOUSE)
            for nip in fields.get("relatives", ())
        ],
    )
    return type(staff).objects.get(pk=staff.pk)


def test_a_verifier_does_not_act_on_a_relatives_case(make_case, operator, bkpsdm_staff):
    case = case_submit(case=make_case(), actor=operator)
    verifier = declare(bkpsdm_staff[Role.VERIFIER], relatives=[case.nip])
    with pytest.raises(CaseForbidden, match="Konflik kepentingan: kerabat yang dinyatakan"):
        case_step_complete(case=case, actor=verifier, action=Action.ACCEPT)
    with pytest.raises(CaseForbidden, match="kerabat yang dinyatakan"):
        case_return(case=case, actor=verifier, reason="SKP belum dilampirkan.")


def test_same_work_unit_is_refused_and_no_conflict_works_as_before(
    make_case, operator, bkpsdm_staff
):
    case = case_submit(case=make_case(), actor=operator)
    verifier = declare(bkpsdm_staff[Role.VERIFIER], work_unit=case.work_unit.upper())
    with pytest.raises(CaseForbidden, match="satu unit kerja"):
        case_step_complete(case=case, actor=verifier, action=Action.ACCEPT)
    verifier = declare(verifier, work_unit="Unit lain")
    case = case_step_complete(case=case, actor=verifier, action=Action.ACCEPT)
    assert case.step.kind != "completeness_check"


# --- The queues leave such cases out (in the same query: page, total and counts agree) ---------


@pytest.fixture
def two_cases(make_case, operator):
    relative = case_submit(case=make_case(nip="198609262015052101"), actor=operator)
    other = case_submit(
        case=make_case(nip="198609262015052102", work_unit="Bidang Layanan"), actor=operator
    )
    return relative, other


def queue_cases(client) -> list:
    response = client.get(reverse("casework_staff_queue"))
    assert response.status_code == 200
    cases = [row.case for group in response.context["groups"] for row in group.rows]
    assert response.context["total"] == len(cases)
    return cases


def test_the_staff_queue_leaves_out_a_relatives_case(client, two_cases, bkpsdm_staff):
    relative, other = two_cases
    verifier = bkpsdm_staff[Role.VERIFIER]
    client.force_login(verifier)
    assert {case.pk for case in queue_cases(client)} == {relative.pk, other.pk}

    declare(verifier, relatives=[relative.nip])

    assert [case.pk for case in queue_cases(client)] == [other.pk]


def test_the_staff_queue_leaves_out_the_verifiers_work_unit(client, two_cases, bkpsdm_staff):
    _relative, other = two_cases  # the first in "Sekretariat", the other elsewhere
    verifier = declare(bkpsdm_staff[Role.VERIFIER], work_unit="SEKRETARIAT")
    client.force_login(verifier)

    assert [case.pk for case in queue_cases(client)] == [other.pk]


def test_the_decisions_page_leaves_out_a_relatives_case(client, two_cases, bkpsdm_staff):
    relative, other = two_cases
    for case in two_cases:
        Case.objects.filter(pk=case.pk).update(step=case.service.steps.get(kind="decision"))
    official = declare(bkpsdm_staff[Role.SIGNING_OFFICIAL], relatives=[relative.nip])
    client.force_login(official)

    response = client.get(reverse("casework_decisions"))

    assert [case.pk for case in response.context["candidates"]] == [other.pk]


def test_the_product_queue_leaves_out_a_relatives_case(client, two_cases, bkpsdm_staff):
    relative, other = two_cases
    for case in two_cases:
        Case.objects.filter(pk=case.pk).update(step=case.service.steps.get(kind="handover"))
    officer = declare(bkpsdm_staff[Role.CERTIFICATE_OFFICER], relatives=[relative.nip])
    client.force_login(officer)

    response = client.get(reverse("casework_product_queue"))

    assert [case.pk for case in response.context["cases"]] == [other.pk]


def test_the_queue_with_a_declaration_keeps_its_query_count(
    client, make_case, operator, bkpsdm_staff, monkeypatch
):
    monkeypatch.setattr(selectors, "QUEUE_PER_PAGE", 2)
    verifier = declare(
        bkpsdm_staff[Role.VERIFIER], work_unit="Bidang Lain", relatives=["198609262015052999"]
    )
    client.force_login(verifier)
    numbers = itertools.count(200)

    def grow(count):
        for _ in range(count):
            case_submit(case=make_case(nip=f"198609262015052{next(numbers):03d}"), actor=operator)

    assert_constant_queries(
        client,
        reverse("casework_staff_queue"),
        grow,
        page_of=lambda response: response.context["page"],
    )


def test_work_units_are_keyed_alike_in_the_rule_and_the_queue(make_case, bkpsdm_staff):
    verifier = declare(bkpsdm_staff[Role.VERIFIER], work_unit="Bidang  Mutasi/Promosi")
    same = make_case(nip="198609262015052301", work_unit="bidang mutasi promosi")
    other = make_case(nip="198609262015052302", work_unit="Bidang Mutasi")

    assert conflict_refusal(same, verifier) is not None
    assert conflict_refusal(other, verifier) is None
    assert list(Case.objects.filter(selectors.conflicted_cases(verifier))) == [same]


def test_a_declared_agency_is_matched_with_the_proposing_institution(
    make_case, certification, institution, operator, bkpsdm_staff
):
    # Dinas Kesehatan proposes the employee; a verifier of the same unit kerja conflicts only
    # when the agency they declared is that institution (or they declared none).
    proposal = Proposal.objects.create(
        service=certification, institution=institution, operator=operator
    )
    case = make_case(nip="198609262015052401", work_unit="Sekretariat", proposal=proposal)
    verifier = declare(
        bkpsdm_staff[Role.VERIFIER], work_unit="Sekretariat", institution="dinas  KESEHATAN"
    )
    assert "satu unit kerja" in str(conflict_refusal(case, verifier))
    assert list(Case.objects.filter(selectors.conflicted_cases(verifier))) == [case]

    elsewhere = declare(verifier, work_unit="Sekretariat", institution="Dinas Pendidikan")
    assert conflict_refusal(case, elsewhere) is None
    assert not Case.objects.filter(selectors.conflicted_cases(elsewhere)).filter(pk=case.pk)
