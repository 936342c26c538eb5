"""Exam sessions (seed 002 step 5): the service's scheduler forms a session with the LSP's
assessors and puts decided cases into it; an assessor sees only the sessions they are assigned
to, an external assessor of another service nothing; the list stays at a fixed query count.

The fixtures here (a case moved to the exam step with the engine, the LSP's assessors) serve
the other exam, product, handover and payment tests too."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.constants import CaseState
from casework.exceptions import CaseError, CaseForbidden
from casework.models import DecisionLetter, ExamSession
from casework.selectors import exam_sessions_for
from casework.services.engine import case_step_complete, case_submit
from casework.services.exams import exam_session_cases_add, exam_session_create
from casework.workflow import Action
from portal.constants import Role, StepKind
from portal.models import Event, StaffRole
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

SESSIONS = "casework_exam_sessions"


@pytest.fixture
def scheduler(make_user, bkpsdm):
    return make_user("panitia-bkpsdm", Role.SCHEDULER, provider=bkpsdm)


@pytest.fixture
def lsp_assessor(make_user, bkpsdm, certification):
    """An LSP's assessor: external staff holding the role for seed 002's service only."""
    user = make_user("asesor-lsp", first_name="Budi Asesor")
    StaffRole.objects.create(user=user, provider=bkpsdm, role=Role.ASSESSOR, service=certification)
    return user


@pytest.fixture
def second_assessor(make_user, bkpsdm, certification):
    user = make_user("asesor-lsp-2", first_name="Citra Asesor")
    StaffRole.objects.create(user=user, provider=bkpsdm, role=Role.ASSESSOR, service=certification)
    return user


@pytest.fixture
def other_service_assessor(make_user, bkpsdm):
    """An external assessor of another service of the same provider."""
    other = ServiceFactory(name="Layanan Lain BKPSDM", slug="layanan-lain-bkpsdm", provider=bkpsdm)
    user = make_user("asesor-lain")
    StaffRole.objects.create(user=user, provider=bkpsdm, role=Role.ASSESSOR, service=other)
    return user


@pytest.fixture
def at_exam(make_case, operator, bkpsdm_staff):
    """A case moved by the engine to the exam step: submitted, accepted twice by a verifier,
    decided by the signing official, listed in a decision letter."""
    verifier = bkpsdm_staff[Role.VERIFIER]
    official = bkpsdm_staff[Role.SIGNING_OFFICIAL]

    def make(nip="198609262015052001", **fields):
        case = case_submit(case=make_case(nip=nip, **fields), actor=operator)
        case = case_step_complete(case=case, actor=verifier, action=Action.ACCEPT)
        case = case_step_complete(case=case, actor=verifier, action=Action.ACCEPT)
        letter = DecisionLetter.objects.create(
            service=case.service,
            number="800/12/BKPSDM/2026",
            decided_on=datetime.date(2026, 12, 1),
            created_by=official,
            signed_by=official,
            signed_at=timezone.now(),
        )
        type(case).objects.filter(pk=case.pk).update(decision=letter)
        case = case_step_complete(case=case, actor=official, action=Action.DECIDE)
        case.refresh_from_db()
        assert case.step.kind == StepKind.EXAM
        return case

    return make


@pytest.fixture
def make_session(certification, scheduler, lsp_assessor):
    def make(*cases, assessors=None, **fields):
        values = {
            "organiser": "LSP Pranata Komputer Indonesia",
            "scheme": "Pranata Komputer Ahli Pertama",
            "starts_at": timezone.now() + datetime.timedelta(days=7),
            "place": "TUK BKPSDM, Jl. Merdeka 1",
            **fields,
        }
        return exam_session_create(
            service=certification,
            actor=scheduler,
            assessors=assessors if assessors is not None else [lsp_assessor],
            cases=cases,
            **values,
        )

    return make


def test_the_scheduler_forms_a_session_from_the_page(
    client, scheduler, lsp_assessor, at_exam, certification
):
    case = at_exam()
    client.force_login(scheduler)
    page = client.get(reverse(SESSIONS))
    assert page.status_code == 200
    assert case.name in page.content.decode()

    response = client.post(
        reverse(SESSIONS),
        {
            "service": certification.pk,
            "organiser": "LSP Pranata Komputer Indonesia",
            "scheme": "Pranata Komputer Ahli Pertama",
            "day": "2026-12-20",
            "time": "08:30",
            "place": "TUK BKPSDM",
            "assessors": [lsp_assessor.pk],
            "cases": [case.pk],
        },
    )
    session = ExamSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("casework_exam_session", args=[session.pk])
    assert list(session.assessors.all()) == [lsp_assessor]
    assert timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M") == "2026-12-20 08:30"
    case.refresh_from_db()
    assert case.exam_session == session


def test_an_incomplete_form_keeps_what_was_typed(client, scheduler, lsp_assessor, certification):
    client.force_login(scheduler)
    response = client.post(
        reverse(SESSIONS),
        {"service": certification.pk, "organiser": "LSP Nusantara", "assessors": []},
    )
    assert response.status_code == 200
    assert "LSP Nusantara" in response.content.decode()
    assert not ExamSession.objects.exists()


def test_an_assessor_of_another_service_cannot_be_assigned(
    scheduler, other_service_assessor, make_session
):
    with pytest.raises(CaseError, match="bukan asesor layanan ini"):
        make_session(assessors=[other_service_assessor])
    assert not ExamSession.objects.exists()


def test_only_the_services_scheduler_forms_sessions(make_session, certification, make_user):
    perpusnas_scheduler = make_user("panitia-perpusnas", Role.SCHEDULER)
    with pytest.raises(CaseForbidden):
        exam_session_create(
            service=certification,
            actor=perpusnas_scheduler,
            organiser="LSP",
            scheme="Skema",
            starts_at=timezone.now(),
            place="TUK",
            assessors=[],
        )


def test_a_case_without_a_decision_letter_cannot_join(
    make_session, make_case, operator, bkpsdm_staff, scheduler
):
    verifier = bkpsdm_staff[Role.VERIFIER]
    case = case_submit(case=make_case(), actor=operator)
    case = case_step_complete(case=case, actor=verifier, action=Action.ACCEPT)
    session = make_session()
    with pytest.raises(CaseError, match="tidak sedang menunggu"):
        exam_session_cases_add(session=session, cases=[case], actor=scheduler)
    case = case_step_complete(case=case, actor=verifier, action=Action.ACCEPT)
    case = case_step_complete(
        case=case, actor=bkpsdm_staff[Role.SIGNING_OFFICIAL], action=Action.DECIDE
    )
    with pytest.raises(CaseError, match="belum ditetapkan"):
        exam_session_cases_add(session=session, cases=[case], actor=scheduler)


def test_a_failed_participant_leaves_no_session_behind(make_session, make_case, at_exam):
    ready = at_exam()
    draft = make_case(nip="199001012020011001")
    with pytest.raises(CaseError):
        make_session(ready, draft)
    assert not ExamSession.objects.exists()
    ready.refresh_from_db()
    assert ready.exam_session is None


def test_adding_the_same_case_twice_changes_nothing(make_session, at_exam, scheduler):
    case = at_exam()
    session = make_session(case)
    assert exam_session_cases_add(session=session, cases=[case], actor=scheduler) == []
    assert Event.objects.filter(object_id=case.pk, kind="exam_scheduled").count() == 1


def test_an_assessor_sees_only_the_sessions_assigned_to_them(
    client, make_session, lsp_assessor, second_assessor
):
    mine = make_session(assessors=[lsp_assessor])
    theirs = make_session(assessors=[second_assessor], scheme="Arsiparis Ahli Pertama")
    client.force_login(lsp_assessor)
    listing = client.get(reverse(SESSIONS))
    assert listing.status_code == 200
    assert list(listing.context["sessions"]) == [mine]
    assert client.get(reverse("casework_exam_session", args=[mine.pk])).status_code == 200
    assert client.get(reverse("casework_exam_session", args=[theirs.pk])).status_code == 404


@pytest.mark.parametrize(
    "who", ["other_service_assessor", "perpusnas_assessor", "perpusnas_scheduler"]
)
def test_strangers_see_no_session(client, request, make_session, make_user, who):
    session = make_session()
    users = {
        "perpusnas_assessor": lambda: make_user("asesor-perpusnas", Role.ASSESSOR),
        "perpusnas_scheduler": lambda: make_user("panitia-perpusnas", Role.SCHEDULER),
    }
    user = users[who]() if who in users else request.getfixturevalue(who)
    client.force_login(user)
    listing = client.get(reverse(SESSIONS))
    assert listing.status_code == 200
    assert list(listing.context["sessions"]) == []
    assert listing.context["form"] is None
    assert client.get(reverse("casework_exam_session", args=[session.pk])).status_code == 404


def test_operator_and_outsider_get_no_exam_page(client, make_session, operator, outsider):
    session = make_session()
    for user in (operator, outsider):
        client.force_login(user)
        assert client.get(reverse(SESSIONS)).status_code == 403
        assert client.get(reverse("casework_exam_session", args=[session.pk])).status_code == 403


def test_the_scheduler_adds_participants_later(client, make_session, at_exam, scheduler):
    session = make_session()
    case = at_exam()
    client.force_login(scheduler)
    page = client.get(reverse("casework_exam_session", args=[session.pk]))
    assert page.context["cases_form"] is not None
    response = client.post(
        reverse("casework_exam_session_cases_add", args=[session.pk]), {"cases": [case.pk]}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.exam_session == session
    assert case.state == CaseState.ACTIVE


def test_the_session_list_costs_the_same_for_many_sessions(
    client,
    make_session,
    at_exam,
    scheduler,
    lsp_assessor,
    second_assessor,
    django_assert_max_num_queries,
):
    make_session(at_exam())
    client.force_login(scheduler)
    client.get(reverse(SESSIONS))  # warm the per-request caches the same way each time
    with django_assert_max_num_queries(30) as few:
        client.get(reverse(SESSIONS))
    for index in range(6):
        make_session(
            at_exam(nip=f"19900101202001100{index}"),
            assessors=[lsp_assessor, second_assessor],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse(SESSIONS))
    assert len(response.context["sessions"]) == 7


def test_sessions_for_reads_both_roles(make_session, lsp_assessor, scheduler):
    session = make_session()
    assert list(exam_sessions_for(user=scheduler)) == [session]
    assert list(exam_sessions_for(user=lsp_assessor)) == [session]


def test_a_session_needs_its_lsp_scheme_and_place(make_session):
    with pytest.raises(CaseError, match="Lengkapi"):
        make_session(place="  ")
    assert not ExamSession.objects.exists()
