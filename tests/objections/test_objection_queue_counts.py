"""Issue 19: the objections' staff queue makes the same queries with three times as many
objections, on page 1 and on the last page of each tab (tests/queue_counts.py)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from objections import views
from objections.constants import ObjectionOutcome
from objections.models import Objection
from tests.factories import ApplicationFactory
from tests.query_plans import plan_without_seqscan_or_sort
from tests.queue_counts import PAGE, assert_constant_queries

pytestmark = pytest.mark.django_db


def answered(verifier) -> dict:
    return {
        "answered_by": verifier,
        "answered_at": timezone.now(),
        "outcome": ObjectionOutcome.REJECTED,
        "answer": "Ijazah yang diunggah bukan ijazah terakhir.",
    }


@pytest.mark.parametrize("state", ["open", "answered"])
def test_the_staff_queue(client, verifier, monkeypatch, state):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)

    def grow(count):
        for _ in range(count):
            application = ApplicationFactory(status="rejected")
            Objection.objects.create(
                application=application,
                kind="verification",
                decided_at=application.created_at,
                reason="Ijazah terakhir saya sudah diunggah pada halaman kedua berkas.",
                due_date=datetime.date(2026, 1, 5),
                state=state,
                **(answered(verifier) if state == "answered" else {}),
            )

    client.force_login(verifier)
    assert_constant_queries(
        client,
        reverse("objections_staff_queue"),
        grow,
        params={"status": state},
        page_of=lambda response: response.context["page"],
    )


def test_the_staff_queue_asks_the_same_whether_or_not_a_row_is_late(client, verifier, monkeypatch):
    # The bench's page 1 held objections not yet due and its last page late ones: 6 queries
    # against 7 (the calendar's closures were read only for a late row).
    from tests.queue_counts import DEEPEST, PAGE, page_queries

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    today = timezone.localdate()
    # Oldest first: two not yet due on page 1, then two late on page 2.
    for number, due in enumerate([today + datetime.timedelta(days=10)] * 2 + [today] * 2):
        application = ApplicationFactory(status="rejected")
        Objection.objects.create(
            application=application,
            kind="verification",
            decided_at=application.created_at,
            reason="Ijazah terakhir saya sudah diunggah pada halaman kedua berkas.",
            due_date=due - datetime.timedelta(days=20 if number >= 2 else 0),
        )
    client.force_login(verifier)
    url = reverse("objections_staff_queue")
    client.get(url)  # what fills once per process
    first, response = page_queries(client, url)
    assert "terlambat" not in response.content.decode()
    last, response = page_queries(client, url, {PAGE: DEEPEST})
    assert "terlambat" in response.content.decode()
    assert first == last


@pytest.mark.parametrize("state", ["open", "answered"])
def test_an_index_serves_the_queue_order(client, verifier, monkeypatch, state):
    """A tab's page of ids is read in the queue's order from an index (objection_queue_order):
    a deep page skips index entries instead of sorting every objection of the tab."""
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for _ in range(5):
        application = ApplicationFactory(status="rejected")
        Objection.objects.create(
            application=application,
            kind="verification",
            decided_at=application.created_at,
            reason="Ijazah terakhir saya sudah diunggah pada halaman kedua berkas.",
            due_date=datetime.date(2026, 1, 5),
            state=state,
            **(answered(verifier) if state == "answered" else {}),
        )
    client.force_login(verifier)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("objections_staff_queue"), {"status": state, PAGE: 3})
    assert response.context["page"].number == 3
    (ids,) = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith('SELECT "objections_objection"."id" AS "pk" FROM')
        and "OFFSET" in query["sql"]
    ]

    plan = plan_without_seqscan_or_sort(ids)

    assert "objection_queue_order" in plan and "Sort" not in plan, plan
