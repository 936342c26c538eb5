"""The public complaint report's figures kept in the cache (complaints.report_views): the same
page as computed anew, each provider's own figures, and a complaint saved shows on the next
request, also when the page was read between the save and its commit."""

import re
from datetime import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaints.models import Complaint
from portal.models import Provider
from tests.complaints.test_report_views import (  # noqa: F401 -- fixtures
    PUBLIC_URL,
    WIB,
    complaint,
    librarian_service,
    may,
)

# Three complaints in May 2025 about the librarian exam (Perpusnas), one in June.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("may")]

LAN = "balai-pemetaan-kompetensi-lan"
PERPUSNAS = "pusat-pembinaan-pustakawan"


@pytest.fixture
def kept(settings):
    settings.PORTAL_PROVIDER_CACHE_SECONDS = 300
    cache.clear()


def total(client, **query) -> str:
    response = client.get(PUBLIC_URL, {"periode": "2025-05", **query})
    assert response.status_code == 200
    html = response.content.decode()
    return html.split('<dd data-figure="total">', 1)[1].split("<", 1)[0]


def without_tokens(html: str) -> str:
    """The page without its CSRF tokens (masked anew on every response)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        total(client)
    return len(captured)


def test_kept_figures_are_those_computed_anew(client, settings):
    query = {"periode": "2025-05"}

    def pages() -> list[str]:
        return [without_tokens(client.get(PUBLIC_URL, q).content.decode()) for q in (query, {})]

    uncached = pages()
    settings.PORTAL_PROVIDER_CACHE_SECONDS = 300
    cache.clear()
    for _ in range(2):  # kept, then read back
        assert pages() == uncached


def test_a_new_complaint_shows_on_the_next_request(client, kept):
    cold = queries(client)
    assert queries(client) < cold
    assert total(client) == "3"

    complaint(datetime(2025, 5, 22, 9, tzinfo=WIB))
    assert total(client) == "4"
    Complaint.objects.filter(received_at__month=5).last().delete()
    assert total(client) == "3"


def test_figures_read_before_the_commit_are_dropped_at_the_commit(
    client, kept, django_capture_on_commit_callbacks
):
    assert total(client) == "3"
    with django_capture_on_commit_callbacks(execute=True):
        added = complaint(datetime(2025, 5, 22, 9, tzinfo=WIB))
        # Another request still reads the rows of before the commit, and keeps them...
        Complaint.objects.filter(pk=added.pk).update(received_at=datetime(2024, 1, 1, tzinfo=WIB))
        assert total(client) == "3"
        Complaint.objects.filter(pk=added.pk).update(received_at=datetime(2025, 5, 22, tzinfo=WIB))
    assert total(client) == "4"  # ...then it commits


def test_one_providers_figures_never_show_on_anothers_report(client, kept):
    lan = Provider.objects.get(slug=LAN)
    complaint(datetime(2025, 5, 21, 9, tzinfo=WIB), provider=lan)
    for _ in range(2):  # kept, then read back
        assert total(client, penyelenggara=LAN) == "1"
        assert total(client, penyelenggara=PERPUSNAS) == "3"
        assert total(client) == "4"
