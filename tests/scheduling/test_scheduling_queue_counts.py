"""Issue 19: the committee's session list, a session's seat list, the assessors' session list and
a session's result roster make the same queries with three times as many rows (and, for the paged
session lists, on their last page too; tests/queue_counts.py)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from scheduling import result_views, staff_forms, staff_views
from scheduling.constants import Attendance
from scheduling.services import seat_take
from tests.factories import ApplicationFactory
from tests.queue_counts import assert_constant_queries
from tests.scheduling.test_results import mark, panel_session, seat_candidates, start

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("params", [{}, {"status": "open"}])
def test_the_committees_session_list(client, scheduler, make_session, monkeypatch, params):
    monkeypatch.setattr(staff_views, "PAGE_SIZE", 2)
    made = []

    def grow(count):
        for _ in range(count):
            made.append(make_session(starts_at=timezone.now() + timedelta(days=len(made) + 10)))

    client.force_login(scheduler)
    assert_constant_queries(
        client,
        reverse("scheduling_sessions"),
        grow,
        params=params,
        page_of=lambda response: response.context["page"],
    )


def test_a_sessions_seat_list(client, scheduler, make_session):
    session = make_session(capacity=40)

    def grow(count):
        seat_candidates(session, count, scheduler)

    client.force_login(scheduler)
    assert_constant_queries(
        client,
        reverse("scheduling_session", args=[session.pk]),
        grow,
        paged=False,
        shown=lambda response: len(response.context["seats"]),
    )


def test_a_started_sessions_seat_list_with_attendance(client, scheduler, make_session, assessor):
    """After the start the list also shows the absent (inactive) seats and attendance forms."""
    queries = []
    for seats in (3, 9):
        session = make_session(capacity=40)
        seated = seat_candidates(session, seats, scheduler)
        start(session)
        mark(seated[:1], Attendance.ABSENT, scheduler)
        client.force_login(scheduler)
        url = reverse("scheduling_session", args=[session.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert len(response.context["seats"]) == seats
        queries.append(len(captured.captured_queries))
    assert queries[0] == queries[1], queries


def test_the_assessors_session_list(
    client, make_session, scheduler, assessor, head_assessor, monkeypatch
):
    """Paged like the committee's (25 sessions a page): an assessor of many years' sessions
    made the page render every one of them."""
    monkeypatch.setattr(result_views, "SESSIONS_PER_PAGE", 2)

    def grow(count):
        for _ in range(count):
            panel_session(make_session, scheduler, head=head_assessor, assessors=[assessor])

    client.force_login(assessor)
    counts = assert_constant_queries(
        client,
        reverse("results_sessions"),
        grow,
        page_of=lambda response: response.context["page"],
    )
    assert counts["page 1 (many)"] == counts["last page (many)"], counts


def test_a_sessions_result_roster(client, make_session, scheduler, assessor, head_assessor):
    queries = []
    for seats in (3, 9):
        session, seated = panel_session(
            make_session, scheduler, head=head_assessor, assessors=[assessor], seats=seats
        )
        mark(seated, Attendance.PRESENT, assessor)
        client.force_login(assessor)
        url = reverse("results_session", args=[session.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert len(response.context["rows"]) == seats
        queries.append(len(captured.captured_queries))
    assert queries[0] == queries[1], queries


def _waiting_options(response) -> int:
    """The options of the page's "assign a seat" list, as rendered."""
    page = response.content.decode()
    (select,) = re.findall(r'<select name="application".*?</select>', page, re.S)
    return select.count('<option value="') - 1  # the empty choice


def test_the_seat_assign_form_lists_waiting_candidates_in_constant_queries(
    client, scheduler, make_session
):
    """The session page's "assign a seat" list of verified applications without one."""
    session = make_session(capacity=40)
    seat_take(
        session=session,
        application=ApplicationFactory(status="verified"),
        actor=scheduler,
    )

    def grow(count):
        for _ in range(count):
            ApplicationFactory(status="verified")

    client.force_login(scheduler)
    assert_constant_queries(
        client,
        reverse("scheduling_session", args=[session.pk]),
        grow,
        paged=False,
        shown=_waiting_options,
    )


def test_the_seat_pickers_pages_make_the_same_queries_with_more_waiting(
    client, scheduler, make_session, monkeypatch
):
    """The picker lists a page of the waiting candidates: page 1 and its last page make the
    same queries with 3 and 9 waiting, and the last page is deeper with more."""
    monkeypatch.setattr(staff_forms, "PICKER_PAGE_SIZE", 2)
    session = make_session(capacity=40)
    url = reverse("scheduling_session", args=[session.pk])
    client.force_login(scheduler)
    counts = {}
    for label, count in (("few", 3), ("many", 6)):
        for _ in range(count):
            ApplicationFactory(status="verified")
        client.get(url)
        for page in ("1", "99"):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url, {"hal_peserta": page})
            counts[label, page] = (
                len(captured.captured_queries),
                response.context["picker"].number,
            )
    assert counts["few", "1"][0] == counts["many", "1"][0]
    assert counts["few", "99"][0] == counts["many", "99"][0]
    assert counts["many", "99"][1] > counts["few", "99"][1] > 1


def test_the_committees_session_list_with_past_sessions(
    client, scheduler, make_session, monkeypatch
):
    """Coming and past sessions both grow: page 1 holds coming ones and the last page past
    ones, each read in its own order (scheduling.rosters.session_list_parts)."""
    monkeypatch.setattr(staff_views, "PAGE_SIZE", 2)
    made = []

    def grow(count):
        for _ in range(count):
            days = len(made) + 10
            made.append(make_session(starts_at=timezone.now() + timedelta(days=days)))
            made.append(make_session(starts_at=timezone.now() - timedelta(days=days)))

    client.force_login(scheduler)
    assert_constant_queries(
        client,
        reverse("scheduling_sessions"),
        grow,
        page_of=lambda response: response.context["page"],
    )
