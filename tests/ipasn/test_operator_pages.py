"""The Perangkat Daerah's pages of the IP-ASN report: who may open them (the operator of the
report's Perangkat Daerah; another's gets 404 on every address, files included; anyone else
403 or the login page), the draft's task list, the cover letter and the recap refused with the
field's error or the table of every bad cell (nothing saved), the submission and its
confirmation with the nomor agenda, the return's reasons and the resubmission, the laporan's
downloads once signed, a double click recorded once, and the list's queries constant."""

import io
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from openpyxl import load_workbook

from ipasn.constants import ReportState
from ipasn.models import Report, Routing
from ipasn.recap import recap_read, recap_template
from ipasn.services import reports as services
from portal.constants import Role
from tests.ipasn.conftest import pdf_upload

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RINA = "198609262015052001"
BUDI = "197503152000031002"
FILE_KINDS = ("surat", "rekapitulasi", "bukti-unggah", "laporan-xlsx", "laporan-pdf")


def report_urls(report) -> list[str]:
    """Every operator address of one report, files included."""
    args = [report.public_id]
    return [
        reverse("ipasn_report", args=args),
        reverse("ipasn_report_letter", args=args),
        reverse("ipasn_report_recap", args=args),
        reverse("ipasn_report_submit", args=args),
        reverse("ipasn_report_withdraw", args=args),
        *(reverse("ipasn_file", args=[*args, kind]) for kind in FILE_KINDS),
    ]


def draft(ipasn_service, pd, pd_operator, year=None):
    return services.report_create(
        service=ipasn_service,
        institution=pd,
        operator=pd_operator,
        year=year or timezone.localdate().year,
    )


def recap_bytes(employees) -> bytes:
    """The portal's template with these rows on the sheet "Pegawai", as an operator fills it."""
    workbook = load_workbook(io.BytesIO(recap_template()))
    for row in employees:
        workbook["Pegawai"].append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def employee(nip=RINA, name="Rina Wulandari", education="S-1/D-IV (Sarjana/Diploma IV)"):
    return [
        nip,
        name,
        education,
        "Jabatan Fungsional",
        "Analis Kepegawaian Ahli Muda",
        "Baik",
        "Tidak pernah dijatuhi hukuman disiplin",
    ]


def body(response) -> bytes:
    """A file response read to its end (its file closed; not response.close(), which ends the
    request and closes the test's database connection)."""
    return b"".join(response.streaming_content)


def xlsx_upload(data: bytes):
    return SimpleUploadedFile("rekap.xlsx", data, content_type=XLSX)


@pytest.fixture
def other_pd_operator(make_pd):
    return make_pd("Dinas Kesehatan Kota Singkawang", operator="operator-dinkes").operators.get()


@pytest.fixture
def outsider(make_user):
    return make_user("orang-luar")


# --- Who may see -------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client, make_report):
    report = make_report(1)
    for url in [reverse("ipasn_home"), reverse("ipasn_template"), *report_urls(report)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login")), url
    assert client.post(reverse("ipasn_create")).status_code == 302


def test_another_pd_operator_gets_404_on_every_address_of_a_report(
    client, make_report, other_pd_operator
):
    report = make_report(1)
    client.force_login(other_pd_operator)
    for url in report_urls(report):
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code in (404, 405), url  # the page itself: GET only
    # Their own home does not list it, and nothing changed.
    assert str(report.public_id) not in client.get(reverse("ipasn_home")).content.decode()
    assert Report.objects.get(pk=report.pk).state == ReportState.DRAFT


def test_a_user_who_operates_no_pd_is_refused(client, make_report, outsider):
    report = make_report(1)
    client.force_login(outsider)
    assert client.get(reverse("ipasn_home")).status_code == 403
    assert client.post(reverse("ipasn_create"), {"year": 2025}).status_code == 403
    pages, files = report_urls(report)[:5], report_urls(report)[5:]
    for url in pages:
        assert client.get(url).status_code == 403, url
    for url in files:  # as for every private file: not even whether the report exists
        assert client.get(url).status_code == 404, url


def test_officials_of_another_provider_get_404_on_files(
    client, make_report, other_provider_officials
):
    report = make_report(2)
    client.force_login(other_provider_officials)
    for kind in FILE_KINDS:
        assert client.get(reverse("ipasn_file", args=[report.public_id, kind])).status_code == 404
    assert client.get(reverse("ipasn_home")).status_code == 403


def test_an_official_of_the_service_reads_the_files_but_not_the_operator_pages(
    client, make_report, officials
):
    report = make_report(2)
    clerk = officials[Role.ADMIN_CLERK]
    client.force_login(clerk)
    response = client.get(reverse("ipasn_file", args=[report.public_id, "surat"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert body(response).startswith(b"%PDF")
    assert client.get(reverse("ipasn_home")).status_code == 403
    assert client.post(reverse("ipasn_report_submit", args=[report.public_id])).status_code == 403
    response = client.get(reverse("ipasn_report", args=[report.public_id]))
    try:
        staff_url = reverse("ipasn_staff_report", args=[report.public_id])
    except NoReverseMatch:
        assert response.status_code == 403  # until the officials' pages are in the URLconf
    else:
        assert response.status_code == 302 and response.url == staff_url


# --- Home and the draft ------------------------------------------------------------------------


def test_home_lists_the_pds_reports_and_offers_the_template(client, make_report, pd_operator):
    report = make_report(2)
    client.force_login(pd_operator)
    response = client.get(reverse("ipasn_home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert report.reference in page
    assert reverse("ipasn_report", args=[report.public_id]) in page
    assert reverse("ipasn_template") in page
    assert "Riwayat Jabatan" in page and "Diklat" in page


def test_create_twice_keeps_one_draft_and_lands_on_it(client, pd, pd_operator):
    client.force_login(pd_operator)
    data = {"institution": pd.pk, "year": timezone.localdate().year}
    first = client.post(reverse("ipasn_create"), data)
    report = Report.objects.get()
    assert first.status_code == 302
    assert first.url == reverse("ipasn_report", args=[report.public_id])
    second = client.post(reverse("ipasn_create"), data, follow=True)
    assert Report.objects.count() == 1
    assert second.redirect_chain[-1][0] == reverse("ipasn_report", args=[report.public_id])
    assert "sudah ada dan belum selesai" in second.content.decode()


def test_create_with_a_year_out_of_range_re_renders_with_the_error(client, pd, pd_operator):
    client.force_login(pd_operator)
    response = client.post(reverse("ipasn_create"), {"institution": pd.pk, "year": 2010})
    assert response.status_code == 400
    assert 'href="#id_year"' in response.content.decode()
    assert not Report.objects.exists()


def test_an_unverified_pd_is_told_why_it_cannot_start(client, pd, pd_operator):
    pd.verified_at = None
    pd.save(update_fields=["verified_at"])
    client.force_login(pd_operator)
    response = client.post(reverse("ipasn_create"), {"institution": pd.pk, "year": 2025})
    assert response.status_code == 400
    assert "belum diverifikasi" in response.content.decode()


def test_the_draft_shows_its_task_list(client, ipasn_service, pd, pd_operator):
    report = draft(ipasn_service, pd, pd_operator)
    client.force_login(pd_operator)
    page = client.get(reverse("ipasn_report", args=[report.public_id])).content.decode()
    assert "Surat pengantar" in page and "Rekapitulasi data pegawai" in page
    assert page.count(">Belum</span>") == 2
    assert "Unggah surat pengantar dari perangkat daerah (PDF)." in page  # why it cannot go yet
    assert reverse("ipasn_report_submit", args=[report.public_id]) not in page


def test_a_letter_that_is_no_pdf_is_refused_on_its_field(client, ipasn_service, pd, pd_operator):
    report = draft(ipasn_service, pd, pd_operator)
    client.force_login(pd_operator)
    fake = SimpleUploadedFile("surat.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(
        reverse("ipasn_report_letter", args=[report.public_id]), {"cover_letter": fake}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_cover_letter"' in page
    assert "field--error" in page
    assert not Report.objects.get(pk=report.pk).cover_letter


def test_a_missing_file_is_refused_on_its_field(client, ipasn_service, pd, pd_operator):
    report = draft(ipasn_service, pd, pd_operator)
    client.force_login(pd_operator)
    response = client.post(reverse("ipasn_report_letter", args=[report.public_id]), {})
    assert response.status_code == 400
    assert "Pilih berkas surat pengantar (PDF)." in response.content.decode()
    response = client.post(reverse("ipasn_report_recap", args=[report.public_id]), {})
    assert response.status_code == 400
    assert 'href="#id_recap_file"' in response.content.decode()


def test_a_letter_is_stored_and_the_task_done(client, ipasn_service, pd, pd_operator):
    report = draft(ipasn_service, pd, pd_operator)
    client.force_login(pd_operator)
    response = client.post(
        reverse("ipasn_report_letter", args=[report.public_id]), {"cover_letter": pdf_upload()}
    )
    assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).cover_letter
    page = client.get(reverse("ipasn_report", args=[report.public_id])).content.decode()
    assert page.count(">Sudah</span>") == 1
    assert reverse("ipasn_file", args=[report.public_id, "surat"]) in page


def test_reloading_the_recap_address_lands_on_the_page(client, ipasn_service, pd, pd_operator):
    report = draft(ipasn_service, pd, pd_operator)
    client.force_login(pd_operator)
    response = client.get(reverse("ipasn_report_recap", args=[report.public_id]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("ipasn_report", args=[report.public_id]))


# --- The recap ----------------------------------------------------------------------------------


def test_a_bad_recap_is_refused_whole_with_a_table_of_its_cells(
    client, ipasn_service, pd, pd_operator
):
    report = draft(ipasn_service, pd, pd_operator)
    data = recap_bytes(
        [
            employee(nip="12345", name="NIP terlalu pendek"),
            employee(nip=BUDI, name="Budi", education="Sekolah rakyat kelas 2"),
            employee(nip=RINA, name="Rina"),
        ]
    )
    client.force_login(pd_operator)
    response = client.post(
        reverse("ipasn_report_recap", args=[report.public_id]), {"recap_file": xlsx_upload(data)}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Rekapitulasi ditolak: 2 isian perlu diperbaiki." in page
    for header in ("Sheet", "Baris", "Kolom", "Isi", "Masalah"):
        assert f'<th scope="col">{header}</th>' in page
    assert "12345" in page and "Sekolah rakyat kelas 2" in page
    assert "Tidak ada data yang disimpan." in page
    assert not report.entries.exists()  # whole or nothing: Rina's good row is not kept
    assert not Report.objects.get(pk=report.pk).recap_file


def test_a_bad_recap_keeps_the_previous_one_and_says_so(client, make_report, pd_operator):
    report = make_report(1, entries=4)
    before = list(report.entries.values_list("nip", flat=True))
    client.force_login(pd_operator)
    response = client.post(
        reverse("ipasn_report_recap", args=[report.public_id]),
        {"recap_file": xlsx_upload(recap_bytes([employee(nip="1986")]))},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Tidak ada data yang disimpan; rekapitulasi sebelumnya tetap dipakai." in page
    assert list(report.entries.values_list("nip", flat=True)) == before


def test_a_good_recap_is_accepted_with_its_count(client, ipasn_service, pd, pd_operator):
    report = draft(ipasn_service, pd, pd_operator)
    data = recap_bytes([employee(nip=RINA), employee(nip=BUDI, name="Budi Santoso")])
    client.force_login(pd_operator)
    response = client.post(
        reverse("ipasn_report_recap", args=[report.public_id]),
        {"recap_file": xlsx_upload(data)},
        follow=True,
    )
    page = response.content.decode()
    assert report.entries.count() == 2
    assert "Rekapitulasi diterima: 2 pegawai." in page
    assert "Diterima (2 pegawai)" in page


def test_the_template_downloads_for_any_signed_in_user(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("ipasn_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    assert response.content[:4] == b"PK\x03\x04"
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Petunjuk", "Pegawai", "Riwayat Jabatan", "Diklat"]
    # The template itself, unfilled, is read as having no employees yet.
    assert [e.sheet for e in recap_read(response.content, today=date.today()).errors] == ["Pegawai"]


# --- Submission, return, laporan ----------------------------------------------------------------


def test_submitting_shows_the_nomor_agenda_and_what_happens_next(
    client, make_report, pd_operator, ipasn_service
):
    report = make_report(1)
    client.force_login(pd_operator)
    response = client.post(reverse("ipasn_report_submit", args=[report.public_id]), follow=True)
    report.refresh_from_db()
    page = response.content.decode()
    assert report.state == ReportState.ROUTING
    assert report.reference in page
    assert "Laporan telah disampaikan ke BKPSDM" in page
    limit = ipasn_service.completion_limit.time_limit().describe()
    assert limit in page  # the service's own limit, never a copy
    assert "jam pelayanan" in page
    assert "Petugas Administrasi" in page  # the route names the role at each step


def test_a_double_click_on_submit_is_recorded_once(client, make_report, pd_operator):
    report = make_report(1)
    client.force_login(pd_operator)
    url = reverse("ipasn_report_submit", args=[report.public_id])
    client.post(url)
    second = client.post(url, follow=True)
    report.refresh_from_db()
    assert report.state == ReportState.ROUTING
    assert Report.objects.exclude(reference="").count() == 1
    assert Routing.objects.filter(report=report).count() == 2  # the submission, the clerk's
    assert "Laporan ini sudah disampaikan." in second.content.decode()


def test_a_returned_report_shows_its_reasons_and_goes_back_when_resubmitted(
    client, make_report, pd_operator, officials
):
    report = make_report(7)
    services.report_return(
        report=report,
        actor=officials[Role.PERSONNEL_ANALYST],
        reasons="Kolom pendidikan 12 pegawai kosong; lengkapi.",
    )
    client.force_login(pd_operator)
    page = client.get(reverse("ipasn_report", args=[report.public_id])).content.decode()
    assert "Laporan dikembalikan untuk diperbaiki" in page
    assert "Kolom pendidikan 12 pegawai kosong; lengkapi." in page
    assert "Sampaikan kembali" in page
    assert reverse("ipasn_report_recap", args=[report.public_id]) in page
    home = client.get(reverse("ipasn_home")).content.decode()
    assert "perlu diperbaiki" in home
    client.post(reverse("ipasn_report_submit", args=[report.public_id]))
    report.refresh_from_db()
    assert report.state == ReportState.ROUTING
    assert report.step.actor == Role.PERSONNEL_ANALYST


def test_the_pd_sees_roles_not_officials_names(client, make_report, pd_operator, officials):
    report = make_report(4)
    clerk = officials[Role.ADMIN_CLERK]
    clerk.first_name, clerk.last_name = "Sri", "Rahayu"
    clerk.save(update_fields=["first_name", "last_name"])
    client.force_login(pd_operator)
    page = client.get(reverse("ipasn_report", args=[report.public_id])).content.decode()
    assert "Sri Rahayu" not in page
    assert "Sekretaris Badan" in page


def test_the_laporan_reaches_the_pd_only_once_signed(client, make_report, pd_operator, officials):
    report = make_report(2)
    report.result_pdf.save("laporan.pdf", ContentFile(b"%PDF-1.7 laporan"), save=False)
    report.result_xlsx.save("laporan.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    pdf_url = reverse("ipasn_file", args=[report.public_id, "laporan-pdf"])
    client.force_login(pd_operator)
    assert client.get(pdf_url).status_code == 404
    client.force_login(officials[Role.DIVISION_HEAD])
    response = client.get(pdf_url)
    assert response.status_code == 200
    assert body(response) == b"%PDF-1.7 laporan"
    # Signed and sent (the laporan's own services do this; here only its outcome).
    Report.objects.filter(pk=report.pk).update(
        state=ReportState.COMPLETED, result_signed_at=timezone.now(), closed_at=timezone.now()
    )
    client.force_login(pd_operator)
    page = client.get(reverse("ipasn_report", args=[report.public_id])).content.decode()
    assert "Laporan Data IP-ASN selesai" in page
    assert pdf_url in page
    response = client.get(pdf_url + "?unduh=1")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="laporan-data-ip-asn-ipasn-' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert body(response) == b"%PDF-1.7 laporan"
    xlsx = client.get(reverse("ipasn_file", args=[report.public_id, "laporan-xlsx"]))
    assert xlsx["Content-Type"] == XLSX and "attachment" in xlsx["Content-Disposition"]
    assert body(xlsx) == b"PK\x03\x04"


def test_an_unknown_file_kind_is_404(client, make_report, pd_operator):
    report = make_report(1)
    client.force_login(pd_operator)
    assert client.get(reverse("ipasn_file", args=[report.public_id, "lainnya"])).status_code == 404
    response = client.get(reverse("ipasn_file", args=[report.public_id, "surat"]))
    assert response.status_code == 200
    assert 'inline; filename="surat-pengantar-draf-' in response["Content-Disposition"]
    assert body(response).startswith(b"%PDF")


def test_withdrawing_a_draft(client, make_report, pd_operator):
    report = make_report(1)
    client.force_login(pd_operator)
    response = client.post(reverse("ipasn_report_withdraw", args=[report.public_id]), follow=True)
    report.refresh_from_db()
    assert report.state == ReportState.WITHDRAWN
    assert "Laporan ditarik" in response.content.decode()
    # Nothing more can be changed.
    response = client.post(
        reverse("ipasn_report_letter", args=[report.public_id]), {"cover_letter": pdf_upload()}
    )
    assert response.status_code == 302
    assert not Report.objects.filter(pk=report.pk, state=ReportState.DRAFT).exists()


def test_a_sent_report_cannot_be_changed_by_its_operator(client, make_report, pd_operator):
    report = make_report(3)
    letter = report.cover_letter.name
    client.force_login(pd_operator)
    response = client.post(
        reverse("ipasn_report_letter", args=[report.public_id]),
        {"cover_letter": pdf_upload()},
        follow=True,
    )
    assert "tidak dapat diubah lagi" in response.content.decode()
    assert Report.objects.get(pk=report.pk).cover_letter.name == letter


# --- Queries ------------------------------------------------------------------------------------


def test_home_queries_do_not_grow_with_the_reports(client, make_report, pd_operator):
    make_report(2)
    client.force_login(pd_operator)
    client.get(reverse("ipasn_home"))  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("ipasn_home")).status_code == 200
    more = [make_report(1, year=year, entries=2) for year in range(2019, 2024)]
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("ipasn_home")).content.decode()
    assert all(reverse("ipasn_report", args=[r.public_id]) in page for r in more)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_home_reads_the_operators_only_pd_once_for_the_form(client, make_report, pd_operator):
    """The form's Perangkat Daerah field (hidden when there is one) reads the operator's PDs in
    one query, not a count and then the first one."""
    make_report(2)
    client.force_login(pd_operator)
    client.get(reverse("ipasn_home"))  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("ipasn_home")).content.decode()
    assert 'type="hidden" name="institution"' in page
    reads = [
        q["sql"] for q in queries.captured_queries if 'FROM "casework_institution"' in q["sql"]
    ]
    assert not [sql for sql in reads if "COUNT(" in sql], reads
    assert len([sql for sql in reads if not sql.startswith("SELECT 1 AS")]) == 1, reads


def test_report_page_queries_do_not_grow_with_the_recap(client, make_report, pd_operator):
    small = make_report(1, entries=2, year=2024)
    large = make_report(1, entries=80, year=2025)
    # Every employee of the large recap lacks a value: the page lists the first ones only.
    large.entries.update(missing=["Pendidikan terakhir"])
    small.entries.update(missing=["Pendidikan terakhir"])
    client.force_login(pd_operator)
    client.get(reverse("ipasn_report", args=[small.public_id]))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("ipasn_report", args=[small.public_id]))
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("ipasn_report", args=[large.public_id])).content.decode()
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert "80 pegawai pada rekapitulasi belum lengkap datanya." in page
    assert "Ditampilkan 50 pegawai pertama." in page
