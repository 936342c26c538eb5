"""Providers as data: the four of the seeds with their facts, each service attached to its own,
and every public page showing the provider of the service in view, never another's. Pages
about no single service show the portal itself and its providers."""

from datetime import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.services import complaint_submit
from portal.models import ComplaintChannel, Provider, ProviderHours, Service
from portal.providers import FOOTER_SERVICE_KEY, provider_directory
from registration.constants import ApplicationStatus
from tests.factories import SERVICE_SLUG, ApplicationFactory, CertificateFactory

pytestmark = pytest.mark.django_db

PERPUSNAS = "pusat-pembinaan-pustakawan"
BKPSDM = "bkpsdm"
SINGKAWANG = "bkpsdm-kota-singkawang"
LAN = "balai-pemetaan-kompetensi-lan"

# Each seed service, its provider, and facts of that provider only its pages may show.
SEEDS = {
    SERVICE_SLUG: (PERPUSNAS, ["Jl. Salemba Raya No. 28A", "pustakawan@perpusnas.go.id"]),
    "sertifikasi-profesi-pns": (BKPSDM, ["Bidang Pengembangan Sumber Daya ASN"]),
    "indeks-profesionalitas-asn": (
        SINGKAWANG,
        ["Jalan Firdaus No. 1 Singkawang 79123", "bkpsdm@singkawangkota.go.id", "639567"],
    ),
    "penilaian-kompetensi-lan": (
        LAN,
        ["Jalan Kiarapayung Km 4,7", "info@bandung.lan.go.id", "022-7790048"],
    ),
}
# Singkawang's hours (seed 003), as the footer writes them.
DASH = "\u2013"  # the en dash of time ranges
SINGKAWANG_HOURS = [f"08.00{DASH}15.30 WIB", f"istirahat 11.30{DASH}13.00", f"08.30{DASH}15.30 WIB"]
FREE = "Layanan ini tidak dipungut biaya."
# Addresses of every provider: a page about no service shows none of them.
ADDRESSES = ["Salemba", "Jalan Firdaus", "Kiarapayung"]


def footer(html: str) -> str:
    return html.split('<footer class="site-footer">', 1)[1]


def page(client, url: str, **query) -> str:
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def standard_page(client, slug: str) -> str:
    return page(client, reverse("service_standard", args=[slug]))


# --- the data ----------------------------------------------------------------------------


def test_every_seeded_service_belongs_to_the_provider_of_its_seed():
    providers = dict(Service.objects.values_list("slug", "provider__slug"))

    assert {slug: providers[slug] for slug in SEEDS} == {
        slug: provider for slug, (provider, _facts) in SEEDS.items()
    }


def test_only_singkawang_has_service_hours_as_its_seed_gives_them():
    hours = ProviderHours.objects.order_by("weekday")

    assert {row.provider.slug for row in hours} == {SINGKAWANG}
    assert [
        (row.weekday, row.opens, row.closes, row.break_starts, row.break_ends) for row in hours
    ] == [
        *[(day, time(8), time(15, 30), time(11, 30), time(13)) for day in range(4)],
        (4, time(8, 30), time(15, 30), time(11), time(13)),
    ]


def test_seed_002s_bkpsdm_is_named_as_its_seed_names_it_and_gives_no_address():
    provider = Provider.objects.get(slug=BKPSDM)

    assert provider.name == "BKPSDM"
    assert (provider.address, provider.email, provider.telephone) == ("", "", "")
    assert list(provider.complaint_channels.values_list("name", "address")) == [
        ("Datang langsung", "Bidang Pengembangan Sumber Daya ASN"),
        ("E-mail resmi unit layanan", ""),
        ("Helpdesk/petugas layanan", ""),
        ("SP4N-LAPOR!", ""),
    ]


def test_only_the_services_whose_seed_says_so_are_free():
    free = set(Service.objects.filter(free_of_charge=True).values_list("slug", flat=True))

    assert free == {SERVICE_SLUG, "indeks-profesionalitas-asn"}


# --- pages about one service -------------------------------------------------------------


@pytest.mark.parametrize("slug", SEEDS)
def test_each_service_page_shows_its_own_providers_facts_and_no_others(client, slug):
    html = standard_page(client, slug)

    provider, facts = SEEDS[slug]
    for fact in facts:
        assert fact in footer(html), fact
    for other_slug, (other, other_facts) in SEEDS.items():
        if other != provider:
            for fact in other_facts:
                assert fact not in html, (other_slug, fact)
    hours_shown = [hours in html for hours in SINGKAWANG_HOURS]
    assert hours_shown == [provider == SINGKAWANG] * len(SINGKAWANG_HOURS)
    assert (FREE in html) == (provider in (PERPUSNAS, SINGKAWANG))


def test_the_header_names_the_provider_and_its_agency(client):
    html = standard_page(client, "penilaian-kompetensi-lan")

    topbar = html.split('class="topbar__agency">')[1].split("</p>")[0]
    assert topbar.startswith("Balai Layanan Pemetaan Kompetensi · ")
    assert topbar.endswith(" · Lembaga Administrasi Negara")


def test_lans_page_states_its_fee_as_the_seed_does_and_never_that_it_is_free(client):
    html = standard_page(client, "penilaian-kompetensi-lan")

    assert "Biaya/tarif:</strong> Rp. 3.200.000,- per Peserta." in footer(html)
    assert "tidak dipungut biaya" not in html.lower()


def test_perpusnas_hours_are_not_given_so_its_pages_say_so(client):
    html = standard_page(client, SERVICE_SLUG)

    hours = footer(html).split('id="footer-jam"')[1].split("</div>")[0]
    assert "Tidak dicantumkan" in hours
    assert "WIB" not in hours
    # The standard page's own hours component too.
    component = html.split('id="jam-layanan"')[1].split("</section>")[0]
    assert "Tidak dicantumkan" in component


def test_hours_a_provider_enters_show_on_all_its_pages(client):
    perpusnas = Provider.objects.get(slug=PERPUSNAS)
    ProviderHours.objects.create(
        provider=perpusnas, weekday=2, opens=time(9), closes=time(12), break_starts=None
    )

    html = standard_page(client, SERVICE_SLUG)

    assert "Rabu" in footer(html)
    assert f"09.00{DASH}12.00 WIB" in footer(html)


def test_a_provider_without_an_address_says_it_is_not_given(client):
    html = standard_page(client, "sertifikasi-profesi-pns")

    assert "Alamat: tidak dicantumkan" in footer(html)
    assert "Apabila terdapat biaya sertifikasi" in footer(html)  # a fee, not "free"


def test_the_candidates_pages_show_the_librarian_exams_provider(client):
    application = ApplicationFactory(status=ApplicationStatus.PASSED)
    CertificateFactory(application=application)
    client.force_login(application.candidate)

    for url in ("dashboard", "application", "exam_schedule", "certificate_mine"):
        html = page(client, reverse(url))
        assert "Jl. Salemba Raya No. 28A" in footer(html), url
        assert FREE in footer(html), url
        assert "Penyelenggara dan layanan" not in html, url


def test_the_complaint_form_opened_from_a_service_shows_its_provider_and_chooses_it(client):
    html = page(client, reverse("complaint_new"), layanan="indeks-profesionalitas-asn")

    assert "Jalan Firdaus No. 1 Singkawang 79123" in footer(html)
    service = Service.objects.get(slug="indeks-profesionalitas-asn")
    assert f'<option value="{service.pk}" selected>' in html
    # The side card lists Singkawang's own channels, not Perpusnas's.
    channels = html.split('id="saluran-lain"')[1].split("</section>")[0]
    assert "Kotak saran" in channels
    assert "pustakawan@perpusnas.go.id" not in channels


def test_a_complaints_tracking_page_shows_the_provider_it_went_to(client):
    lan = Service.objects.get(slug="penilaian-kompetensi-lan")
    about_lan = complaint_submit(
        kind="pengaduan", subject="Laporan terlambat", description="Belum diterima.", service=lan
    )
    to_singkawang = complaint_submit(
        kind="informasi",
        subject="Jam layanan",
        description="Apakah Sabtu buka?",
        provider=Provider.objects.get(slug=SINGKAWANG),
    )

    lan_page = page(client, reverse("complaint_track", args=[about_lan.tracking_code]))
    singkawang_page = page(client, reverse("complaint_track", args=[to_singkawang.tracking_code]))

    assert "Kiarapayung" in footer(lan_page)
    assert "Rp. 3.200.000,- per Peserta." in footer(lan_page)
    assert "Jalan Firdaus" in footer(singkawang_page)
    assert "Biaya/tarif" not in footer(singkawang_page)  # about the provider, no service


# --- pages about no single service ---------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["home", "nip_check", "account_login", "register", "complaint_new", "service_standards"],
)
def test_pages_about_no_service_show_the_portal_and_every_provider_but_no_address(client, url):
    html = page(client, reverse(url))

    for address in ADDRESSES:
        assert address not in footer(html), address
    assert "Layanan kompetensi ASN dari berbagai penyelenggara" in html
    directory = footer(html).split('id="footer-penyelenggara"')[1].split('id="footer-bantuan"')[0]
    for slug in SEEDS:
        assert reverse("service_standard", args=[slug]) in directory
    assert "<strong>Balai Layanan Pemetaan Kompetensi</strong>, Lembaga Administrasi" in directory
    assert FREE not in html


def test_the_portals_own_contact_shows_where_one_is_set(client, settings):
    settings.PORTAL_CONTACT_EMAIL = "layanan@portal.example.id"

    html = page(client, reverse("home"))

    assert 'href="mailto:layanan@portal.example.id"' in footer(html)


def test_staff_at_work_see_the_portal_footer_without_the_directory(client, verifier):
    client.force_login(verifier)

    html = page(client, reverse("verification_queue"))

    assert "Penyelenggara dan layanan" in footer(html)
    assert reverse("service_standard", args=[SERVICE_SLUG]) not in footer(html)
    for address in ADDRESSES:
        assert address not in footer(html)


def test_the_directory_lists_active_services_only_by_provider():
    Service.objects.filter(slug="sertifikasi-profesi-pns").update(is_active=False)

    directory = {entry.slug: entry.services for entry in provider_directory()}

    assert BKPSDM not in directory  # no active service left
    assert directory[SINGKAWANG] == [
        ("Pelayanan Indeks Profesionalitas ASN (IP-ASN)", "indeks-profesionalitas-asn")
    ]


# --- the cache -----------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_footers_are_cached_and_a_change_of_the_provider_shows_at_once(client, settings):
    settings.PORTAL_PROVIDER_CACHE_SECONDS = 300
    cache.clear()
    url = reverse("service_standard", args=["indeks-profesionalitas-asn"])

    cold = _queries(client, url)
    warm = _queries(client, url)
    channel = ComplaintChannel.objects.filter(provider__slug=SINGKAWANG).first()
    channel.address = "Ruang Pengaduan Lantai 2"
    channel.save()
    html = standard_page(client, "indeks-profesionalitas-asn")

    # The page is kept whole, its footer with it (composition.standard_views).
    assert warm == 0 < cold
    assert "Ruang Pengaduan Lantai 2" in footer(html)


def test_the_directory_is_cached_and_a_new_service_shows_at_once(client, settings):
    settings.PORTAL_PROVIDER_CACHE_SECONDS = 300
    cache.clear()
    url = reverse("nip_check")

    cold = _queries(client, url)
    warm = _queries(client, url)
    Service.objects.create(
        provider=Provider.objects.get(slug=LAN), name="Asesmen Kompetensi Manajerial", slug="akm"
    )
    html = page(client, url)

    assert warm == cold - 1
    assert reverse("service_standard", args=["akm"]) in footer(html)


# --- the footer's HTML, cached (portal.templatetags.footer) ------------------------------------


@pytest.fixture
def cached(settings):
    settings.PORTAL_PROVIDER_CACHE_SECONDS = 300
    cache.clear()


def test_a_cached_footer_is_the_one_rendered_without_the_cache(client, settings):
    uncached = [standard_page(client, slug) for slug in SEEDS] + [page(client, reverse("home"))]
    settings.PORTAL_PROVIDER_CACHE_SECONDS = 300
    cache.clear()

    for _ in range(2):  # filled, then read
        cached = [standard_page(client, slug) for slug in SEEDS] + [page(client, reverse("home"))]
        assert [footer(html) for html in cached] == [footer(html) for html in uncached]


def test_two_services_of_one_provider_keep_their_own_fee_in_the_cached_footer(client, cached):
    lan = Provider.objects.get(slug=LAN)
    Service.objects.create(provider=lan, name="Asesmen Kompetensi Manajerial", slug="akm")
    Service.objects.filter(slug="akm").update(fee="Rp. 1.000.000,- per Peserta.")
    cache.clear()  # the update above sent no signal

    for _ in range(2):
        lan_page = footer(standard_page(client, "penilaian-kompetensi-lan"))
        akm_page = footer(standard_page(client, "akm"))
        assert "Rp. 3.200.000,- per Peserta." in lan_page
        assert "Rp. 1.000.000" not in lan_page
        assert "Rp. 1.000.000,- per Peserta." in akm_page
        assert "?layanan=akm" in akm_page
        assert "?layanan=akm" not in lan_page


def test_a_cached_footer_shows_a_change_of_its_provider_or_service_at_once(client, cached):
    standard_page(client, "penilaian-kompetensi-lan")  # cached
    lan = Provider.objects.get(slug=LAN)
    lan.address = "Jalan Baru No. 7"
    lan.save()
    assert "Jalan Baru No. 7" in footer(standard_page(client, "penilaian-kompetensi-lan"))

    service = Service.objects.get(slug="penilaian-kompetensi-lan")
    service.fee = "Rp. 9.000,-"
    service.save()
    assert "Rp. 9.000,-" in footer(standard_page(client, "penilaian-kompetensi-lan"))

    standard_page(client, SERVICE_SLUG)  # cached
    perpusnas = Provider.objects.get(slug=PERPUSNAS)
    ProviderHours.objects.create(provider=perpusnas, weekday=2, opens=time(7), closes=time(16))
    assert f"07.00{DASH}16.00 WIB" in footer(standard_page(client, SERVICE_SLUG))


def test_a_footer_cached_between_the_save_and_the_commit_is_dropped_at_the_commit(
    client, cached, django_capture_on_commit_callbacks
):
    service = Service.objects.get(slug="penilaian-kompetensi-lan")
    key = FOOTER_SERVICE_KEY.format(pk=service.pk, language="id")
    standard_page(client, service.slug)
    assert cache.get(key) is not None
    lan = Provider.objects.get(slug=LAN)
    with django_capture_on_commit_callbacks(execute=True):
        lan.address = "Jalan Baru No. 7"
        lan.save()
        # Another request reads the page before the change is committed: it caches what it
        # sees (here the test's own transaction shows the new address; in production the old
        # one), and the commit must drop that entry again.
        standard_page(client, "penilaian-kompetensi-lan")
        assert cache.get(key) is not None
    assert cache.get(key) is None


def test_a_service_moved_to_another_provider_shows_its_new_provider_at_once(client, cached):
    assert "Kiarapayung" in footer(standard_page(client, "penilaian-kompetensi-lan"))
    service = Service.objects.get(slug="penilaian-kompetensi-lan")
    service.provider = Provider.objects.get(slug=SINGKAWANG)
    service.save()

    html = footer(standard_page(client, "penilaian-kompetensi-lan"))

    assert "Kiarapayung" not in html
    assert "Jalan Firdaus" in html


def test_the_cached_footer_is_kept_per_language(client, cached):
    indonesian = footer(standard_page(client, "penilaian-kompetensi-lan"))
    client.cookies["django_language"] = "en"
    english = footer(standard_page(client, "penilaian-kompetensi-lan"))

    assert "Alamat layanan" in indonesian
    assert "Alamat layanan" not in english
    client.cookies["django_language"] = "id"
    assert footer(standard_page(client, "penilaian-kompetensi-lan")) == indonesian


def test_the_cached_directory_drops_a_service_switched_off(client, cached):
    url = reverse("home")
    assert reverse("service_standard", args=["sertifikasi-profesi-pns"]) in footer(
        page(client, url)
    )
    service = Service.objects.get(slug="sertifikasi-profesi-pns")
    service.is_active = False
    service.save()

    assert reverse("service_standard", args=["sertifikasi-profesi-pns"]) not in footer(
        page(client, url)
    )


def test_staff_never_get_the_cached_directory(client, cached, verifier):
    page(client, reverse("home"))  # the directory's footer, cached
    client.force_login(verifier)

    html = footer(page(client, reverse("verification_queue")))

    assert reverse("service_standard", args=[SERVICE_SLUG]) not in html
