"""A service's standard page kept as HTML (composition.standard_views.service_standard): the
same bytes as rendered without the cache, each service's and visitor's own, and a change shows
on the next request, also when a page was read between the change and its commit."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import Closure, Requirement, Service
from tests.factories import SERVICE_SLUG
from tests.portal.test_providers import ADDRESSES, SEEDS, footer

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings):
    settings.PORTAL_PROVIDER_CACHE_SECONDS = 300
    settings.PORTAL_STANDARD_MEASURED_SECONDS = 300
    cache.clear()


def html_of(client, slug: str) -> str:
    response = client.get(reverse("service_standard", args=[slug]))
    assert response.status_code == 200
    return response.content.decode()


def without_tokens(html: str) -> str:
    """The page without its CSRF tokens (masked anew on every response)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def queries(client, slug: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        html_of(client, slug)
    return len(captured)


def test_a_kept_page_is_the_one_rendered_without_the_cache(client, settings, make_user):
    member = make_user("anggota")

    def every_page() -> list[str]:
        pages = []
        for language in ("id", "en"):
            client.cookies["django_language"] = language
            for slug in SEEDS:
                client.logout()
                pages.append(without_tokens(html_of(client, slug)))
                client.force_login(member)
                pages.append(without_tokens(html_of(client, slug)))
        return pages

    uncached = every_page()
    settings.PORTAL_PROVIDER_CACHE_SECONDS = 300
    cache.clear()
    assert every_page() == uncached  # kept
    assert every_page() == uncached  # read back


def test_a_kept_page_costs_no_query_and_a_change_shows_on_the_next_request(client, kept):
    cold = queries(client, SERVICE_SLUG)
    assert queries(client, SERVICE_SLUG) == 0 < cold

    service = Service.objects.get(slug=SERVICE_SLUG)
    service.name = "Uji Kompetensi <Baru>"
    service.save()
    assert "Uji Kompetensi &lt;Baru&gt;" in html_of(client, SERVICE_SLUG)

    requirement = Requirement.objects.filter(service=service).first()
    requirement.name = "Persyaratan yang diubah"
    requirement.save()
    assert "Persyaratan yang diubah" in html_of(client, SERVICE_SLUG)

    provider = service.provider
    provider.ikm_minimum_sample = 987
    provider.save()
    html_of(client, SERVICE_SLUG)  # kept again
    Closure.objects.create(date="2026-01-02", name="Libur daerah")
    assert queries(client, SERVICE_SLUG) > 0  # rendered again: the days off count


def test_a_page_read_before_the_change_is_committed_is_dropped_at_the_commit(
    client, kept, django_capture_on_commit_callbacks
):
    service = Service.objects.get(slug=SERVICE_SLUG)
    with django_capture_on_commit_callbacks(execute=True):
        service.name = "Nama Baru"
        service.save()
        # Another request still reads the rows of before the commit, and keeps them...
        Service.objects.filter(pk=service.pk).update(name="Nama Lama")
        assert "Nama Lama" in html_of(client, SERVICE_SLUG)
        Service.objects.filter(pk=service.pk).update(name="Nama Baru")  # ...then it commits
    assert "Nama Baru" in html_of(client, SERVICE_SLUG)


def test_a_switched_off_or_renamed_service_is_not_served_from_the_cache(client, kept):
    html_of(client, "sertifikasi-profesi-pns")
    service = Service.objects.get(slug="sertifikasi-profesi-pns")
    service.slug = "sertifikasi-baru"
    service.save()
    assert (
        client.get(reverse("service_standard", args=["sertifikasi-profesi-pns"])).status_code == 404
    )
    html_of(client, "sertifikasi-baru")
    service.is_active = False
    service.save()
    assert client.get(reverse("service_standard", args=["sertifikasi-baru"])).status_code == 404


def test_each_kept_page_shows_its_own_providers_facts_and_no_others(client, kept):
    for _ in range(2):  # kept, then read back
        for slug, (provider, facts) in SEEDS.items():
            html = html_of(client, slug)
            assert Service.objects.get(slug=slug).name in html.split("<main", 1)[1]
            for fact in facts:
                assert fact in footer(html), (slug, fact)
            for other_slug, (other, other_facts) in SEEDS.items():
                if other != provider:
                    for fact in other_facts:
                        assert fact not in html, (slug, other_slug, fact)
    page = html_of(client, SERVICE_SLUG)
    assert [address in page for address in ADDRESSES] == [True, False, False]


def test_a_signed_in_visitor_gets_their_own_buttons_from_a_kept_page(client, kept, make_user):
    assert "Buka dasbor" not in html_of(client, SERVICE_SLUG)
    client.force_login(make_user("anggota"))
    assert "Buka dasbor" in html_of(client, SERVICE_SLUG)
    client.logout()
    assert "Buka dasbor" not in html_of(client, SERVICE_SLUG)


def test_measured_figures_are_not_kept_beyond_their_stated_freshness(client, kept, settings):
    settings.PORTAL_STANDARD_MEASURED_SECONDS = 0
    queries(client, SERVICE_SLUG)  # the provider's card and footer are kept
    assert queries(client, SERVICE_SLUG) == queries(client, SERVICE_SLUG) > 0
