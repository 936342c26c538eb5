"""Issue 19: the Panitia's queue of institutions' engagements makes the same queries with three
times as many engagements, on page 1 and on the last page (tests/queue_counts.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.constants import EngagementState
from assessments.selectors import queue
from portal.constants import Role
from tests.assessments.test_settlement_queue import QUEUE, fill
from tests.query_plans import plan_without_seqscan_or_sort
from tests.queue_counts import PAGE, assert_constant_queries, page_queries

pytestmark = pytest.mark.django_db


def test_the_staff_queue(client, make_engagement, make_institution, lan_staff, monkeypatch):
    monkeypatch.setattr(queue, "PER_PAGE", 2)
    made = []

    def grow(count):
        batch = len(made)

        # fill() numbers its institutions and operators from 0 each time: keep them apart.
        def institution(*, name, operator):
            return make_institution(name=f"{name}-{batch}", operator=f"{operator}-{batch}")

        made.extend(fill(make_engagement, institution, lan_staff[Role.TREASURER], count))

    client.force_login(lan_staff[Role.SCHEDULER])
    assert_constant_queries(
        client, QUEUE, grow, rows=4, page_of=lambda response: response.context["page"]
    )


def test_a_page_of_fresh_requests_costs_the_queries_of_a_page_in_progress(
    client, make_engagement, make_institution, lan_staff, monkeypatch
):
    """A page's queries do not depend on what its engagements wait on: the page of invoices and
    reports due (proofs, the closures for the working days) and the page of requests and SPKs
    alone make the same ones, so a deep page of fresh requests costs what page 1 costs."""
    monkeypatch.setattr(queue, "PER_PAGE", 2)
    fill(make_engagement, make_institution, lan_staff[Role.TREASURER], 4)
    client.force_login(lan_staff[Role.SCHEDULER])
    client.get(QUEUE)  # what fills once per process
    counts, states = [], []
    for number in ("1", "2"):
        queries, response = page_queries(client, QUEUE, {PAGE: number})
        counts.append(queries)
        states.append({row.engagement.state for row in response.context["rows"]})
    assert states == [
        {EngagementState.REPORTING, EngagementState.PREPARATION},
        {EngagementState.AGREEMENT, EngagementState.REQUESTED},
    ]
    assert counts[0] == counts[1], counts


def test_an_index_serves_the_queue_order(make_engagement, make_institution, lan_staff, monkeypatch):
    """A page's ids are read in the queue's order from an index alone (engagement_queue_order):
    a deep page skips index entries instead of sorting every open engagement."""
    monkeypatch.setattr(queue, "PER_PAGE", 2)
    fill(make_engagement, make_institution, lan_staff[Role.TREASURER], 6)
    with CaptureQueriesContext(connection) as captured:
        queue.staff_queue(lan_staff[Role.SCHEDULER], page_number=3)
    (ids,) = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith('SELECT "assessments_engagement"."id" AS "pk" FROM')
        and "OFFSET" in query["sql"]
    ]

    plan = plan_without_seqscan_or_sort(ids)

    assert "engagement_queue_order" in plan and "Sort" not in plan, plan
