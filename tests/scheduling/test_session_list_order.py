"""The committee's session list order (scheduling.rosters.session_list_parts, issue 19): the
coming sessions soonest first, then the past ones latest first, ties by creation; read in two
parts, each in an order an index serves, and the same across a page holding both."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from scheduling import staff_views
from scheduling.rosters import session_list, session_list_parts
from tests.databases import postgres_only
from tests.query_plans import plan_without_seqscan_or_sort
from tests.queue_counts import PAGE, page_queries

pytestmark = pytest.mark.django_db

SESSIONS = reverse("scheduling_sessions")


@pytest.fixture
def sessions(make_session):
    """Three coming sessions (one under way: it ends later) and three past ones, two of them at
    the same time, made in an order unlike the list's; in the list's order."""
    now = timezone.now()

    def at(hours: float):
        return make_session(starts_at=now + timedelta(hours=hours))

    later, past_tie_a, running, oldest, soon, past_tie_b = (
        at(24 * 5),
        at(-24 * 3),
        at(-1),
        at(-24 * 10),
        at(24),
        at(-24 * 3),
    )
    return [running, soon, later, past_tie_a, past_tie_b, oldest]


def _listed(client, params=None):
    response = client.get(SESSIONS, params or {})
    assert response.status_code == 200
    return response.context["page"]


def test_the_list_shows_coming_sessions_soonest_first_then_past_ones_latest_first(
    client, scheduler, sessions
):
    client.force_login(scheduler)
    assert list(_listed(client).object_list) == sessions


@pytest.mark.parametrize("in_one_query", [True, False], ids=["union", "per-part"])
def test_pages_follow_the_same_order_across_the_coming_and_the_past(
    client, scheduler, sessions, monkeypatch, in_one_query
):
    """Pages of two: the second holds the last coming session and the first past one. The
    same whether the page's ids come in one UNION ALL or, where the database refuses a LIMIT
    inside one (SQLite, `make run`), a query per part."""
    if in_one_query and not connection.features.supports_slicing_ordering_in_compound:
        pytest.skip("this database refuses a LIMIT inside a UNION")
    monkeypatch.setattr(connection.features, "supports_slicing_ordering_in_compound", in_one_query)
    monkeypatch.setattr(staff_views, "PAGE_SIZE", 2)
    client.force_login(scheduler)
    pages = [list(_listed(client, {PAGE: str(number)}).object_list) for number in (1, 2, 3)]
    assert pages == [sessions[:2], sessions[2:4], sessions[4:]]
    assert _listed(client, {PAGE: "3"}).paginator.count == 6


@postgres_only(
    "the page's ids come in one UNION ALL; SQLite refuses a LIMIT inside one and asks per part"
)
def test_a_page_across_both_parts_costs_the_queries_of_any_other(
    client, scheduler, sessions, monkeypatch
):
    monkeypatch.setattr(staff_views, "PAGE_SIZE", 2)
    client.force_login(scheduler)
    client.get(SESSIONS)  # what fills once per process
    counts = [page_queries(client, SESSIONS, {PAGE: str(number)})[0] for number in (1, 2, 3)]
    assert counts[0] == counts[1] == counts[2], counts


def test_filters_apply_to_both_parts(client, scheduler, sessions):
    """A date filter keeps the coming and the past sessions from that day on, in the order."""
    client.force_login(scheduler)
    since = timezone.localdate(sessions[3].starts_at).isoformat()
    assert list(_listed(client, {"dari": since}).object_list) == sessions[:5]


def test_an_index_serves_the_past_sessions_order(scheduler, sessions):
    """The past sessions, the bulk of the list, are read latest first from an index alone: a
    deep page skips index entries instead of sorting every session (the order switching on the
    time, as one expression, was served by no index)."""
    where, order = session_list_parts()[1]
    ids = session_list(user=scheduler).filter(where).order_by(*order).values_list("pk")[1:3]

    plan = plan_without_seqscan_or_sort(ids)

    assert "exam_session_latest_first" in plan and "Sort" not in plan, plan
