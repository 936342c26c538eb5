"""Results (seed 002 steps 5 and 6): only an assessor of the session marks a participant
examined and records the result; competent moves the case on to the LSP certificate, not yet
competent closes it as NOT_PASSED; a double POST records nothing twice."""

import pytest
from django.urls import reverse

from casework.constants import AssessmentOutcome, CaseState, StepOutcome
from casework.exceptions import CaseError, CaseForbidden
from casework.models import AssessmentResult, StepRun
from casework.services.exams import exam_assess, exam_attend
from portal.constants import Role, StepKind
from tests.casework import test_exam_sessions as sessions

# Fixtures shared with test_exam_sessions.py.
at_exam = sessions.at_exam
lsp_assessor = sessions.lsp_assessor
make_session = sessions.make_session
other_service_assessor = sessions.other_service_assessor
scheduler = sessions.scheduler
second_assessor = sessions.second_assessor

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_session(at_exam, make_session):
    case = at_exam()
    session = make_session(case)
    case.refresh_from_db()
    return case, session


def _attend_url(session, case):
    return reverse("casework_exam_attend", args=[session.pk, case.public_id])


def _assess_url(session, case):
    return reverse("casework_exam_assess", args=[session.pk, case.public_id])


def _result(case, outcome, notes=""):
    return {f"hasil-{case.pk}-outcome": outcome, f"hasil-{case.pk}-notes": notes}


def test_the_sessions_assessor_marks_examined_then_records_competent(
    client, in_session, lsp_assessor
):
    case, session = in_session
    client.force_login(lsp_assessor)
    page = client.get(reverse("casework_exam_session", args=[session.pk]))
    assert _attend_url(session, case) in page.content.decode()

    assert client.post(_attend_url(session, case)).status_code == 302
    case.refresh_from_db()
    assert case.step.kind == StepKind.ASSESSMENT

    response = client.post(
        _assess_url(session, case),
        _result(case, AssessmentOutcome.COMPETENT, "Seluruh unit kompeten."),
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.ACTIVE
    assert case.step.kind == StepKind.EXTERNAL_PRODUCT
    assert case.assessment.notes == "Seluruh unit kompeten."
    assert case.assessment.assessor == lsp_assessor
    run = StepRun.objects.get(case=case, step__kind=StepKind.ASSESSMENT)
    assert run.outcome == StepOutcome.PASSED


def test_not_yet_competent_closes_the_case(in_session, lsp_assessor):
    case, _session = in_session
    case = exam_attend(case=case, actor=lsp_assessor)
    case = exam_assess(
        case=case,
        actor=lsp_assessor,
        outcome=AssessmentOutcome.NOT_YET_COMPETENT,
        notes="Unit 3 belum kompeten.",
    )
    assert case.state == CaseState.NOT_PASSED
    assert case.closed_at is not None
    assert StepRun.objects.get(case=case, step__kind=StepKind.ASSESSMENT).outcome == (
        StepOutcome.NOT_PASSED
    )
    assert not StepRun.objects.filter(case=case, finished_at__isnull=True).exists()


def test_a_double_post_records_nothing_twice(client, in_session, lsp_assessor):
    case, session = in_session
    client.force_login(lsp_assessor)
    client.post(_attend_url(session, case))
    second = client.post(_attend_url(session, case), follow=True)
    assert "tidak tersedia" in second.content.decode()
    assert StepRun.objects.filter(case=case, step__kind=StepKind.EXAM).count() == 1

    client.post(_assess_url(session, case), _result(case, AssessmentOutcome.COMPETENT))
    client.post(_assess_url(session, case), _result(case, AssessmentOutcome.NOT_YET_COMPETENT))
    assert AssessmentResult.objects.filter(case=case).count() == 1
    case.refresh_from_db()
    assert case.assessment.outcome == AssessmentOutcome.COMPETENT
    assert case.state == CaseState.ACTIVE


def test_a_result_before_the_exam_is_refused(in_session, lsp_assessor):
    case, _session = in_session
    with pytest.raises(CaseError):
        exam_assess(case=case, actor=lsp_assessor, outcome=AssessmentOutcome.COMPETENT)
    assert not AssessmentResult.objects.exists()


def test_a_missing_outcome_shows_the_form_again(client, in_session, lsp_assessor):
    case, session = in_session
    exam_attend(case=case, actor=lsp_assessor)
    client.force_login(lsp_assessor)
    response = client.post(_assess_url(session, case), _result(case, "", "catatan tersimpan"))
    assert response.status_code == 400
    assert "catatan tersimpan" in response.content.decode()
    assert not AssessmentResult.objects.exists()


def test_an_assessor_not_in_the_session_may_not_act(
    client, in_session, second_assessor, make_user, bkpsdm
):
    case, session = in_session
    bkpsdm_assessor = make_user("asesor-bkpsdm", Role.ASSESSOR, provider=bkpsdm)
    for outsider_assessor in (second_assessor, bkpsdm_assessor):
        with pytest.raises(CaseForbidden):
            exam_attend(case=case, actor=outsider_assessor)
        client.force_login(outsider_assessor)
        assert client.post(_attend_url(session, case)).status_code == 404
    case.refresh_from_db()
    assert case.step.kind == StepKind.EXAM


@pytest.mark.parametrize("who", ["other_service_assessor", "perpusnas_assessor"])
def test_assessors_of_another_service_or_provider_get_404(
    client, request, in_session, make_user, who
):
    case, session = in_session
    if who == "perpusnas_assessor":
        user = make_user("asesor-perpusnas", Role.ASSESSOR)
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.post(_attend_url(session, case)).status_code == 404
    with pytest.raises(CaseForbidden):
        exam_attend(case=case, actor=user)


def test_operator_outsider_and_scheduler_may_not_record(
    client, in_session, operator, outsider, scheduler
):
    case, session = in_session
    for user in (operator, outsider, scheduler):
        client.force_login(user)
        assert client.post(_attend_url(session, case)).status_code == 403
    with pytest.raises(CaseForbidden):
        exam_attend(case=case, actor=scheduler)


def test_a_revoked_assessor_loses_the_session(client, in_session, lsp_assessor):
    _case, session = in_session
    lsp_assessor.staff_roles.all().delete()
    client.force_login(lsp_assessor)
    assert client.get(reverse("casework_exam_session", args=[session.pk])).status_code == 403
