"""The engine's table of actions per step kind, walked pair by pair, and the refusals the
services give for each forbidden pair and each wrong actor."""

import pytest

from casework.exceptions import CaseError, CaseForbidden
from casework.services.engine import case_step_complete, case_submit
from casework.workflow import ACTIONS, Action, allowed, step_action_refusal
from portal.constants import Role, StepKind
from portal.models import StaffRole
from portal.roles import role_provider_ids, staff_groups_sync, user_roles

EXPECTED = {
    StepKind.SUBMISSION: {Action.SUBMIT},
    StepKind.COMPLETENESS_CHECK: {Action.ACCEPT, Action.RETURN},
    StepKind.VERIFICATION: {Action.ACCEPT, Action.RETURN, Action.REJECT},
    StepKind.APPROVAL: {Action.ACCEPT, Action.REJECT},
    StepKind.DECISION: {Action.DECIDE},
    StepKind.SCHEDULING: {Action.ACCEPT},
    StepKind.EXAM: {Action.ATTEND},
    StepKind.ASSESSMENT: {Action.ASSESS},
    StepKind.ISSUANCE: {Action.ISSUE},
    StepKind.EXTERNAL_PRODUCT: {Action.RECORD},
    StepKind.HANDOVER: {Action.HAND_OVER},
    # Seed 004's kinds: run by the app `assessments`, never by the engine.
    StepKind.COOPERATION: set(),
    StepKind.AGREEMENT: set(),
    StepKind.PARTICIPANT_LIST: set(),
    StepKind.E_REGISTRATION: set(),
    StepKind.PAYMENT: set(),
    StepKind.REPORT: set(),
    # A routed report (seed 003) runs on the app ipasn's pages.
    StepKind.ROUTING: set(),
    StepKind.PROCESSING: set(),
    StepKind.EXTERNAL_UPLOAD: set(),
}


def test_every_step_kind_has_its_actions():
    assert set(ACTIONS) == set(StepKind.values)


@pytest.mark.parametrize("kind", StepKind.values)
@pytest.mark.parametrize("action", list(Action))
def test_each_pair_is_allowed_exactly_as_the_table_says(kind, action):
    assert allowed(kind, action) == (action in EXPECTED[kind])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "action", [a for a in Action if a not in EXPECTED[StepKind.COMPLETENESS_CHECK]]
)
def test_actions_the_completeness_check_does_not_offer_are_refused(
    action, make_case, operator, bkpsdm_staff
):
    case = case_submit(case=make_case(), actor=operator)
    refusal = step_action_refusal(case, bkpsdm_staff[Role.VERIFIER], action)
    if action == Action.SUBMIT:  # not the verifier's to send
        assert isinstance(refusal, CaseForbidden)
    else:
        assert isinstance(refusal, CaseError)
        with pytest.raises(CaseError):
            case_step_complete(case=case, actor=bkpsdm_staff[Role.VERIFIER], action=action)


@pytest.mark.django_db
def test_a_step_is_acted_on_by_its_role_only(make_case, operator, bkpsdm_staff):
    case = case_submit(case=make_case(), actor=operator)
    verifier = bkpsdm_staff[Role.VERIFIER]
    case = case_step_complete(case=case, actor=verifier, action=Action.ACCEPT)
    case = case_step_complete(case=case, actor=verifier, action=Action.ACCEPT)
    # The decision step is the signing official's.
    assert isinstance(step_action_refusal(case, verifier, Action.DECIDE), CaseForbidden)
    assert step_action_refusal(case, bkpsdm_staff[Role.SIGNING_OFFICIAL], Action.DECIDE) is None


@pytest.mark.django_db
def test_an_external_assessor_acts_for_their_service_only(
    make_case, operator, bkpsdm_staff, make_user, certification
):
    external = make_user("asesor-lsp")
    StaffRole.objects.create(
        user=external, provider=certification.provider, role=Role.ASSESSOR, service=certification
    )
    case = case_submit(case=make_case(), actor=operator)
    verifier = bkpsdm_staff[Role.VERIFIER]
    for _ in range(2):
        case = case_step_complete(case=case, actor=verifier, action=Action.ACCEPT)
    case = case_step_complete(
        case=case, actor=bkpsdm_staff[Role.SIGNING_OFFICIAL], action=Action.DECIDE
    )
    assert case.step.kind == StepKind.EXAM
    assert step_action_refusal(case, external, Action.ATTEND) is None
    # Nothing provider-wide: no staff role anywhere, no admin group.
    staff_groups_sync(external.pk)
    assert user_roles(external) == set()
    assert role_provider_ids(external) == frozenset()
    assert not external.groups.exists()
