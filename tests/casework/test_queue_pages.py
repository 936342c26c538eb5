"""The engine's staff queue pages through its cases (50 a page, the longest waiting first),
keeping the same queries on every page and the whole count in its heading."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.selectors import QUEUE_PER_PAGE
from casework.services.engine import case_submit
from portal.constants import Role

pytestmark = pytest.mark.django_db


def test_the_queue_pages_through_the_waiting_cases(client, make_case, operator, bkpsdm_staff):
    cases = [
        case_submit(
            case=make_case(nip=f"198609262015052{n:03d}", name=f"Pegawai {n:03d}"), actor=operator
        )
        for n in range(QUEUE_PER_PAGE + 1)
    ]
    client.force_login(bkpsdm_staff[Role.VERIFIER])
    url = reverse("casework_staff_queue")

    with CaptureQueriesContext(connection) as first_queries:
        first = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as second_queries:
        second = client.get(url, {"halaman": 2}).content.decode()

    assert f"{QUEUE_PER_PAGE + 1} permohonan" in first
    assert "Halaman 1 dari 2" in first and "Halaman 2 dari 2" in second
    shown_first = [case for case in cases if case.name in first]
    shown_second = [case for case in cases if case.name in second]
    assert len(shown_first) == QUEUE_PER_PAGE
    assert shown_second == [cases[-1]]  # the most recently submitted comes last
    assert len(first_queries.captured_queries) == len(second_queries.captured_queries)
