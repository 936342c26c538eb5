"""The overload page (portal.middleware.LoadSheddingMiddleware) must not touch the database:
when requests pile up, the database is often what is slow, and a shed request that waits for it
holds a thread the portal is trying to free."""

import pytest
from django.test import RequestFactory

from portal.middleware import LoadSheddingMiddleware

pytestmark = pytest.mark.django_db


def test_the_busy_page_runs_no_query(settings, django_assert_num_queries):
    settings.PORTAL_MAX_CONCURRENT_REQUESTS = 1
    middleware = LoadSheddingMiddleware(lambda request: None)
    request = RequestFactory().get("/")

    with django_assert_num_queries(0):
        response = middleware.busy_response(request)

    page = response.content.decode()
    assert response.status_code == 429
    assert "Portal sedang sibuk" in page
    assert "Daftar layanan dan standar pelayanannya" in page  # a link instead of the directory
