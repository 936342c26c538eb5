"""Issue 19: the workflow engine's staff pages make the same queries with three times as many
cases: the staff queue (page 1 and its last page), the product queue, the decisions page and an
exam session's participants (tests/queue_counts.py). The exam sessions' list has its own test
(test_exam_sessions.py)."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework import selectors
from casework.models import Case
from casework.services.engine import case_submit
from portal.constants import Role
from tests.casework import test_exam_sessions as exam_fixtures
from tests.queue_counts import assert_constant_queries

pytestmark = pytest.mark.django_db

NUMBERS = itertools.count(1)

# The exam tests' fixtures: a case moved to the exam step, the scheduler, the LSP's assessor.
at_exam = exam_fixtures.at_exam
make_session = exam_fixtures.make_session
scheduler = exam_fixtures.scheduler
lsp_assessor = exam_fixtures.lsp_assessor


def _nip() -> str:
    return f"198609262015052{next(NUMBERS):03d}"


@pytest.fixture
def submit(make_case, operator):
    """Submitted cases (at the completeness check), moved to the step of `kind` if given."""

    def grow(count, kind=None):
        for _ in range(count):
            number = next(NUMBERS)
            case = case_submit(
                case=make_case(nip=f"198609262015052{number:03d}", name=f"Pegawai {number:03d}"),
                actor=operator,
            )
            if kind is not None:
                Case.objects.filter(pk=case.pk).update(step=case.service.steps.get(kind=kind))

    return grow


def test_the_staff_queue(client, submit, bkpsdm_staff, monkeypatch):
    monkeypatch.setattr(selectors, "QUEUE_PER_PAGE", 2)
    client.force_login(bkpsdm_staff[Role.VERIFIER])
    assert_constant_queries(
        client,
        reverse("casework_staff_queue"),
        submit,
        page_of=lambda response: response.context["page"],
    )


@pytest.mark.parametrize("kind", ["external_product", "handover"])
def test_the_product_queue(client, submit, bkpsdm_staff, kind):
    client.force_login(bkpsdm_staff[Role.CERTIFICATE_OFFICER])
    assert_constant_queries(
        client,
        reverse("casework_product_queue"),
        lambda count: submit(count, kind),
        paged=False,
        shown=lambda response: len(response.context["cases"]),
    )


def test_the_decisions_page(client, submit, bkpsdm_staff):
    client.force_login(bkpsdm_staff[Role.SIGNING_OFFICIAL])
    assert_constant_queries(
        client,
        reverse("casework_decisions"),
        lambda count: submit(count, "decision"),
        paged=False,
        shown=lambda response: len(response.context["form"].fields["cases"].choices),
    )


def test_an_exam_sessions_participants(client, at_exam, make_session, scheduler, lsp_assessor):
    queries = []
    for participants in (3, 9):
        session = make_session(*[at_exam(nip=_nip()) for _ in range(participants)])
        for reader in (scheduler, lsp_assessor):
            client.force_login(reader)
            url = reverse("casework_exam_session", args=[session.pk])
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert len(response.context["rows"]) == participants
            queries.append(len(captured.captured_queries))
    assert queries[:2] == queries[2:], queries


def test_an_exam_session_page_with_cases_waiting_to_join(client, at_exam, make_session, scheduler):
    """The scheduler's form lists the decided cases waiting for a session."""
    session = make_session(at_exam(nip=_nip()))

    def grow(count):
        for _ in range(count):
            at_exam(nip=_nip())

    client.force_login(scheduler)
    assert_constant_queries(
        client,
        reverse("casework_exam_session", args=[session.pk]),
        grow,
        paged=False,
        # As rendered (the form's queryset would be read again, after the rows were added).
        shown=lambda response: response.content.decode().count('name="cases"'),
    )
