"""Which service an online flow of the portal serves is catalogue data (Service.online_flow), set
for the librarian exam by a migration: the candidate's application, the exam schedule, the home
page's link and the standard page follow it, and one flow serves one service."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from complaints.models import Complaint
from portal.catalogue import service_get_by_flow
from portal.constants import OnlineFlow
from portal.models import Requirement, Service
from survey.selectors import complaint_survey_service
from tests.factories import SERVICE_SLUG, ProviderFactory

pytestmark = pytest.mark.django_db

OTHER = "sertifikasi-profesi-pns"  # seed 002, in the catalogue with its standard only


def move_flow_to(slug: str) -> Service:
    """The candidates' application now serves another service, with one document to upload."""
    Service.objects.update(online_flow="")
    Service.objects.filter(slug=slug).update(online_flow=OnlineFlow.CANDIDATE_APPLICATION)
    service = Service.objects.get(slug=slug)
    Requirement.objects.get_or_create(service=service, code="ktp", defaults={"name": "KTP"})
    return service


def test_the_migration_gives_the_candidates_application_to_the_librarian_exam():
    service = service_get_by_flow(flow=OnlineFlow.CANDIDATE_APPLICATION)

    assert service.slug == SERVICE_SLUG
    assert list(
        Service.objects.filter(online_flow=OnlineFlow.CANDIDATE_APPLICATION).values_list(
            "slug", flat=True
        )
    ) == [SERVICE_SLUG]
    # Seed 002 runs on the workflow engine, whose flow serves any number of services.
    assert list(
        Service.objects.filter(online_flow=OnlineFlow.CASEWORK).values_list("slug", flat=True)
    ) == ["sertifikasi-profesi-pns"]


def test_the_application_page_is_for_the_service_the_flow_names(client, candidate):
    other = move_flow_to(OTHER)
    client.force_login(candidate)

    response = client.get(reverse("application"))

    assert response.status_code == 200
    assert response.context["service"] == other


@pytest.mark.parametrize("url", ["application", "exam_schedule"])
def test_without_a_service_on_the_flow_its_pages_are_not_found(client, candidate, url):
    Service.objects.update(online_flow="")
    client.force_login(candidate)

    assert client.get(reverse(url)).status_code == 404
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_switched_off_service_is_not_served_by_its_flow():
    Service.objects.filter(slug=SERVICE_SLUG).update(is_active=False)

    with pytest.raises(Service.DoesNotExist):
        service_get_by_flow(flow=OnlineFlow.CANDIDATE_APPLICATION)
    assert (
        service_get_by_flow(flow=OnlineFlow.CANDIDATE_APPLICATION, active_only=False).slug
        == SERVICE_SLUG
    )


def test_two_services_may_not_share_a_flow_and_the_admin_form_says_so():
    other = Service.objects.get(slug=OTHER)
    other.online_flow = OnlineFlow.CANDIDATE_APPLICATION

    with pytest.raises(ValidationError) as refused:
        other.full_clean()
    assert refused.value.messages == [
        "Alur pengajuan daring ini sudah dipakai layanan lain. Kosongkan dahulu pengajuan daring "
        "pada layanan itu, lalu simpan lagi."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()


def test_any_number_of_services_may_have_no_flow():
    Service.objects.update(online_flow="")

    assert Service.objects.filter(online_flow="").count() == Service.objects.count() > 1


def online_section_of(response) -> str:
    """The home page's section of the service candidates apply for on this portal ("" when
    there is none): the rest of the page lists every provider's services."""
    html = response.content.decode()
    if 'id="daftar-online"' not in html:
        return ""
    start = html.rindex("<section", 0, html.index('id="daftar-online"'))
    return html[start : html.index("</section>", start)]


def test_the_home_page_links_the_standard_of_the_service_the_flow_names(client):
    move_flow_to(OTHER)

    html = online_section_of(client.get(reverse("home")))

    assert reverse("service_standard", args=[OTHER]) in html
    assert reverse("service_standard", args=[SERVICE_SLUG]) not in html


def test_the_home_page_without_a_service_on_the_flow_still_opens(client):
    Service.objects.update(online_flow="")

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert reverse("service_standard", args=[SERVICE_SLUG]) not in online_section_of(response)


def test_the_standard_page_says_online_for_the_service_the_flow_names(client):
    move_flow_to(OTHER)

    assert client.get(reverse("service_standard", args=[OTHER])).context["applies_online"]
    assert not client.get(reverse("service_standard", args=[SERVICE_SLUG])).context[
        "applies_online"
    ]


def test_a_complaint_without_a_service_counts_its_survey_for_the_flows_service():
    """...when its provider runs no active service of its own to count it for."""
    other = move_flow_to(OTHER)
    no_services = ProviderFactory()

    assert complaint_survey_service(Complaint(service=None, provider=no_services)) == other


# --- the service of each flow, cached (portal.catalogue) ---------------------------------------


@pytest.fixture
def cached(settings):
    settings.PORTAL_PROVIDER_CACHE_SECONDS = 300
    cache.clear()


def test_the_flows_service_is_read_once_then_from_the_cache(cached, django_assert_num_queries):
    with django_assert_num_queries(1):
        first = service_get_by_flow(flow=OnlineFlow.CANDIDATE_APPLICATION)
    with django_assert_num_queries(0):
        again = service_get_by_flow(flow=OnlineFlow.CANDIDATE_APPLICATION)
        assert again.provider.slug == first.provider.slug  # with its provider

    assert again == first
    assert again is not first  # a copy per call: what a page sets on it stays on its page


def test_a_service_switched_off_leaves_its_flow_at_once(cached):
    service = service_get_by_flow(flow=OnlineFlow.CANDIDATE_APPLICATION)
    service.is_active = False
    service.save()

    with pytest.raises(Service.DoesNotExist):
        service_get_by_flow(flow=OnlineFlow.CANDIDATE_APPLICATION)
    service.is_active = True
    service.save()
    assert service_get_by_flow(flow=OnlineFlow.CANDIDATE_APPLICATION) == service


def test_a_flow_given_to_another_service_or_a_renamed_provider_shows_at_once(cached):
    service = service_get_by_flow(flow=OnlineFlow.CANDIDATE_APPLICATION)
    provider = service.provider
    provider.name = "Pusat Pembinaan Pustakawan (baru)"
    provider.save()
    assert service_get_by_flow(flow=OnlineFlow.CANDIDATE_APPLICATION).provider.name == (
        "Pusat Pembinaan Pustakawan (baru)"
    )

    service.online_flow = ""
    service.save()
    other = Service.objects.get(slug=OTHER)
    other.online_flow = OnlineFlow.CANDIDATE_APPLICATION
    other.save()

    assert service_get_by_flow(flow=OnlineFlow.CANDIDATE_APPLICATION) == other
