"""Issue 19: the Panitia's queue of institutions' engagements makes the same queries with three
times as many engagements, on page 1 and on the last page (tests/queue_counts.py)."""

import pytest

from assessments.selectors import queue
from portal.constants import Role
from tests.assessments.test_settlement_queue import QUEUE, fill
from tests.queue_counts import assert_constant_queries

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
