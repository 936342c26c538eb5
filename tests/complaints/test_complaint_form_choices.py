"""The public complaint form's services and providers kept in the cache
(complaints.public_forms, portal.providers.cached_choices): the same page as read anew, in both
languages and with a service or a provider chosen, and a renamed or switched-off service or a
renamed provider shows on the next request."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings):
    settings.PORTAL_PROVIDER_CACHE_SECONDS = 300
    cache.clear()


def form_html(client, **query) -> str:
    response = client.get(reverse("complaint_new"), query)
    assert response.status_code == 200
    # The CSRF tokens are masked anew on every response.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        form_html(client)
    return len(captured)


def test_kept_choices_are_those_read_anew(client, settings):
    service = Service.objects.filter(is_active=True).select_related("provider").first()
    queries_ = [{}, {"layanan": service.slug}, {"penyelenggara": service.provider.slug}]

    def pages() -> list[str]:
        html = []
        for language in ("id", "en"):
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            html += [form_html(client, **query) for query in queries_]
        return html

    uncached = pages()
    assert all(service.name in page for page in uncached)
    settings.PORTAL_PROVIDER_CACHE_SECONDS = 300
    cache.clear()
    for _ in range(2):  # kept, then read back
        assert pages() == uncached


def test_kept_choices_spare_their_queries(client, kept):
    # The services, the providers, the services' document requirements, the footer's directory.
    assert queries(client) == 4
    assert queries(client) == 0  # all kept


def test_a_changed_service_or_provider_shows_on_the_next_request(client, kept):
    service = Service.objects.filter(is_active=True).select_related("provider").first()
    provider = service.provider
    assert service.name in form_html(client)

    service.name = "Layanan yang baru saja dinamai"
    service.save()
    assert "Layanan yang baru saja dinamai" in form_html(client)

    service.is_active = False
    service.save()
    assert "Layanan yang baru saja dinamai" not in form_html(client)

    provider.name = "Penyelenggara yang baru saja dinamai"
    provider.save()
    assert form_html(client).count("Penyelenggara yang baru saja dinamai") >= 1
