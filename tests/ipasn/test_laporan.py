"""The Laporan Data IP-ASN (seed 003, procedure item 4): the processing unit makes it at step 9
(the XLSX), the Kabid signs it at step 10 (the PDF, PAdES with the provider's key) and the report
is done; the agency's laporan for a year across Perangkat Daerah. Real WeasyPrint, real pyHanko,
real database: the PDFs are read back as text, the XLSX with openpyxl."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import load_workbook
from pypdf import PdfReader

from casework.exceptions import CaseError, CaseForbidden
from casework.pdf import signer_name
from ipasn import documents
from ipasn.constants import ReportState
from ipasn.models import AgencySummary, RecapEntry, Report, ScoreRule, ScoringDimension
from ipasn.services import reports as report_services
from ipasn.services.agency import agency_summary_create
from portal.constants import Role
from portal.models import Event, Service
from tests.certificates.test_signing import assert_signed_pades, demo_p12, signing_key
from tests.ipasn.conftest import entries_add, pdf_upload, step_done

__all__ = ["demo_p12", "signing_key"]  # fixtures

pytestmark = pytest.mark.django_db

# Four employees of the Perangkat Daerah, one per category the test reads back, and one whose
# recap left two fields blank.
EMPLOYEES = [
    # (name, position, scores (kualifikasi, kompetensi, kinerja, disiplin), index, category,
    #  missing)
    ("Ani Rahmawati, S.Pd.", "Guru Ahli Muda", ("25", "40", "30", "5"), "100", "sangat_tinggi", []),
    ("Budi Santoso", "Pengadministrasi Umum", ("20", "22.5", "30", "5"), "77.5", "sedang", []),
    (
        '=HYPERLINK("http://x.test","klik")',
        "Analis Kepegawaian Ahli Pertama",
        ("25", "40", "18", "5"),
        "88",
        "tinggi",
        [],
    ),
    (
        "Candra Wijaya",
        "",
        ("0", "22.5", "0", "5"),
        "27.5",
        "sangat_rendah",
        ["pendidikan terakhir", "penilaian kinerja"],
    ),
]


def pdf_text(pdf: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )


def employees_set(report: Report) -> list[RecapEntry]:
    """The entries of `report` (made by entries_add) given the names, scores and blanks above,
    as report_recap_attach would have scored them."""
    entries = list(report.entries.order_by("row"))
    for entry, (name, position, scores, index, category, missing) in zip(
        entries, EMPLOYEES, strict=True
    ):
        entry.name = name
        entry.position_title = position
        (
            entry.qualification_score,
            entry.competence_score,
            entry.performance_score,
            entry.discipline_score,
        ) = (Decimal(score) for score in scores)
        entry.index = Decimal(index)
        entry.category = category
        entry.missing = missing
    RecapEntry.objects.bulk_update(
        entries,
        [
            "name",
            "position_title",
            "qualification_score",
            "competence_score",
            "performance_score",
            "discipline_score",
            "index",
            "category",
            "missing",
        ],
    )
    return entries


@pytest.fixture
def kabid(officials):
    user = officials[Role.DIVISION_HEAD]
    user.first_name, user.last_name = "Hendra", "Kurniawan"
    user.save(update_fields=["first_name", "last_name"])
    return user


@pytest.fixture
def at_laporan(make_report):
    """A report at step 9 (the processing unit makes the laporan), its four employees set."""
    report = make_report(9, entries=len(EMPLOYEES))
    employees_set(report)
    return report


def walk_to_signature(report, officials) -> Report:
    while report.step.order < 10:
        report = step_done(report, officials)
    return report


def test_the_processing_unit_makes_the_xlsx_and_no_unsigned_pdf(at_laporan, officials):
    analyst = officials[Role.PERSONNEL_ANALYST]

    report = report_services.report_laporan_make(report=at_laporan, actor=analyst)

    report.refresh_from_db()
    assert report.step.order == 10
    assert report.result_xlsx and report.result_xlsx.name.endswith(".xlsx")
    assert not report.result_pdf
    assert report.result_signed_at is None
    assert Event.objects.filter(object_id=report.pk, kind="laporan").exists()


def test_the_xlsx_has_the_table_the_distribution_and_the_incomplete_data(at_laporan, officials):
    report = report_services.report_laporan_make(
        report=at_laporan, actor=officials[Role.PERSONNEL_ANALYST]
    )
    report.refresh_from_db()
    with report.result_xlsx.open("rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()))

    assert book.sheetnames[:3] == ["Pegawai", "Distribusi", "Data belum lengkap"]
    employees = book["Pegawai"]
    assert [cell.value for cell in employees[1]][:4] == ["No", "NIP", "Nama", "Jabatan"]
    assert [cell.value for cell in employees[1]][-2:] == ["IP-ASN", "Kategori"]
    assert employees[1][0].font.b
    assert employees.freeze_panes == "A2"
    first = [cell.value for cell in employees[2]]
    entry = report.entries.order_by("row").first()
    assert first[:4] == [1, entry.nip, "Ani Rahmawati, S.Pd.", "Guru Ahli Muda"]
    assert employees[2][1].data_type == "s"  # eighteen digits stay text
    assert first[4:] == [25, 40, 30, 5, 100, "Sangat tinggi"]
    # A name that would run as a formula is shown as text.
    assert employees[4][2].value == '\'=HYPERLINK("http://x.test","klik")'
    assert employees[4][2].data_type == "s"
    # Without a title the position's kind stands in.
    assert employees[5][3].value == "Jabatan Pelaksana"
    assert employees.max_row == 1 + len(EMPLOYEES)

    distribution = {row[0]: row[1:] for row in book["Distribusi"].iter_rows(values_only=True)}
    assert distribution["Sangat tinggi*"] == ("91-100", 1, 25)
    assert distribution["Tinggi*"] == ("81-90", 1, 25)
    assert distribution["Rendah*"] == ("61-70", 0, 0)
    assert distribution["Jumlah"][1] == len(EMPLOYEES)
    assert distribution["Rata-rata IP-ASN"][1] == Decimal("73.25")  # (100+77.5+88+27.5)/4

    incomplete = list(book["Data belum lengkap"].iter_rows(values_only=True))
    assert incomplete[0] == ("No", "NIP", "Nama", "Data yang belum lengkap")
    assert incomplete[1][2:] == ("Candra Wijaya", "pendidikan terakhir, penilaian kinerja")
    assert len(incomplete) == 2


def test_the_kabid_signs_the_laporan_and_the_report_is_done(
    at_laporan, officials, kabid, signing_key
):
    report = report_services.report_laporan_make(
        report=at_laporan, actor=officials[Role.PERSONNEL_ANALYST]
    )

    report = report_services.report_laporan_sign(report=report, actor=kabid, note="Disampaikan")

    report.refresh_from_db()
    assert report.state == ReportState.COMPLETED
    assert report.result_signed_by == kabid
    assert report.result_signed_at is not None
    with report.result_pdf.open("rb") as handle:
        pdf = handle.read()
    assert_signed_pades(pdf)
    text = pdf_text(pdf)
    assert "LAPORAN DATA IP-ASN" in text
    assert "Dinas Pendidikan Kota Singkawang" in text
    assert report.reference in text
    for entry in report.entries.all():
        assert entry.nip in text
    for name in ("Ani Rahmawati, S.Pd.", "Budi Santoso", "Candra Wijaya", "=HYPERLINK"):
        assert name in text
    assert "Sangat tinggi* 91-100 1 25,0%" in text
    assert "Sedang* 71-80 1 25,0%" in text
    assert "Rata-rata IP-ASN 73,25" in text
    assert "pendidikan terakhir, penilaian kinerja" in text
    assert "Peraturan Badan Kepegawaian Negara Nomor 8 Tahun 2019" in text
    assert "belum terkonfirmasi" in text
    assert "Ditandatangani secara elektronik" in text
    assert signer_name(kabid) in text
    assert "Kepala Bidang Penilaian Kinerja Aparatur, Pengembangan Karir dan Kompetensi" in text
    assert Event.objects.filter(object_id=report.pk, kind="signed", actor=kabid).exists()


def test_a_dimension_with_every_source_confirmed_is_not_marked(at_laporan, ipasn_service):
    competence = ScoringDimension.objects.get(service=ipasn_service, code="kompetensi")
    ScoringDimension.objects.filter(pk=competence.pk).update(confirmed=True)
    ScoreRule.objects.filter(dimension=competence).update(confirmed=True)

    laporan = documents.report_laporan(at_laporan)

    marks = {head.label: head.marked for head in laporan.dimensions}
    assert marks == {
        "Kualifikasi": True,
        "Kompetensi": False,
        "Kinerja": True,
        "Disiplin": True,
    }
    assert not any("Kompetensi" in note for note in laporan.unconfirmed)


def test_without_a_signing_key_nothing_is_signed_and_the_step_stays(
    at_laporan, officials, kabid, settings
):
    settings.CERT_SIGNING_P12 = ""
    report = report_services.report_laporan_make(
        report=at_laporan, actor=officials[Role.PERSONNEL_ANALYST]
    )

    with pytest.raises(CaseError, match="Kunci tanda tangan elektronik belum dipasang"):
        report_services.report_laporan_sign(report=report, actor=kabid)

    report.refresh_from_db()
    assert report.state == ReportState.ROUTING
    assert report.step.order == 10
    assert not report.result_pdf and report.result_signed_at is None


def test_only_the_step_roles_make_and_sign(
    at_laporan, officials, other_provider_officials, pd_operator, signing_key
):
    for actor in (officials[Role.DIVISION_HEAD], other_provider_officials, pd_operator):
        with pytest.raises(CaseForbidden):
            report_services.report_laporan_make(report=at_laporan, actor=actor)
    report = report_services.report_laporan_make(
        report=at_laporan, actor=officials[Role.PERSONNEL_ANALYST]
    )
    for actor in (
        officials[Role.PERSONNEL_ANALYST],
        officials[Role.AGENCY_HEAD],
        other_provider_officials,
        pd_operator,
    ):
        with pytest.raises(CaseForbidden):
            report_services.report_laporan_sign(report=report, actor=actor)
    report.refresh_from_db()
    assert not report.result_pdf


def test_the_laporan_reads_a_fixed_number_of_queries(make_report):
    small = make_report(9, entries=3)
    with CaptureQueriesContext(connection) as few:
        documents.laporan_html(documents.report_laporan(small))
    Report.objects.filter(pk=small.pk).update(state=ReportState.WITHDRAWN)
    large = make_report(9, entries=60)
    with CaptureQueriesContext(connection) as many:
        documents.laporan_html(documents.report_laporan(large))
    assert len(many) == len(few)


# --- the agency's laporan ---------------------------------------------------------------------


def completed_report(
    *, service, institution, operator, officials, kabid, entries: int, adjust
) -> Report:
    """A report of `institution` walked through every step, signed by the Kabid; `adjust`
    sets its entries' scores first."""
    report = report_services.report_create(
        service=service, institution=institution, operator=operator, year=timezone.localdate().year
    )
    report_services.report_letter_attach(report=report, actor=operator, file=pdf_upload())
    entries_add(report, entries)
    adjust(report)
    report = report_services.report_submit(report=report, actor=operator)
    report = walk_to_signature(report, officials)
    return report_services.report_laporan_sign(report=report, actor=kabid)


@pytest.fixture
def two_completed(ipasn_service, pd, pd_operator, make_pd, officials, kabid, signing_key):
    health = make_pd("Dinas Kesehatan Kota Singkawang", "operator-dinkes")
    education = completed_report(
        service=ipasn_service,
        institution=pd,
        operator=pd_operator,
        officials=officials,
        kabid=kabid,
        entries=4,
        adjust=employees_set,
    )
    return [
        education,
        completed_report(
            service=ipasn_service,
            institution=health,
            operator=health.operators.get(),
            officials=officials,
            kabid=kabid,
            entries=2,
            adjust=lambda report: report.entries.update(index=Decimal("77.5"), category="sedang"),
        ),
    ]


def test_the_agency_laporan_covers_every_completed_report_of_the_year(
    two_completed, ipasn_service, officials
):
    head = officials[Role.AGENCY_HEAD]
    year = timezone.localdate().year

    summary = agency_summary_create(service=ipasn_service, year=year, actor=head)

    assert summary.report_count == 2
    assert summary.employee_count == 6
    assert summary.created_by == head
    with summary.pdf.open("rb") as handle:
        pdf = handle.read()
    assert_signed_pades(pdf)
    text = pdf_text(pdf)
    assert "Seluruh Perangkat Daerah" in text
    assert "Dinas Kesehatan Kota Singkawang" in text
    assert "Dinas Pendidikan Kota Singkawang" in text
    assert "Ani Rahmawati, S.Pd." in text and "Pegawai 1" in text
    # Both employees of the Dinas Kesehatan and the Dinas Pendidikan's Budi score 77.5 (sedang).
    assert "Sedang* 71-80 3 50,0%" in text
    assert "Kepala Badan BKPSDM Kota Singkawang" in text
    with summary.xlsx.open("rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()))
    assert book.sheetnames[:4] == [
        "Pegawai",
        "Distribusi",
        "Data belum lengkap",
        "Perangkat Daerah",
    ]
    rows = list(book["Perangkat Daerah"].iter_rows(values_only=True))
    assert rows[0][:5] == (
        "No",
        "Perangkat Daerah",
        "Nomor agenda",
        "Jumlah pegawai",
        "Rata-rata IP-ASN",
    )
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Dinas Kesehatan Kota Singkawang"][3] == 2
    assert by_name["Dinas Pendidikan Kota Singkawang"][3] == 4
    assert by_name["Dinas Pendidikan Kota Singkawang"][2] == two_completed[0].reference
    assert [row[1] for row in book["Pegawai"].iter_rows(min_row=2, values_only=True)].count(
        "Dinas Kesehatan Kota Singkawang"
    ) == 2


def test_a_second_click_returns_the_same_agency_laporan(two_completed, ipasn_service, officials):
    year = timezone.localdate().year
    first = agency_summary_create(
        service=ipasn_service, year=year, actor=officials[Role.DIVISION_HEAD]
    )
    second = agency_summary_create(
        service=ipasn_service, year=year, actor=officials[Role.PERSONNEL_ANALYST]
    )
    assert second.pk == first.pk
    assert AgencySummary.objects.count() == 1


def test_a_report_completed_since_makes_a_new_agency_laporan(
    two_completed, ipasn_service, officials
):
    year = timezone.localdate().year
    first = agency_summary_create(
        service=ipasn_service, year=year, actor=officials[Role.AGENCY_HEAD]
    )
    # The Dinas Kesehatan's report is completed after the first summary was made.
    Report.objects.filter(pk=two_completed[1].pk).update(
        closed_at=first.created_at + timedelta(seconds=1)
    )

    second = agency_summary_create(
        service=ipasn_service, year=year, actor=officials[Role.AGENCY_HEAD]
    )

    assert second.pk != first.pk
    assert second.report_count == 2
    assert AgencySummary.objects.count() == 2


def test_a_year_without_a_completed_report_is_refused(make_report, ipasn_service, officials):
    make_report(9)  # still in progress: not counted
    with pytest.raises(CaseError, match="Belum ada Laporan IP-ASN perangkat daerah tahun"):
        agency_summary_create(
            service=ipasn_service,
            year=timezone.localdate().year,
            actor=officials[Role.DIVISION_HEAD],
        )
    assert not AgencySummary.objects.exists()


def test_only_the_kabid_the_kepala_and_the_analyst_make_the_agency_laporan(
    ipasn_service, officials, other_provider_officials, pd_operator
):
    year = timezone.localdate().year
    for actor in (
        officials[Role.ADMIN_CLERK],
        officials[Role.GENERAL_AFFAIRS_HEAD],
        officials[Role.AGENCY_SECRETARY],
        other_provider_officials,
        pd_operator,
    ):
        with pytest.raises(CaseForbidden):
            agency_summary_create(service=ipasn_service, year=year, actor=actor)
    assert not AgencySummary.objects.exists()


def test_the_agency_laporan_reads_a_fixed_number_of_queries(
    make_report, make_pd, ipasn_service, officials
):
    service = Service.objects.select_related("provider").get(pk=ipasn_service.pk)
    first = make_report(9, entries=2)
    year = first.year
    with CaptureQueriesContext(connection) as few:
        documents.laporan_html(
            documents.agency_laporan(service=service, year=year, reports=[first])
        )
    Report.objects.filter(pk=first.pk).update(state=ReportState.WITHDRAWN)
    reports = [make_report(9, entries=40)]
    health = make_pd("Dinas Kesehatan Kota Singkawang", "operator-dinkes")
    other = report_services.report_create(
        service=ipasn_service, institution=health, operator=health.operators.get(), year=year
    )
    entries_add(other, 30)
    reports.append(Report.objects.select_related("institution").get(pk=other.pk))
    with CaptureQueriesContext(connection) as many:
        laporan = documents.agency_laporan(service=service, year=year, reports=reports)
        documents.laporan_html(laporan)
    assert laporan.total == 70
    assert len(many) == len(few)


def test_the_laporan_is_in_indonesian_whatever_the_signers_language(at_laporan, officials, kabid):
    from django.utils import translation

    with translation.override("en"):
        laporan = documents.report_laporan(at_laporan)
        html = documents.laporan_html(laporan)
        title = documents.signer_title(
            provider=at_laporan.service.provider,
            actor=kabid,
            roles=[Role.DIVISION_HEAD],
            service=at_laporan.service,
        )
    assert ("Tahun pengukuran", str(at_laporan.year)) in laporan.facts
    received = dict(laporan.facts)["Diterima BKPSDM"]
    with translation.override("id"):
        assert received == date_format(timezone.localdate(at_laporan.submitted_at), "j F Y")
    assert "Sangat tinggi" in html and "Data IP-ASN per pegawai" in html
    assert title.startswith("Kepala Bidang Penilaian Kinerja Aparatur")
