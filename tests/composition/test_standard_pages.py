"""The public service standard pages: every component of PermenPANRB 15/2014 for each seeded
service, the measured working days next to the promised ones, and the last semester's IKM."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certificates.constants import CertificateStatus
from certificates.models import Certificate
from complaints.constants import ComplaintStatus
from complaints.models import Complaint
from composition.standards import (
    _STAGE_SPANS,
    measured_since,
    months_before,
    stage_measurements,
)
from portal.calendar import add_working_days, working_days_between
from portal.constants import Stage
from portal.models import Closure, Service
from portal.numbers import number_in_words
from registration.constants import ApplicationStatus
from survey.constants import SurveySource
from survey.ikm import last_semester
from survey.models import SurveyResponse
from tests.factories import SERVICE_SLUG, ApplicationFactory, CertificateFactory

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")

SEEDED = [
    SERVICE_SLUG,
    "sertifikasi-profesi-pns",  # seed 002
    "indeks-profesionalitas-asn",  # seed 003
    "penilaian-kompetensi-lan",  # seed 004
]

COMPONENTS = [
    "Persyaratan",
    "Sistem, mekanisme, dan prosedur",
    "Jangka waktu penyelesaian",
    "Biaya/tarif",
    "Produk pelayanan",
    "Penanganan pengaduan, saran, dan masukan",
    "Dasar hukum",
    "Sarana, prasarana, dan/atau fasilitas",
    "Kompetensi pelaksana",
    "Pengawasan internal",
    "Jumlah pelaksana",
    "Jaminan pelayanan",
    "Jaminan keamanan dan keselamatan pelayanan",
    "Evaluasi kinerja pelaksana",
    "Jam layanan",
    "Maklumat pelayanan",
]

# A sentence of each seed's own text, which must reach its page.
SEED_TEXT = {
    SERVICE_SLUG: [
        "Salinan PAK terakhir",  # a Requirement row
        "Tempat ujian: Work From Home (WFH) / secara daring.",
        "Twitter: @PPPustakawan",
        "Survei Kepuasan Masyarakat 2 (dua) kali setahun",
        "sanggup menyelenggarakan Layanan Uji Kompetensi Pustakawan",
    ],
    "sertifikasi-profesi-pns": [
        "Surat Rekomendasi dari Sekretaris Daerah",  # a Requirement row
        "Maksimal 14 (empat belas) sampai dengan 30 (tiga puluh) hari kerja",
        "Minimal 2 orang",
        "Waktu tindak lanjut maksimal 3 hari kerja",
        "Peraturan Lembaga Administrasi Negara Nomor 10 Tahun 2018",
    ],
    "indeks-profesionalitas-asn": [
        "Surat Pengantar dari Perangkat Daerah",
        "Laporan Data IP-ASN",
        "8 (delapan) orang",
        "Tidak dipungut biaya (Gratis)",
        "Dilakukan rapat staf per triwulan",
    ],
    "penilaian-kompetensi-lan": [
        "Rp. 3.200.000,- per Peserta.",
        "Instansi Pemohon menerima Laporan Hasil Penilaian Kompetensi",
        "Paling lambat 25 hari kerja sejak pengambilan data",
        "info@bandung.lan.go.id",
    ],
}


def page(client, slug):
    response = client.get(reverse("service_standard", args=[slug]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("slug", SEEDED)
def test_every_component_of_the_standard_is_on_each_seeded_services_page(client, slug):
    html = page(client, slug)

    positions = [html.index(f">{component}<") for component in COMPONENTS]
    assert positions == sorted(positions)  # in the regulation's order
    assert "Proses penyampaian layanan (service delivery)" in html
    assert "Pengelolaan pelayanan (manufacturing)" in html
    for text in SEED_TEXT[slug]:
        assert text in html


def test_numbered_lines_keep_their_line_breaks(client):
    html = page(client, "sertifikasi-profesi-pns")

    assert "1. Pemohon menyampaikan berkas usulan Pelatihan dan Uji Kompetensi Profesi;<br>" in html


def test_services_run_elsewhere_say_how_to_apply_and_what_their_standard_leaves_out(client):
    # Seed 003 taken off the portal (on it: tests/ipasn/test_public_ipasn_standard.py).
    Service.objects.filter(slug="indeks-profesionalitas-asn").update(online_flow="")
    html = page(client, "indeks-profesionalitas-asn")

    assert "belum dapat diajukan melalui portal ini" in html
    assert 'href="#komponen-prosedur"' in html
    assert reverse("nip_check") not in html.split("Cara mengajukan")[1].split("</section>")[0]
    # Seed 004 (run on the institution assessment's pages) gives no legal basis, staff count,
    # pledge...: said, not invented.
    html = page(client, "penilaian-kompetensi-lan")
    assert html.count("Tidak dicantumkan dalam standar pelayanan ini.") >= 8
    assert reverse("nip_check") not in html.split("Cara mengajukan")[1].split("</section>")[0]


def test_the_librarian_exam_is_applied_for_online(client):
    html = page(client, SERVICE_SLUG)

    section = html.split("Cara mengajukan")[1].split("</section>")[0]
    assert reverse("nip_check") in section
    assert "belum dapat diajukan" not in html


def test_seed_003_hours_show_friday_apart(client):
    html = page(client, "indeks-profesionalitas-asn")

    dash = "\u2013"  # the en dash of time ranges
    assert f"Senin{dash}Kamis" in html
    assert f"08.00{dash}15.30 WIB" in html
    assert f"istirahat 11.30{dash}13.00" in html
    assert "Jumat" in html
    assert f"08.30{dash}15.30 WIB" in html
    assert f"istirahat 11.00{dash}13.00" in html


def test_the_page_links_the_complaint_form_and_the_survey(client):
    html = page(client, "sertifikasi-profesi-pns")

    assert reverse("complaint_new") in html
    assert reverse("survey_public", args=["sertifikasi-profesi-pns"]) in html


def test_the_list_links_every_active_service(client):
    Service.objects.filter(slug="penilaian-kompetensi-lan").update(is_active=False)

    html = client.get(reverse("service_standards")).content.decode()

    for slug in SEEDED[:3]:
        assert reverse("service_standard", args=[slug]) in html
    assert "penilaian-kompetensi-lan" not in html
    assert (
        client.get(reverse("service_standard", args=["penilaian-kompetensi-lan"])).status_code
        == 404
    )


def test_the_list_is_kept_per_language_until_a_service_changes(client, settings):
    settings.PORTAL_PROVIDER_CACHE_SECONDS = 300

    def services_list() -> str:
        html = client.get(reverse("service_standards")).content.decode()
        start = html.index('<ul class="stack"')
        return html[start : html.index("</ul>", start)]

    with CaptureQueriesContext(connection) as cold:
        first = services_list()
    with CaptureQueriesContext(connection) as kept:
        assert services_list() == first
    # The services' query and the footer's directory are not made again.
    assert len(kept) == len(cold) - 2

    client.cookies["django_language"] = "en"
    assert (
        "Fill in the satisfaction survey"
        in client.get(reverse("service_standards")).content.decode()
    )
    client.cookies["django_language"] = "id"

    service = Service.objects.get(slug="penilaian-kompetensi-lan")
    service.name = "Penilaian <Baru>"
    service.save()
    assert "Penilaian &lt;Baru&gt;" in client.get(reverse("service_standards")).content.decode()
    service.is_active = False
    service.save()
    html = client.get(reverse("service_standards")).content.decode()
    assert reverse("service_standard", args=["penilaian-kompetensi-lan"]) not in html


def test_the_home_page_links_the_standard(client):
    html = client.get(reverse("home")).content.decode()

    assert reverse("service_standard", args=[SERVICE_SLUG]) in html
    assert reverse("service_standards") in html


def test_promised_time_limits_are_written_in_words(client):
    html = page(client, SERVICE_SLUG)

    assert "5 (lima) hari kerja" in html  # verification
    assert "2 (dua) hari kerja" in html  # data validation
    assert number_in_words(14) == "empat belas"
    assert number_in_words(30) == "tiga puluh"
    assert number_in_words(111) == "seratus sebelas"
    assert number_in_words(245) == "dua ratus empat puluh lima"


# What the portal measured -----------------------------------------------------------------


def at(day, hour=10, minute=0):
    return datetime(*day, hour, minute, tzinfo=WIB)


def verified(submitted, done):
    return ApplicationFactory(
        status=ApplicationStatus.VERIFIED, submitted_at=submitted, verified_at=done
    )


def test_measured_median_and_90th_percentile_are_the_hand_computed_working_days():
    service = Service.objects.get(slug=SERVICE_SLUG)
    Closure.objects.create(date=date(2026, 3, 5), name="Rapat kerja")
    # Verification, submitted_at -> verified_at, counted in WIB dates (2026 holidays):
    verified(at((2026, 2, 9)), at((2026, 2, 13), 0, 30))  # Tue-Fri = 4 (13 Feb 00.30 WIB is
    # still 12 Feb in UTC: counting UTC dates would give 3)
    verified(at((2026, 2, 13)), at((2026, 2, 18)))  # 16 cuti bersama, 17 Imlek: only 18 = 1
    verified(at((2026, 3, 17)), at((2026, 3, 25)))  # 18-24 Nyepi, Idul Fitri, cuti: 25 = 1
    verified(at((2026, 3, 2)), at((2026, 3, 9)))  # 3, 4, (5 closed), 6, 9 = 4
    verified(at((2026, 1, 14)), at((2026, 1, 21)))  # 15, (16 Isra Mikraj), 19, 20, 21 = 4
    verified(at((2026, 3, 26), 8), at((2026, 3, 26), 15))  # the same day = 0
    verified(at((2025, 7, 1)), at((2025, 9, 29)))  # ended before the period: not counted
    # Sorted: 0 1 1 4 4 4. Median (1 + 4) / 2 = 2.5; p90 = the ceil(0.9 x 6) = 6th value = 4.

    # Certificate issuance, validated_at -> issued_at: 16 Mar -> 25 Mar = 17, 25 = 2.
    certificate = CertificateFactory(
        status=CertificateStatus.SIGNING,
        level="Pustakawan Ahli Muda",
        validated_at=at((2026, 3, 16)),
        issued_at=at((2026, 3, 25)),
    )
    # Data validation, opened -> validated: 12 Mar -> 16 Mar = 13, 16 = 2.
    Certificate.objects.filter(pk=certificate.pk).update(created_at=at((2026, 3, 12)))
    # Complaint verification, received -> verified: 13 Feb -> 18 Feb = 1 (as above).
    Complaint.objects.create(
        tracking_code="ADU-7K3M-9QX2",
        kind="pengaduan",
        service=service,
        subject="Berkas",
        description="Tidak dapat mengunggah.",
        status=ComplaintStatus.VERIFIED,
        received_at=at((2026, 2, 13)),
        verified_at=at((2026, 2, 18)),
    )

    measurements = stage_measurements(
        service=service, time_limits=service.time_limits.all(), today=date(2026, 3, 31)
    )

    figures = {m.stage: (m.promised_days, m.count, m.median, m.p90) for m in measurements}
    assert [m.stage for m in measurements] == list(Stage.values)
    assert figures == {
        Stage.VERIFICATION: (5, 6, Decimal("2.5"), 4),
        Stage.DATA_VALIDATION: (2, 1, Decimal(2), 2),
        Stage.ISSUANCE: (1, 1, Decimal(2), 2),
        Stage.LEGALISATION: (1, 0, None, None),
        Stage.COMPLAINT_VERIFICATION: (3, 1, Decimal(1), 1),
        Stage.COMPLAINT_FOLLOW_UP: (5, 0, None, None),
    }


def test_the_period_is_the_last_six_months():
    assert measured_since(date(2026, 3, 31)) == date(2025, 9, 30)
    assert months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 1) == date(2025, 12, 15)


def test_without_cases_the_page_says_there_is_no_data_yet(client):
    html = page(client, SERVICE_SLUG)

    # One line per promised stage of the exam (six), none measured yet.
    assert html.count(">Belum ada data</td>") == 6
    assert "Belum ada data survei untuk semester ini." in html


def test_the_page_shows_measured_figures_and_the_last_semesters_ikm(client):
    today = timezone.localdate()
    submitted = today - timedelta(days=20)
    done = add_working_days(submitted, 3)
    for _ in range(3):
        verified(
            timezone.make_aware(datetime.combine(submitted, datetime.min.time())),
            timezone.make_aware(datetime.combine(done, datetime.min.time())),
        )
    assert working_days_between(submitted, done) == 3
    # Last semester: two answers (all 4, all 3) -> IKM 87.50, B. This semester's does not count.
    service = Service.objects.get(slug=SERVICE_SLUG)
    starts, _ends = last_semester(today).bounds()
    for value, when in [(4, starts), (3, starts + timedelta(days=40)), (1, timezone.now())]:
        response = SurveyResponse.objects.create(
            service=service, source=SurveySource.PUBLIC, **{f"u{n}": value for n in range(1, 10)}
        )
        SurveyResponse.objects.filter(pk=response.pk).update(submitted_at=when)

    html = page(client, SERVICE_SLUG)

    verification_row = html.split("Verifikasi berkas")[1].split("</tr>")[0]
    assert "5 (lima) hari kerja" in verification_row
    assert verification_row.count("3 hari kerja") == 2  # median and p90
    assert "(3 kasus)" in verification_row
    assert html.count(">Belum ada data</td>") == 5  # the other stages
    assert "87,50" in html
    assert "B · Baik" in html
    assert str(last_semester(today).label) in html


def _queries_for_page(client):
    with CaptureQueriesContext(connection) as queries:
        page(client, SERVICE_SLUG)
    return len(queries)


def test_the_page_query_count_does_not_grow_with_cases(client):
    today = timezone.localdate()

    def add_cases(count):
        for number in range(count):
            start = today - timedelta(days=30 + number)
            verified(
                timezone.make_aware(datetime.combine(start, datetime.min.time())),
                timezone.make_aware(datetime.combine(today, datetime.min.time())),
            )

    add_cases(2)
    few = _queries_for_page(client)
    add_cases(30)
    many = _queries_for_page(client)

    assert few == many
    assert many <= 16  # 14, and the workflow's steps with the provider's officials


def test_every_stage_with_a_time_limit_is_measured_by_the_app_that_keeps_it():
    assert set(_STAGE_SPANS) == set(Stage.values)
