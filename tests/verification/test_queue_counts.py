"""The staff home shows a verifier how much is waiting, what is theirs and what is late, each
number linking to the queue filtered to exactly those applications."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.constants import Role
from registration.constants import ApplicationStatus
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def queued(status, *, verifier=None, due_in_days: int | None = 5):
    due = timezone.localdate() + timedelta(days=due_in_days) if due_in_days is not None else None
    return ApplicationFactory(
        status=status, verifier=verifier, submitted_at=timezone.now(), due_date=due
    )


@pytest.fixture
def workload(verifier, make_user):
    colleague = make_user("verifikator2", Role.VERIFIER)
    queued(ApplicationStatus.SUBMITTED)  # waiting
    queued(ApplicationStatus.SUBMITTED, due_in_days=-3)  # waiting and overdue
    queued(ApplicationStatus.IN_REVIEW, verifier=verifier)  # mine
    queued(ApplicationStatus.SUBMITTED, verifier=verifier)  # mine: resubmitted after a return
    queued(ApplicationStatus.IN_REVIEW, verifier=colleague, due_in_days=-1)  # overdue
    queued(ApplicationStatus.RETURNED, verifier=verifier, due_in_days=None)  # the candidate's turn
    queued(ApplicationStatus.VERIFIED, verifier=verifier, due_in_days=None)  # done
    return colleague


def test_staff_home_counts_waiting_mine_and_overdue(client, verifier, workload):
    client.force_login(verifier)

    response = client.get("/staf/")

    assert response.context["verification"] == {
        "waiting": 2,
        "mine": 2,
        "overdue": 2,
        "account_claims": 0,
    }


@pytest.mark.parametrize(
    ("link", "count"),
    [
        ("?status=submitted&belum_diambil=1", "waiting"),
        ("?status=periksa&saya=1", "mine"),
        ("?status=periksa&terlambat=1", "overdue"),
    ],
)
def test_each_count_links_to_the_queue_showing_those_applications(
    client, verifier, workload, link, count
):
    client.force_login(verifier)
    home = client.get("/staf/")
    assert f'href="/verifikasi/{link.replace("&", "&amp;")}"' in home.content.decode()

    queue = client.get(f"/verifikasi/{link}")

    assert queue.context["page"].paginator.count == home.context["verification"][count]


def test_staff_without_the_verifier_role_sees_no_verification_counts(client, make_user):
    client.force_login(make_user("penjadwal", Role.SCHEDULER))

    response = client.get("/staf/")

    assert response.status_code == 200
    assert "verification" not in response.context
    assert "/verifikasi/" not in response.content.decode()


def test_the_three_counts_are_read_in_one_query(client, verifier, workload):
    client.force_login(verifier)

    with CaptureQueriesContext(connection) as queries:
        client.get("/staf/")

    # Read from the applications table once (other cards, e.g. objections, may join it).
    assert sum('FROM "registration_application"' in q["sql"] for q in queries.captured_queries) == 1
