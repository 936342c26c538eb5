"""The workflow engine's cases: nobody acts at a step on the case of an employee they conflict
with (registration.conflicts), by NIP, even when the employee has no account."""

import pytest

from casework.exceptions import CaseForbidden
from casework.services.engine import case_return, case_step_complete, case_submit
from casework.workflow import Action
from portal.constants import Role
from registration import services as registration
from registration.constants import Relationship

pytestmark = pytest.mark.django_db


def declare(staff, **fields):
    registration.staff_declaration_save(
        user=staff,
        actor=staff,
        nip="",
        work_unit=fields.get("work_unit", ""),
        institution="",
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
