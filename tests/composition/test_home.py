"""The home page is the portal's own, about no single service: every provider with its active
services, each with its own fee statement and the way one applies, then the steps and documents
of the service candidates apply for on this portal (the librarian exam), read from the
catalogue."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.catalogue import catalogue_by_provider, service_get_by_flow
from portal.constants import OnlineFlow
from portal.models import Provider, Requirement, Service
from tests.factories import SERVICE_SLUG, ProviderFactory, ServiceFactory

pytestmark = pytest.mark.django_db

LAN_SERVICE = "penilaian-kompetensi-lan"
OTHER_SERVICE = "indeks-profesionalitas-asn"  # seed 003, taken off the portal where a test says


def section(html: str, section_id: str) -> str:
    """The <section> with that id, or "" when the page has none."""
    marker = f'id="{section_id}"'
    if marker not in html:
        return ""
    start = html.rindex("<section", 0, html.index(marker))
    return html[start : html.index("</section>", start)]


def home(client) -> str:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def catalogue(client) -> str:
    return section(home(client), "layanan-penyelenggara")


def entry(html: str, slug: str) -> str:
    """One service's entry in the catalogue section."""
    link = reverse("service_standard", args=[slug])
    start = html.rindex('<li class="service-entry">', 0, html.index(f'href="{link}"'))
    return html[start : html.index("</dl>", start)]


def test_the_home_page_is_the_portals_own(client):
    html = home(client)

    assert "<title>Beranda · Portal Layanan Kompetensi ASN</title>" in html
    assert '<h1 id="judul-portal">Portal Layanan Kompetensi ASN</h1>' in html
    hero = section(html, "judul-portal")
    assert (
        "Pendaftaran daring di portal ini melayani <strong>Uji Kompetensi Pustakawan</strong>"
        in (" ".join(hero.split()))
    )
    for url in ("nip_check", "register", "account_login"):
        assert reverse(url) in hero


def test_every_provider_is_shown_with_every_active_service(client):
    html = catalogue(client)

    assert "<h2" in html and "Layanan dan penyelenggaranya" in html
    for provider in Provider.objects.filter(services__is_active=True).distinct():
        assert f'<h3 class="provider-card__name">{provider.name}</h3>' in html
    for service in Service.objects.filter(is_active=True):
        assert f'href="{reverse("service_standard", args=[service.slug])}">{service.name}</a>' in (
            html
        )
    assert "Lembaga Administrasi Negara" in html  # LAN's parent agency under its unit


def test_an_inactive_service_and_a_provider_without_services_are_not_shown(client):
    Service.objects.filter(slug="sertifikasi-profesi-pns").update(is_active=False)
    empty = ProviderFactory(name="Penyelenggara Tanpa Layanan")

    html = catalogue(client)

    assert reverse("service_standard", args=["sertifikasi-profesi-pns"]) not in html
    assert '<h3 class="provider-card__name">BKPSDM</h3>' not in html  # its only service is off
    assert empty.name not in html


def test_each_service_states_its_own_fee(client):
    html = catalogue(client)

    assert "Tidak dipungut biaya" in entry(html, SERVICE_SLUG)
    assert "Tidak dipungut biaya" in entry(html, "indeks-profesionalitas-asn")
    lan = entry(html, LAN_SERVICE)
    assert "Rp. 3.200.000,- per Peserta." in lan
    assert "tidak dipungut biaya" not in lan.lower()
    certification = entry(html, "sertifikasi-profesi-pns")
    assert "Apabila terdapat biaya sertifikasi" in certification
    assert "tidak dipungut biaya" not in certification.lower()


def test_only_a_service_marked_free_says_so_whatever_its_fee_text(client):
    """The fee text's default is "Tidak dipungut biaya": only free_of_charge may say it."""
    ServiceFactory(slug="layanan-berbayar", fee="Rp 500.000", free_of_charge=False)
    Service.objects.filter(slug=SERVICE_SLUG).update(free_of_charge=False, fee="Rp 100.000")

    html = catalogue(client)

    assert "Rp 500.000" in entry(html, "layanan-berbayar")
    librarian = entry(html, SERVICE_SLUG)
    assert "Rp 100.000" in librarian
    assert "Tidak dipungut biaya" not in librarian


def test_each_service_says_how_one_applies(client):
    Service.objects.filter(slug=OTHER_SERVICE).update(online_flow="")  # run elsewhere
    html = catalogue(client)

    online = entry(html, SERVICE_SLUG)
    assert "Daring di portal ini" in online
    assert 'href="#daftar-online"' in online
    elsewhere = entry(html, OTHER_SERVICE)
    assert "Sesuai prosedur penyelenggara" in elsewhere
    link = reverse("service_standard", args=[OTHER_SERVICE])
    assert f'href="{link}#komponen-prosedur"' in elsewhere
    assert "Daring di portal ini" not in elsewhere
    # Seed 004 is requested by institutions on the institution assessment's pages.
    lan = entry(html, LAN_SERVICE)
    assert "Daring di portal ini, oleh instansi" in lan
    assert 'href="#daftar-online"' not in lan


def test_the_online_section_lists_the_steps_and_the_catalogues_requirements(client):
    requirement = Requirement.objects.filter(service__slug=SERVICE_SLUG).order_by("order").first()
    requirement.name = "Pas foto terbaru"
    requirement.save()

    html = section(home(client), "daftar-online")

    assert "Alur layanan Uji Kompetensi Pustakawan" in html
    assert "Cek NIP di database Pustakawan" in html
    assert "Pas foto terbaru" in html  # read from the catalogue, not written in the template
    assert (
        html.count("<li>Salinan")
        == Requirement.objects.filter(
            service__slug=SERVICE_SLUG, name__startswith="Salinan"
        ).count()
    )
    assert "dari 9 berkas berikut" in html
    assert "Seluruh tahapan tidak dipungut biaya." in html
    assert reverse("service_standard", args=[SERVICE_SLUG]) in html


def test_the_online_section_states_the_fee_of_a_paid_service(client):
    Service.objects.filter(slug=SERVICE_SLUG).update(free_of_charge=False, fee="Rp 100.000")

    html = section(home(client), "daftar-online")

    assert "Rp 100.000" in html
    assert "tidak dipungut biaya" not in html.lower()


def test_without_a_service_on_the_online_flow_the_section_is_gone(client):
    Service.objects.update(online_flow="")

    html = home(client)

    assert section(html, "daftar-online") == ""
    assert "Daring di portal ini" not in html
    assert "Sesuai prosedur penyelenggara" in entry(catalogue(client), SERVICE_SLUG)


def _home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        home(client)
    return len(queries)


def test_the_home_page_query_count_stays_constant_as_the_catalogue_grows(client):
    before = _home_queries(client)
    for _ in range(3):
        provider = ProviderFactory()
        for _ in range(3):
            ServiceFactory(provider=provider)

    assert _home_queries(client) == before
    assert len(catalogue_by_provider()) == 7


def test_the_catalogue_is_read_in_two_queries(django_assert_num_queries):
    for _ in range(4):
        ServiceFactory()

    with django_assert_num_queries(2):
        providers = catalogue_by_provider()
        services = [service.slug for provider in providers for service in provider.active_services]

    assert len(providers) == 8
    assert SERVICE_SLUG in services


def test_a_service_whose_fee_nobody_entered_is_not_called_free(client):
    """The fee has no default: a new service not marked free, with no fee entered, says the fee
    is not stated, on the home page and the list of standards alike, never "tidak dipungut
    biaya"."""
    service = Service.objects.create(
        provider=ProviderFactory(name="Penyelenggara Baru"),
        name="Layanan Tanpa Tarif",
        slug="layanan-tanpa-tarif",
    )

    assert service.fee == ""
    listed = entry(catalogue(client), service.slug)
    assert "Tidak dicantumkan" in listed and "Tidak dipungut biaya" not in listed
    standards = client.get(reverse("service_standards")).content.decode()
    row = standards[standards.index("Layanan Tanpa Tarif") :][:600]
    assert "Tidak dicantumkan" in row and "Tidak dipungut biaya" not in row


def test_the_catalogue_is_kept_per_language_until_a_service_or_provider_changes(client, settings):
    settings.PORTAL_PROVIDER_CACHE_SECONDS = 300
    with CaptureQueriesContext(connection) as cold:
        first = catalogue(client)
    with CaptureQueriesContext(connection) as kept:
        assert catalogue(client) == first
    # The catalogue's two queries, the footer's directory, the online flow's service
    # (portal.catalogue.service_get_by_flow) and its requirements are not made again.
    assert len(kept) == len(cold) - 5

    client.cookies["django_language"] = "en"
    assert "Services and their providers" in catalogue(client)
    client.cookies["django_language"] = "id"

    service = Service.objects.get(slug=OTHER_SERVICE)
    service.name = "Indeks Profesionalitas ASN (baru)"
    service.save()
    assert "Indeks Profesionalitas ASN (baru)" in catalogue(client)

    provider = service.provider
    provider.name = "Badan <Baru>"
    provider.save()
    assert "Badan &lt;Baru&gt;" in catalogue(client)

    service.is_active = False
    service.save()
    assert reverse("service_standard", args=[OTHER_SERVICE]) not in catalogue(client)


def test_the_home_pages_requirements_are_kept_until_one_changes(client, settings):
    settings.PORTAL_PROVIDER_CACHE_SECONDS = 300
    service = service_get_by_flow(flow=OnlineFlow.CANDIDATE_APPLICATION)
    requirement = Requirement.objects.filter(service=service).order_by("order").first()
    assert requirement.name in client.get(reverse("home")).content.decode()
    requirement.name = "Surat <baru> yang diminta"
    requirement.save()
    assert "Surat &lt;baru&gt; yang diminta" in client.get(reverse("home")).content.decode()
    requirement.delete()
    assert "Surat &lt;baru&gt;" not in client.get(reverse("home")).content.decode()
