"""The standard page of a service run by the workflow engine (seed 002): its steps as data, each
with who acts, its time limit and where it comes from; the completion limit as the engine counts
it; who provides each requirement; and, in place of "belum dapat diajukan", the link to propose
employees. The home page links the same way. The page's query count does not grow with steps."""

from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.calendar import working_days_between
from portal.constants import OfficialDuty, Role, StepActor, StepKind, TextOrigin, TimeUnit
from portal.models import ProviderOfficial, Service, ServiceCompletionLimit, ServiceStep

pytestmark = pytest.mark.django_db

SEED_002 = "sertifikasi-profesi-pns"
LAN_SERVICE = "penilaian-kompetensi-lan"
OTHER_SERVICE = "indeks-profesionalitas-asn"
# The engine's proposals page, by its path (its route is another part's; not reversed here).
PROPOSALS_PATH = "/permohonan-layanan/usulan/"
SOURCE = "Standar Pelayanan Sertifikasi Profesi bagi Pegawai Negeri Sipil, BKPSDM"


def page(client, slug=SEED_002) -> str:
    response = client.get(reverse("service_standard", args=[slug]))
    assert response.status_code == 200
    return response.content.decode()


def steps_section(html: str) -> str:
    start = html.rindex("<section", 0, html.index('id="langkah-layanan"'))
    return html[start : html.index("</section>", start)]


def step_item(html: str, name: str) -> str:
    section = steps_section(html)
    start = section.rindex("<li", 0, section.index(name))
    return section[start : section.index("</li>", start)]


def certification() -> Service:
    return Service.objects.get(slug=SEED_002)


def test_every_step_is_listed_in_order_with_who_acts(client):
    html = page(client)

    names = list(certification().steps.order_by("order").values_list("name", flat=True))
    assert len(names) == 9
    positions = [steps_section(html).index(name) for name in names]
    assert positions == sorted(positions)
    assert "Operator instansi pemohon" in step_item(html, names[0])
    assert "Tim verifikasi" in step_item(html, "Petugas melakukan pemeriksaan kelengkapan berkas")
    assert "Sertifikat Kompetensi Profesi" in step_item(html, "Penerbitan sertifikat LSP")


def test_a_step_without_a_time_limit_says_so_and_one_with_a_limit_says_it_as_the_standard(
    client,
):
    step = certification().steps.get(kind=StepKind.VERIFICATION)
    html = page(client)
    assert "Tidak dicantumkan" in step_item(html, step.name)

    step.limit_unit = TimeUnit.WORKING_DAYS
    step.limit_amount = 3
    step.save()
    html = page(client)

    assert "3 (tiga) hari kerja" in step_item(html, step.name)
    assert "Tidak dicantumkan" not in step_item(html, step.name)


def test_each_step_says_where_it_comes_from(client):
    html = page(client)

    from_source = step_item(html, "Verifikasi administrasi dan substantif oleh BKPSDM")
    assert f"Dari dokumen sumber: {SOURCE}, sistem, mekanisme dan prosedur." in from_source
    # The Surat Keterangan Hasil's issuance is the portal's addition, not in the seed.
    set_up = step_item(html, "Penerbitan Surat Keterangan Hasil Uji Kompetensi")
    assert "Ditetapkan penyelenggara" in set_up
    assert "Dari dokumen sumber" not in set_up


def test_a_step_the_provider_edited_shows_the_date_it_was_set(client):
    step = certification().steps.get(kind=StepKind.COMPLETENESS_CHECK)
    step.origin = TextOrigin.PROVIDER
    step.set_at = timezone.make_aware(timezone.datetime(2026, 11, 3, 10))
    step.save()

    item = step_item(page(client), step.name)

    assert "Ditetapkan penyelenggara" in item
    assert "3 November 2026" in item


def test_an_officials_step_names_the_providers_office_when_it_has_one(client):
    service = certification()
    step = service.steps.get(kind=StepKind.DECISION)
    assert "Pejabat penandatangan" in step_item(page(client), step.name)

    ProviderOfficial.objects.create(
        provider=service.provider, duty=OfficialDuty.SIGNING, title="Kepala BKPSDM"
    )

    assert "Pejabat penandatangan (Kepala BKPSDM)" in step_item(page(client), step.name)


def test_the_completion_limit_is_shown_with_its_source(client):
    html = page(client)
    row = html[html.index('id="komponen-jangka-waktu"') : html.index('id="komponen-biaya"')]

    assert "Dihitung di portal ini:" in row
    assert (
        "<strong>14 (empat belas) sampai dengan 30 (tiga puluh) hari kerja sejak berkas "
        "dinyatakan lengkap dan benar</strong>"
    ) in row
    assert f"Dari dokumen sumber: {SOURCE}, jangka waktu penyelesaian." in row


def test_a_service_without_a_completion_limit_shows_none(client):
    ServiceCompletionLimit.objects.filter(service=certification()).delete()

    assert "Dihitung di portal ini:" not in page(client)


def test_each_requirement_says_who_provides_it_and_the_form_is_filled_in_the_portal(client):
    html = page(client)
    start = html.index('id="komponen-persyaratan"')
    row = html[start : html.index("</tr>", start)]

    def item(name):
        begin = row.rindex("<li", 0, row.index(name))
        return row[begin : row.index("</li>", begin)]

    assert "Disediakan oleh: Pemohon" in item("Fotokopi SK Pangkat terakhir")
    assert "Disediakan oleh: Perangkat Daerah/unit kerja" in item(
        "Surat Rekomendasi dari Sekretaris Daerah"
    )
    assert "Disediakan oleh: Penyelenggara kegiatan/LSP" in item("Surat Permohonan Proposal")
    assert "diisi di portal" in item("Formulir pendaftaran")
    assert "diisi di portal" not in item("Pas foto terbaru")


def test_the_engines_service_links_to_proposals_instead_of_saying_it_cannot_be_applied_for(
    client,
):
    html = page(client)

    assert "belum dapat diajukan melalui portal ini" not in html
    assert f'href="{PROPOSALS_PATH}"' in html
    assert "Ajukan usulan" in html
    assert "Portal ini dapat diakses setiap saat" in html


def test_a_service_run_elsewhere_still_says_so_and_has_no_steps_section(client):
    # A service with no online flow (here seed 003's, taken off the portal) shows no steps; seed 004
    # (LAN) is run on the institution assessment's pages (tests/assessments/test_public_*).
    # Run elsewhere: no online flow, no steps entered.
    Service.objects.filter(slug=OTHER_SERVICE).update(online_flow="")
    ServiceStep.objects.filter(service__slug=OTHER_SERVICE).delete()
    html = page(client, OTHER_SERVICE)

    assert "belum dapat diajukan melalui portal ini" in html
    assert PROPOSALS_PATH not in html
    assert 'id="langkah-layanan"' not in html


def test_the_home_page_links_the_engines_service_to_its_proposals_and_steps(client):
    response = client.get(reverse("home"))
    html = response.content.decode()
    link = reverse("service_standard", args=[SEED_002])
    start = html.rindex('<li class="service-entry">', 0, html.index(f'href="{link}"'))
    entry = html[start : html.index("</dl>", start)]

    assert "Daring di portal ini" in entry
    assert f'href="{PROPOSALS_PATH}"' in entry
    assert f'href="{link}#langkah-layanan"' in entry
    assert 'href="#daftar-online"' not in entry  # the librarian exam's section


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        page(client)
    return len(queries)


def test_the_page_query_count_does_not_grow_with_steps_or_officials(client):
    service = certification()
    few = _queries(client)
    for order in range(10, 30):
        ServiceStep.objects.create(
            service=service,
            order=order,
            kind=StepKind.APPROVAL,
            name=f"Persetujuan {order}",
            actor=Role.SIGNING_OFFICIAL if order % 2 else StepActor.APPLICANT,
            limit_unit=TimeUnit.WORKING_DAYS,
            limit_amount=2,
        )
    for order in range(3):
        ProviderOfficial.objects.create(
            provider=service.provider, duty=OfficialDuty.SIGNING, title=f"Pejabat {order}"
        )

    assert _queries(client) == few
    assert few <= 16


def _completed_case(number: int, started, closed):
    from casework.constants import CaseState
    from casework.models import Case
    from registration.models import Rank

    user = get_user_model().objects.create_user(username=f"operator-{number}")
    return Case.objects.create(
        service=certification(),
        submitted_by=user,
        state=CaseState.COMPLETED,
        nip=f"19880314201201200{number}",
        name=f"Pegawai {number}",
        birth_place="Pontianak",
        birth_date=date(1988, 3, 14),
        sex="P",
        rank=Rank.objects.get(code="III/a"),
        position="Perawat",
        work_unit="Puskesmas",
        education="S1",
        scheme="Perawat",
        email=f"pegawai{number}@example.test",
        phone="081234567890",
        clock_started_at=started,
        closed_at=closed,
    )


def test_the_completion_limit_is_measured_on_the_completed_cases(client):
    html = page(client)
    assert "Terukur: belum ada permohonan yang selesai." in html

    today = timezone.localdate()
    closed = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    for number, days in enumerate((10, 20, 30)):
        started_on = today - timedelta(days=days)
        started = timezone.make_aware(datetime.combine(started_on, datetime.min.time()))
        _completed_case(number, started, closed)
    expected = sorted(
        working_days_between(today - timedelta(days=days), today) for days in (10, 20, 30)
    )

    row = page(client)
    row = row[row.index('id="komponen-jangka-waktu"') : row.index('id="komponen-biaya"')]

    assert f"median {expected[1]} hari kerja" in row
    assert f"90% selesai dalam {expected[2]} hari kerja (3 permohonan selesai)" in row


def test_the_measured_completion_costs_the_same_queries_however_many_cases(client):
    today = timezone.localdate()
    closed = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    started = closed - timedelta(days=20)
    _completed_case(0, started, closed)
    one = _queries(client)
    for number in range(1, 8):
        _completed_case(number, started, closed)

    assert _queries(client) == one
    assert one <= 18
