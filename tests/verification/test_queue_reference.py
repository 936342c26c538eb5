"""The application's reference number in the verification queue: shown on each row, found by
the search as the candidate quotes it, at a query count that does not grow with the rows."""

import pytest
from django.utils import timezone

from registration.constants import ApplicationStatus
from tests.factories import ApplicationFactory
from tests.verification.test_queue import QUEUE, QUEUE_QUERY_BUDGET, listed

pytestmark = pytest.mark.django_db


@pytest.fixture
def verifier_client(client, verifier):
    client.force_login(verifier)
    return client


def test_each_row_shows_the_reference(verifier_client):
    application = ApplicationFactory(submitted=True)

    page = verifier_client.get(QUEUE).content.decode()

    assert application.reference.startswith(f"UKP-{timezone.localdate().year}-")
    assert application.reference in page


@pytest.mark.parametrize("typed", ["{ref}", "{ref_lower}", "+{ref}+"])
def test_search_finds_an_application_by_its_reference_in_any_case(verifier_client, typed):
    wanted = ApplicationFactory(submitted=True)
    ApplicationFactory(submitted=True)
    query = typed.format(ref=wanted.reference, ref_lower=wanted.reference.lower())

    assert listed(verifier_client, f"cari={query}") == [wanted]


def test_the_detail_page_heading_names_the_reference(verifier_client):
    application = ApplicationFactory(submitted=True)

    page = verifier_client.get(f"{QUEUE}{application.public_id}/").content.decode()

    assert application.reference in page


@pytest.mark.parametrize("rows", [3, 40])
def test_the_references_keep_the_query_count_constant(
    verifier_client, django_assert_max_num_queries, rows
):
    for number in range(rows):
        ApplicationFactory(
            submitted=True,
            status=ApplicationStatus.IN_REVIEW if number % 2 else ApplicationStatus.SUBMITTED,
        )

    with django_assert_max_num_queries(QUEUE_QUERY_BUDGET):
        page = verifier_client.get(QUEUE).content.decode()

    assert page.count(f"UKP-{timezone.localdate().year}-") == min(rows, 25)
