"""Issue 19: the verifier's queue and the claims list make the same queries with three times as
many rows, on page 1 and on the last page (tests/queue_counts.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from registration.constants import ApplicationStatus
from tests.factories import AccountClaimFactory, ApplicationFactory, LibrarianFactory
from tests.queue_counts import assert_constant_queries
from verification import account_claim_views
from verification import views as queue_views

pytestmark = pytest.mark.django_db


def _page(response):
    return response.context["page"]


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(queue_views, "PAGE_SIZE", 2)
    monkeypatch.setattr(account_claim_views, "PAGE_SIZE", 2)


@pytest.mark.parametrize(
    "params",
    [
        {},  # waiting for the panel (the default tab)
        {"status": "semua"},
        {"status": "periksa", "saya": "1"},
        {"status": "semua", "terlambat": "1"},
    ],
)
def test_the_verifier_queue(client, verifier, small_pages, params):
    made = []

    def grow(count):
        for _ in range(count):
            status = ApplicationStatus.IN_REVIEW if len(made) % 2 else ApplicationStatus.SUBMITTED
            made.append(
                ApplicationFactory(
                    status=status,
                    verifier=verifier,
                    submitted_at=timezone.now(),
                    # Past due: shown under "terlambat" too.
                    due_date=timezone.localdate() - timedelta(days=len(made) % 5 + 10),
                )
            )

    client.force_login(verifier)
    # "saya" and "terlambat" narrow to half or all of the rows: more rows, still several pages.
    rows = 6 if params.get("saya") else 3
    assert_constant_queries(
        client, reverse("verification_queue"), grow, rows=rows, params=params, page_of=_page
    )


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_the_claims_list(client, verifier, small_pages, status):
    made = []

    def grow(count):
        for _ in range(count):
            number = len(made)
            nip = f"19860926201505{2 if number % 2 else 1}{number % 999 + 1:03d}"
            made.append(
                AccountClaimFactory(
                    librarian=LibrarianFactory(nip=nip, name=f"Pustakawan {number}"),
                    status=status,
                )
            )

    client.force_login(verifier)
    assert_constant_queries(
        client,
        reverse("verification_account_claims"),
        grow,
        params={"status": status},
        page_of=_page,
    )
