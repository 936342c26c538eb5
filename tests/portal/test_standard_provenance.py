"""Where each text of a service standard comes from (issue 14, "Standard pages that tell the
truth"): the data migration's marks and corrections, an edit in the admin marking the text
"ditetapkan penyelenggara" with who and when, and the page saying so next to each text."""

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from portal.constants import Role, StandardComponent, StepKind, TextOrigin, TimeUnit
from portal.models import (
    ProviderHours,
    Requirement,
    Service,
    ServiceCompletionLimit,
    ServiceTextSource,
    ServiceTimeLimit,
)
from portal.services import service_standard_save, standard_row_save
from tests.factories import SERVICE_SLUG

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
LAN = "penilaian-kompetensi-lan"
SINGKAWANG_SERVICE = "indeks-profesionalitas-asn"
PROVIDER_SET = "Ditetapkan penyelenggara"
AT_SETUP = "saat penyiapan portal; tidak tercantum dalam dokumen sumber."
NOT_YET_ONLINE = "[kondisi belum diterapkan pelaksanaan uji kompetensi online]"


def librarian_exam() -> Service:
    return Service.objects.get(slug=SERVICE_SLUG)


def origins(service: Service) -> dict[str, str]:
    return dict(service.text_sources.values_list("component", "origin"))


def page(client, slug=SERVICE_SLUG) -> str:
    response = client.get(reverse("service_standard", args=[slug]))
    assert response.status_code == 200
    return response.content.decode()


def row_of(html: str, anchor: str) -> str:
    """The table row (<tr>...</tr>) of the standard page that holds `anchor`."""
    start = html.rindex("<tr", 0, html.index(anchor))
    return html[start : html.index("</tr>", start)]


# --- What the migration leaves ----------------------------------------------------------


def test_the_librarian_exams_portal_texts_are_marked_as_the_providers_entered_at_setup():
    marks = {source.component: source for source in librarian_exam().text_sources.all()}

    # Seed 000/001's own texts.
    for component in ("procedure", "time_limit_text", "fee", "complaint_handling"):
        assert marks[component].origin == TextOrigin.SOURCE, component
        assert marks[component].source_reference
    # Product 2, "SKM dua kali setahun", the maklumat and components 8-14: the portal's.
    for component in (
        "product",
        "legal_basis",
        "facilities",
        "staff_competence",
        "internal_supervision",
        "staff_count",
        "service_guarantee",
        "security_guarantee",
        "performance_evaluation",
        "pledge",
    ):
        mark = marks[component]
        assert mark.origin == TextOrigin.PROVIDER, component
        assert (mark.set_by, mark.set_at) == (None, None)  # entered at portal setup


def test_the_librarian_exams_time_limits_from_the_seed_and_from_the_portal_are_told_apart():
    limits = {limit.stage: limit for limit in librarian_exam().time_limits.all()}

    # Seed 000's certificate table, with its caveats.
    for stage in ("data_validation", "issuance", "legalisation"):
        assert limits[stage].origin == TextOrigin.SOURCE
        assert NOT_YET_ONLINE in limits[stage].note
    assert "Untuk estimasi 40 peserta" in limits["data_validation"].note
    # "Verifikasi berkas 5 hari kerja" and the complaint limits: in no seed.
    for stage in ("verification", "complaint_verification", "complaint_follow_up"):
        assert limits[stage].origin == TextOrigin.PROVIDER
        assert limits[stage].set_by is None


def test_the_librarian_exam_is_corrected_as_the_seeds_say():
    service = librarian_exam()
    help_texts = dict(service.requirements.values_list("code", "help_text"))
    names = dict(service.requirements.values_list("code", "name"))

    assert "dilegalisir" not in help_texts["ijazah"]  # seed 000: "Salinan Ijazah Terakhir"
    assert names["sk-jabatan"] == "Salinan SK pengangkatan dalam jabatan terakhir"
    assert "fungsional" not in help_texts["sk-jabatan"]
    assert set(service.requirements.values_list("origin", flat=True)) == {TextOrigin.SOURCE}
    assert (
        "Peraturan Perpustakaan Nasional Nomor 17 Tahun 2021 tentang Tata Cara Penyelenggaraan "
        "Uji Kompetensi Jabatan Fungsional Pustakawan" in service.legal_basis
    )
    assert NOT_YET_ONLINE in service.time_limit_text
    assert "(untuk estimasi 40 peserta)" in service.time_limit_text
    # The complaint channels are seed 001's; the portal's form is offered by the page's button.
    assert "Formulir pengaduan di portal ini" not in service.complaint_handling
    assert "Jl. Salemba Raya No. 28A" in service.complaint_handling
    assert service.staff_number is None  # no seed gives Perpusnas's number
    assert not service.provider.hours.exists()  # no seed gives Perpusnas's hours


def test_lans_garbled_limit_is_kept_as_written_with_a_note():
    service = Service.objects.get(slug=LAN)

    assert service.time_limit_text.count("jika jumlah peserta < 12> 12 orang") == 2
    assert "≤" not in service.time_limit_text
    mark = service.text_sources.get(component=StandardComponent.TIME_LIMIT_TEXT)
    assert mark.origin == TextOrigin.SOURCE
    assert "< 12> 12 orang" in mark.note


def test_the_other_seeded_services_texts_and_singkawangs_hours_are_their_seeds():
    for slug in ("sertifikasi-profesi-pns", SINGKAWANG_SERVICE, LAN):
        assert set(origins(Service.objects.get(slug=slug)).values()) == {TextOrigin.SOURCE}
    hours = ProviderHours.objects.filter(provider__slug="bkpsdm-kota-singkawang")
    assert hours.count() == 5
    assert set(hours.values_list("origin", flat=True)) == {TextOrigin.SOURCE}
    assert Service.objects.get(slug=SINGKAWANG_SERVICE).staff_number == 8
    assert Service.objects.get(slug="sertifikasi-profesi-pns").staff_number == 2


# --- The service layer and the admin ---------------------------------------------------------


def test_saving_a_changed_text_marks_it_the_providers_with_who_and_when(administrator):
    service = librarian_exam()
    service.pledge = "Kami sanggup menyelenggarakan layanan sesuai standar ini."
    before = timezone.now()

    marked = service_standard_save(service=service, actor=administrator)

    assert marked == [StandardComponent.PLEDGE]
    pledge = service.text_sources.get(component=StandardComponent.PLEDGE)
    assert pledge.origin == TextOrigin.PROVIDER
    assert pledge.set_by == administrator and pledge.set_at >= before
    # The texts not changed keep their mark.
    assert origins(service)[StandardComponent.PROCEDURE] == TextOrigin.SOURCE


def test_another_providers_administrator_is_refused_by_the_service(make_user, lan):
    """The admin's form offers only one's own providers; the service holds whatever else
    calls it: LAN's administrator changes no text nor row of Perpusnas's exam."""
    from django.core.exceptions import PermissionDenied

    from portal.constants import Role

    lan_admin = make_user("admin-lan", Role.ADMINISTRATOR, provider=lan, is_staff=True)
    service = librarian_exam()
    service.pledge = "Teks penyelenggara lain."
    limit = service.time_limits.get(stage="data_validation")
    limit.working_days = 99

    with pytest.raises(PermissionDenied):
        service_standard_save(service=service, actor=lan_admin)
    with pytest.raises(PermissionDenied):
        standard_row_save(row=limit, actor=lan_admin)

    assert librarian_exam().pledge != "Teks penyelenggara lain."
    limit.refresh_from_db()
    assert limit.working_days != 99


def test_a_provider_rewriting_a_source_text_takes_it_over():
    service = Service.objects.get(slug=LAN)
    service.time_limit_text = "Laporan ringkas paling lambat 10 hari kerja."

    service_standard_save(service=service, actor=None)

    mark = service.text_sources.get(component=StandardComponent.TIME_LIMIT_TEXT)
    assert (mark.origin, mark.source_reference, mark.note) == (TextOrigin.PROVIDER, "", "")


def test_the_staff_number_is_part_of_component_11():
    service = librarian_exam()
    ServiceTextSource.objects.filter(service=service, component="staff_count").delete()
    service.staff_number = 12

    assert service_standard_save(service=service, actor=None) == [StandardComponent.STAFF_COUNT]


def test_saving_a_row_marks_it_only_when_what_the_page_shows_changed(administrator):
    service = librarian_exam()
    photo = service.requirements.get(code="pas-foto")
    photo.max_size_kb = 4096  # a file rule, not the requirement

    assert standard_row_save(row=photo, actor=administrator) is False
    photo.refresh_from_db()
    assert (photo.origin, photo.max_size_kb) == (TextOrigin.SOURCE, 4096)

    limit = service.time_limits.get(stage="data_validation")
    limit.working_days = 3
    assert standard_row_save(row=limit, actor=administrator) is True
    limit.refresh_from_db()
    assert (limit.origin, limit.set_by, limit.source_reference) == (
        TextOrigin.PROVIDER,
        administrator,
        "",
    )


def _form_data(response) -> dict:
    """The admin change form's data as the page holds it, inlines included."""
    data = {}

    def add(form):
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None or value is False:
                continue
            if value is True:
                data[key] = "on"
            elif isinstance(value, (list, dict)) and field.__class__.__name__ == "JSONField":
                data[key] = json.dumps(value)
            elif isinstance(value, list):
                data[key] = [str(item) for item in value]
            else:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


def test_an_edit_in_the_admin_marks_the_text_and_the_row_with_the_editor(client, administrator):
    service = librarian_exam()
    url = reverse("admin:portal_service_change", args=[service.pk])
    client.force_login(administrator)
    data = _form_data(client.get(url))
    data["facilities"] = "Portal layanan dan ruang ujian daring."
    limits = {
        value: key.removesuffix("-stage")
        for key, value in data.items()
        if key.startswith("time_limits-") and key.endswith("-stage")
    }
    data[f"{limits['verification']}-working_days"] = "4"

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    facilities = service.text_sources.get(component=StandardComponent.FACILITIES)
    assert (facilities.origin, facilities.set_by) == (TextOrigin.PROVIDER, administrator)
    assert facilities.set_at is not None
    verification = ServiceTimeLimit.objects.get(service=service, stage="verification")
    assert (verification.working_days, verification.set_by) == (4, administrator)
    # What was saved unchanged keeps its mark.
    assert origins(service)[StandardComponent.PROCEDURE] == TextOrigin.SOURCE
    assert ServiceTimeLimit.objects.get(service=service, stage="issuance").origin == "source"
    assert set(Requirement.objects.filter(service=service).values_list("origin", flat=True)) == {
        TextOrigin.SOURCE
    }
    # The admin shows who.
    assert administrator.username in client.get(url).content.decode()


# --- The workflow's steps and completion limit (issue 15) -----------------------------------

CERTIFICATION = "sertifikasi-profesi-pns"


@pytest.fixture
def bkpsdm_admin(make_user):
    bkpsdm = Service.objects.get(slug=CERTIFICATION).provider
    return make_user("admin-bkpsdm", Role.ADMINISTRATOR, provider=bkpsdm, is_staff=True)


def test_an_edited_step_becomes_the_providers_and_an_unchanged_one_keeps_its_source(
    bkpsdm_admin,
):
    steps = Service.objects.get(slug=CERTIFICATION).steps
    verification = steps.get(kind=StepKind.VERIFICATION)
    check = steps.get(kind=StepKind.COMPLETENESS_CHECK)

    assert standard_row_save(row=check, actor=bkpsdm_admin) is False
    verification.limit_unit = TimeUnit.WORKING_DAYS
    verification.limit_amount = 5
    assert standard_row_save(row=verification, actor=bkpsdm_admin) is True

    verification.refresh_from_db()
    check.refresh_from_db()
    assert (verification.origin, verification.set_by, verification.source_reference) == (
        TextOrigin.PROVIDER,
        bkpsdm_admin,
        "",
    )
    assert verification.set_at is not None
    assert verification.time_limit().describe() == "5 (lima) hari kerja"
    assert (check.origin, check.set_by) == (TextOrigin.SOURCE, None)


def test_the_completion_limit_edited_becomes_the_providers(bkpsdm_admin):
    limit = ServiceCompletionLimit.objects.get(service__slug=CERTIFICATION)
    limit.limit_maximum = 25

    assert standard_row_save(row=limit, actor=bkpsdm_admin) is True
    limit.refresh_from_db()
    assert (limit.origin, limit.set_by, limit.limit_maximum) == (
        TextOrigin.PROVIDER,
        bkpsdm_admin,
        25,
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"limit_unit": TimeUnit.WORKING_DAYS, "limit_amount": 30, "limit_maximum": 14},
        {"limit_unit": TimeUnit.WORKING_DAYS, "limit_amount": None},
        {"limit_unit": "", "limit_amount": 3},
        {"limit_unit": "", "limit_amount": None, "limit_event": "kegiatan"},
        {"limit_unit": TimeUnit.WORKING_DAYS, "limit_amount": 5, "limit_anchor": "before"},
    ],
    ids=["range-upside-down", "unit-only", "amount-only", "event-only", "before-nothing"],
)
def test_a_step_whose_limit_does_not_read_as_one_is_refused_by_the_service(bkpsdm_admin, fields):
    step = Service.objects.get(slug=CERTIFICATION).steps.get(kind=StepKind.VERIFICATION)
    for name, value in fields.items():
        setattr(step, name, value)

    with pytest.raises(ValidationError):
        standard_row_save(row=step, actor=bkpsdm_admin)
    step.refresh_from_db()
    assert (step.limit_unit, step.origin) == ("", TextOrigin.SOURCE)


def test_another_providers_administrator_changes_no_step(make_user, lan):
    lan_admin = make_user("admin-lan", Role.ADMINISTRATOR, provider=lan, is_staff=True)
    step = Service.objects.get(slug=CERTIFICATION).steps.get(kind=StepKind.VERIFICATION)
    step.name = "Diubah"

    with pytest.raises(PermissionDenied):
        standard_row_save(row=step, actor=lan_admin)
    step.refresh_from_db()
    assert step.name != "Diubah"


def test_a_step_edited_in_the_admin_is_marked_with_the_editor(client, bkpsdm_admin):
    service = Service.objects.get(slug=CERTIFICATION)
    url = reverse("admin:portal_service_change", args=[service.pk])
    client.force_login(bkpsdm_admin)
    data = _form_data(client.get(url))
    prefixes = {
        value: key.removesuffix("-kind")
        for key, value in data.items()
        if key.startswith("steps-") and key.endswith("-kind")
    }
    verification = prefixes[StepKind.VERIFICATION]
    data[f"{verification}-limit_unit"] = TimeUnit.WORKING_DAYS
    data[f"{verification}-limit_amount"] = "3"

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    step = service.steps.get(kind=StepKind.VERIFICATION)
    assert (step.origin, step.set_by, step.limit_amount) == (TextOrigin.PROVIDER, bkpsdm_admin, 3)
    assert service.steps.get(kind=StepKind.DECISION).origin == TextOrigin.SOURCE
    assert service.completion_limit.origin == TextOrigin.SOURCE


def test_a_limit_that_does_not_read_is_an_error_on_the_admin_form_and_nothing_is_saved(
    client, bkpsdm_admin
):
    service = Service.objects.get(slug=CERTIFICATION)
    url = reverse("admin:portal_service_change", args=[service.pk])
    client.force_login(bkpsdm_admin)
    data = _form_data(client.get(url))
    data["completion_limit-0-limit_maximum"] = "10"  # below its minimum of 14
    data["facilities"] = "Diubah bersama batas waktu yang salah."

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Batas waktu tidak dapat dibaca" in response.content.decode()
    service.refresh_from_db()
    assert service.facilities != "Diubah bersama batas waktu yang salah."
    assert service.completion_limit.limit_maximum == 30


# --- The page --------------------------------------------------------------------------------


def test_each_text_on_the_page_says_where_it_comes_from(client):
    html = page(client)

    procedure = row_of(html, ">Sistem, mekanisme, dan prosedur<")
    assert "Dari dokumen sumber: Laman Layanan Uji Kompetensi Pustakawan" in procedure
    facilities = row_of(html, ">Sarana, prasarana, dan/atau fasilitas<")
    assert PROVIDER_SET in facilities and AT_SETUP in facilities
    product = row_of(html, ">Produk pelayanan<")
    assert PROVIDER_SET in product and "butir 2 teks portal" in product
    requirements = row_of(html, ">Persyaratan<")
    assert "Dari dokumen sumber: Laman Layanan Uji Kompetensi Pustakawan" in requirements
    assert PROVIDER_SET not in requirements
    maklumat = html.split('id="maklumat"')[1].split("</section>")[0]
    assert PROVIDER_SET in maklumat


def test_no_promise_is_shown_as_dijanjikan_without_its_mark(client):
    html = page(client)
    table = html.split(">Dijanjikan<")[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)

    assert len(rows) == 6
    for row in rows:
        promised = re.findall(r"<td>(.*?)</td>", row, re.S)[0]
        assert "Dari dokumen sumber" in promised or PROVIDER_SET in promised
    verification = row_of(table, ">Verifikasi berkas")
    assert PROVIDER_SET in verification and AT_SETUP in verification
    validation = row_of(table, ">Validasi data sertifikat")
    assert PROVIDER_SET not in validation
    assert "Untuk estimasi 40 peserta" in validation and NOT_YET_ONLINE in validation
    for stage in ("Penerbitan sertifikat", "Alih media dan legalisir"):
        assert NOT_YET_ONLINE in row_of(table, f">{stage}")


def test_a_text_the_provider_set_shows_the_date_but_not_who(client, make_user):
    editor = make_user("petugas-standar", first_name="Siti", last_name="Rahmawati")
    service = librarian_exam()
    ServiceTextSource.objects.filter(service=service, component="pledge").update(
        set_by=editor, set_at=datetime(2026, 11, 3, 9, 0, tzinfo=WIB)
    )

    html = page(client)

    maklumat = html.split('id="maklumat"')[1].split("</section>")[0]
    assert f"{PROVIDER_SET}</span>, 3 November 2026" in maklumat
    assert "Rahmawati" not in html and "petugas-standar" not in html


def test_hours_say_whether_the_source_gives_them(client):
    perpusnas = page(client).split('id="jam-layanan"')[1].split("</section>")[0]
    singkawang = page(client, SINGKAWANG_SERVICE).split('id="jam-layanan"')[1]
    singkawang = singkawang.split("</section>")[0]

    assert "Tidak dicantumkan. Dokumen sumber tidak menyebut jam layanan" in perpusnas
    assert "Dari dokumen sumber: Standar Pelayanan Indeks Profesionalitas ASN" in singkawang

    ProviderHours.objects.filter(provider__slug="bkpsdm-kota-singkawang", weekday=4).update(
        origin=TextOrigin.PROVIDER, set_at=datetime(2026, 11, 3, 9, 0, tzinfo=WIB)
    )
    singkawang = page(client, SINGKAWANG_SERVICE).split('id="jam-layanan"')[1]
    singkawang = singkawang.split("</section>")[0]
    assert f'Sebagian <span class="badge badge--info">{PROVIDER_SET}</span>, 3 November 2026' in (
        singkawang
    )


def test_a_requirement_the_provider_added_carries_its_own_badge(client):
    Requirement.objects.create(
        service=librarian_exam(), code="skp", order=10, name="Salinan SKP terakhir"
    )

    requirements = row_of(page(client), ">Persyaratan<")

    added = requirements.split("Salinan SKP terakhir")[1].split("</li>")[0]
    assert PROVIDER_SET in added
    assert "Yang bertanda" in requirements


def test_lans_page_shows_the_source_as_written_with_its_note(client):
    html = page(client, LAN)

    assert html.count("jika jumlah peserta &lt; 12&gt; 12 orang") == 2
    assert "Catatan: Ditulis seperti dalam dokumen sumber." in html


def test_component_11_states_a_number_or_says_it_is_not_given(client):
    singkawang = row_of(page(client, SINGKAWANG_SERVICE), ">Jumlah pelaksana<")
    librarian = row_of(page(client), ">Jumlah pelaksana<")

    assert singkawang.count("8 (delapan) orang") == 1  # the seed's text states it already
    assert "Jumlah orangnya tidak dicantumkan." in librarian

    Service.objects.filter(slug=SERVICE_SLUG).update(staff_number=14)
    assert "<strong>14 (empat belas) orang</strong>" in row_of(page(client), ">Jumlah pelaksana<")


def test_a_text_without_any_record_is_the_providers(client):
    ServiceTextSource.objects.filter(service=librarian_exam(), component="procedure").delete()

    procedure = row_of(page(client), ">Sistem, mekanisme, dan prosedur<")

    assert PROVIDER_SET in procedure and "Dari dokumen sumber" not in procedure
