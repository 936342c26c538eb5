import pytest

from casework.constants import CaseState, StepOutcome
from casework.exceptions import CaseError, CaseForbidden
from casework.services.engine import case_return, case_step_complete, case_submit
from casework.workflow import Action
from portal.constants import Role, StepKind

pytestmark = pytest.mark.django_db


def test_seed_002_steps_are_entered_in_order(certification):
    kinds = list(certification.steps.values_list("kind", flat=True))
    assert kinds == [
        StepKind.SUBMISSION,
        StepKind.COMPLETENESS_CHECK,
        StepKind.VERIFICATION,
        StepKind.DECISION,
        StepKind.EXAM,
        StepKind.ASSESSMENT,
        StepKind.EXTERNAL_PRODUCT,
        StepKind.ISSUANCE,
        StepKind.HANDOVER,
    ]
    limit = certification.completion_limit.time_limit()
    assert limit.describe() == (
        "14 (empat belas) sampai dengan 30 (tiga puluh) hari kerja sejak berkas dinyatakan "
        "lengkap dan benar"
    )


def test_submitted_case_waits_at_the_completeness_check(make_case, operator):
    case = case_submit(case=make_case(), actor=operator)
    assert case.state == CaseState.ACTIVE
    assert case.step.kind == StepKind.COMPLETENESS_CHECK
    assert [run.step.kind for run in case.runs.all()] == [
        StepKind.SUBMISSION,
        StepKind.COMPLETENESS_CHECK,
    ]


def test_a_second_submit_is_refused(make_case, operator):
    case = case_submit(case=make_case(), actor=operator)
    with pytest.raises(CaseError):
        case_submit(case=case, actor=operator)


def test_return_pauses_and_resubmission_resumes_the_same_step(make_case, operator, bkpsdm_staff):
    verifier = bkpsdm_staff[Role.VERIFIER]
    case = case_submit(case=make_case(), actor=operator)
    case = case_return(case=case, actor=verifier, reason="SKP terakhir belum dilampirkan.")
    assert case.state == CaseState.RETURNED
    assert case.pauses.get().ended_at is None
    with pytest.raises(CaseError):
        case_step_complete(case=case, actor=verifier, action=Action.ACCEPT)
    case = case_submit(case=case, actor=operator)
    assert case.state == CaseState.ACTIVE
    assert case.step.kind == StepKind.COMPLETENESS_CHECK
    assert case.pauses.get().ended_at is not None


def test_only_the_steps_role_acts(make_case, operator, bkpsdm_staff):
    case = case_submit(case=make_case(), actor=operator)
    for who in (operator, bkpsdm_staff[Role.SIGNING_OFFICIAL]):
        with pytest.raises(CaseForbidden):
            case_step_complete(case=case, actor=who, action=Action.ACCEPT)


def test_verifier_of_another_provider_may_not_act(make_case, operator, make_user):
    case = case_submit(case=make_case(), actor=operator)
    stranger = make_user("verifikator-perpusnas", Role.VERIFIER)
    with pytest.raises(CaseForbidden):
        case_step_complete(case=case, actor=stranger, action=Action.ACCEPT)


def test_verification_starts_the_completion_clock(make_case, operator, bkpsdm_staff):
    verifier = bkpsdm_staff[Role.VERIFIER]
    case = case_submit(case=make_case(), actor=operator)
    case = case_step_complete(case=case, actor=verifier, action=Action.ACCEPT)
    assert case.clock_started_at is None
    case = case_step_complete(case=case, actor=verifier, action=Action.ACCEPT)
    assert case.clock_started_at is not None
    assert case.step.kind == StepKind.DECISION


def test_rejection_closes_the_case(make_case, operator, bkpsdm_staff):
    verifier = bkpsdm_staff[Role.VERIFIER]
    case = case_submit(case=make_case(), actor=operator)
    case = case_step_complete(case=case, actor=verifier, action=Action.ACCEPT)
    case = case_step_complete(
        case=case, actor=verifier, action=Action.REJECT, note="Bukan PNS daerah ini."
    )
    assert case.state == CaseState.REJECTED
    assert case.runs.last().outcome == StepOutcome.REJECTED
