"""Seed 003 end to end in a real browser: a Perangkat Daerah's operator starts the year's IP-ASN
report, uploads the cover letter and a recap the portal refuses (a short NIP: the cell is named),
then the corrected recap, and sends it; BKPSDM's Petugas Administrasi, Kasubbag, Sekretaris
(paraf), Kepala Badan (disposisi) and Kabid pass it on, each from their queue; the Analis
Kepegawaian returns it because an employee's position is wrong; the operator uploads the fixed
recap and sends it again, straight back to the Analis, who processes it, records the upload to
BKN's IP-ASN application and makes the Laporan Data IP-ASN; the Kabid signs it (with their
authenticator) and sends it; the Kepala BKPSDM reads the signed laporan, and so does the
Perangkat Daerah."""

import io

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from casework.constants import InstitutionKind
from casework.models import Institution
from ipasn.constants import ReportState
from ipasn.models import Report
from ipasn.recap import recap_template
from portal.constants import Role
from portal.models import Provider
from tests.browser.test_application_flow import log_in
from tests.browser.test_verification_loop import log_out
from tests.certificates.test_signing import demo_p12, signing_key  # noqa: F401 - fixtures
from tests.factories import pdf_bytes

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("signing_key")]

YEAR = timezone.localdate().year
REFERENCE = f"IPASN/{YEAR}/0001"
EMPLOYEES = [
    ["198609262015052001", "Rina Wulandari, S.Kom.", "S1", "Jabatan Fungsional",
     "Pranata Komputer Ahli Muda", "Baik", "Tidak pernah dijatuhi hukuman disiplin"],
    ["199001152014031002", "Budi Santoso, S.E.", "S-1/D-IV (Sarjana/Diploma IV)",
     "Jabatan Pelaksana", "Pengadministrasi Umum", "Sangat Baik",
     "Tidak pernah dijatuhi hukuman disiplin"],
]  # fmt: skip
TRAINING = ["198609262015052001", "Diklat/pelatihan teknis", "Bimtek Arsip Digital", 24,
            "03/02/2025", "06/02/2025"]  # fmt: skip


def recap(tmp_path, name: str, employees) -> str:
    workbook = load_workbook(io.BytesIO(recap_template()))
    for row in employees:
        workbook["Pegawai"].append(list(row))
    workbook["Diklat"].append(TRAINING)
    path = tmp_path / name
    workbook.save(path)
    return str(path)


def pdf_file(tmp_path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(pdf_bytes())
    return str(path)


@pytest.fixture
def bkpsdm_people(make_user):
    bkpsdm = Provider.objects.get(slug="bkpsdm-kota-singkawang")
    officials = {
        role: make_user(f"bkpsdm-{role.name.lower()}", role, provider=bkpsdm)
        for role in (
            Role.ADMIN_CLERK,
            Role.GENERAL_AFFAIRS_HEAD,
            Role.AGENCY_SECRETARY,
            Role.AGENCY_HEAD,
            Role.DIVISION_HEAD,
            Role.PERSONNEL_ANALYST,
        )
    }
    pd = Institution.objects.create(
        provider=bkpsdm,
        name="Dinas Pendidikan Kota Singkawang",
        kind=InstitutionKind.REGIONAL_GOVERNMENT,
        verified_at=timezone.now(),
    )
    operator = make_user("operator-disdik", email="operator@disdik.singkawangkota.go.id")
    pd.operators.add(operator)
    return officials, operator


def official_acts(page: Page, user, password: str, *, note_label: str, note: str, button: str):
    """An official signs in, opens the report from their queue, writes their note and acts."""
    log_in(page, user.username, password, lands_on=r"/staf/$")
    page.goto("/laporan-ip-asn/petugas/")
    page.get_by_role("link", name=REFERENCE, exact=True).click()
    page.get_by_role("textbox", name=note_label).fill(note)
    page.get_by_role("button", name=button).click()
    expect(page.locator("main")).not_to_contain_text("Tindakan tidak dapat dilakukan")
    log_out(page)


def test_a_pd_files_its_ip_asn_report_and_the_kepala_receives_the_laporan(
    page: Page, bkpsdm_people, password, tmp_path
):
    officials, operator = bkpsdm_people

    # The operator starts the year's report and meets the recap's checks.
    log_in(page, operator.username, password)
    page.goto("/laporan-ip-asn/")
    page.get_by_label("Tahun pengukuran").select_option(str(YEAR))
    page.get_by_role("button", name="Buat laporan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Laporan IP-ASN tahun {YEAR}")
    page.get_by_label("Surat pengantar (PDF)").set_input_files(pdf_file(tmp_path, "surat.pdf"))
    page.get_by_role("button", name="Unggah surat pengantar").click()
    short_nip = [["19860926201505", *EMPLOYEES[0][1:]], EMPLOYEES[1]]
    page.get_by_label("Rekapitulasi data pegawai (XLSX)").set_input_files(
        recap(tmp_path, "rekap-salah.xlsx", short_nip)
    )
    page.get_by_role("button", name="Unggah rekapitulasi").click()
    refusal = page.get_by_role("table").filter(has_text="Masalah")
    expect(refusal).to_contain_text("Pegawai")
    expect(refusal).to_contain_text("19860926201505")
    assert Report.objects.get().entries.count() == 0  # nothing kept of a refused recap

    page.get_by_label("Rekapitulasi data pegawai (XLSX)").set_input_files(
        recap(tmp_path, "rekap.xlsx", EMPLOYEES)
    )
    page.get_by_role("button", name="Unggah rekapitulasi").click()
    expect(page.locator("main")).to_contain_text("2 pegawai")
    page.get_by_role("button", name="Sampaikan laporan").click()
    expect(page.locator("main")).to_contain_text(f"IPASN/{YEAR}/0001")
    expect(page.locator("main")).to_contain_text("1 (satu) hari")
    log_out(page)

    # BKPSDM's officials pass it on, each in the standard's order, from their queue.
    for role, label, note, button in [
        (Role.ADMIN_CLERK, "Catatan agenda", "Diagendakan.", "Teruskan"),
        (Role.GENERAL_AFFAIRS_HEAD, "Catatan", "Untuk paraf Sekretaris.", "Teruskan"),
        (Role.AGENCY_SECRETARY, "Catatan paraf", "Paraf.", "Teruskan"),
        (Role.AGENCY_HEAD, "Disposisi", "Kabid PKA: proses hari ini.", "Teruskan"),
        (Role.DIVISION_HEAD, "Catatan/disposisi", "Analis: periksa.", "Teruskan"),
    ]:
        official_acts(page, officials[role], password, note_label=label, note=note, button=button)
    report = Report.objects.get()
    assert report.step.actor == Role.PERSONNEL_ANALYST
    assert list(report.routings.exclude(actor=None).values_list("note", flat=True))[1:] == [
        "Diagendakan.",
        "Untuk paraf Sekretaris.",
        "Paraf.",
        "Kabid PKA: proses hari ini.",
        "Analis: periksa.",
    ]

    # The Analis finds a wrong position in the recap and returns it.
    analyst = officials[Role.PERSONNEL_ANALYST]
    log_in(page, analyst.username, password, lands_on=r"/staf/$")
    page.goto("/laporan-ip-asn/petugas/")
    page.get_by_role("link", name=REFERENCE, exact=True).click()
    expect(page.locator("main")).to_contain_text("Budi Santoso")
    page.get_by_label("Alasan pengembalian").fill(
        "Jenis jabatan Budi Santoso tertulis pelaksana, menurut SK terakhir fungsional."
    )
    page.get_by_role("button", name="Kembalikan ke perangkat daerah").click()
    expect(page.locator("main")).to_contain_text("Dikembalikan")
    log_out(page)
    assert Report.objects.get().state == ReportState.RETURNED
    assert any("dikembalikan" in m.subject for m in mail.outbox if operator.email in m.to)

    # The operator reads the reasons, uploads the fixed recap and sends it again.
    log_in(page, operator.username, password)
    page.goto("/laporan-ip-asn/")
    page.get_by_role("link", name=REFERENCE, exact=True).click()
    expect(page.locator("main")).to_contain_text("menurut SK terakhir fungsional")
    fixed = [EMPLOYEES[0], [*EMPLOYEES[1][:3], "Jabatan Fungsional", "Arsiparis Ahli Pertama",
                            *EMPLOYEES[1][5:]]]  # fmt: skip
    page.get_by_label("Rekapitulasi data pegawai (XLSX)").set_input_files(
        recap(tmp_path, "rekap-perbaikan.xlsx", fixed)
    )
    page.get_by_role("button", name="Ganti rekapitulasi").click()
    expect(page.locator("main")).to_contain_text("2 pegawai")
    page.get_by_role("button", name="Sampaikan kembali").click()
    expect(page.locator("main")).to_contain_text("Laporan telah disampaikan")
    log_out(page)
    report = Report.objects.get()
    assert report.step.actor == Role.PERSONNEL_ANALYST  # straight back to the processing unit
    assert report.entries.get(nip="199001152014031002").position_kind == "fungsional"

    # The Analis processes it, records the upload to BKN and makes the laporan.
    log_in(page, analyst.username, password, lands_on=r"/staf/$")
    page.goto("/laporan-ip-asn/petugas/")
    page.get_by_role("link", name=REFERENCE, exact=True).click()
    page.get_by_role("button", name="Dokumen sesuai, proses").click()
    page.get_by_label("Tanggal unggah ke aplikasi IP-ASN").fill(timezone.localdate().isoformat())
    page.get_by_label("Bukti unggah").set_input_files(pdf_file(tmp_path, "bukti.pdf"))
    page.get_by_role("button", name="Catat unggahan ke aplikasi IP-ASN").click()
    page.get_by_role("button", name="Buat Laporan Data IP-ASN").click()
    expect(page.locator("main")).to_contain_text("untuk ditandatangani")
    log_out(page)

    # The Kabid signs it (their authenticator asked at login) and sends it to the Kepala.
    kabid = officials[Role.DIVISION_HEAD]
    log_in(page, kabid.username, password, lands_on=r"/staf/$")
    page.goto("/laporan-ip-asn/petugas/")
    page.get_by_role("link", name=REFERENCE, exact=True).click()
    page.get_by_role("button", name="Tandatangani dan kirim ke Kepala BKPSDM").click()
    expect(page.locator("main")).to_contain_text("Selesai")
    log_out(page)
    report = Report.objects.get()
    assert report.state == ReportState.COMPLETED and report.result_signed_by == kabid

    # The Kepala BKPSDM reads the signed laporan.
    head = officials[Role.AGENCY_HEAD]
    assert any(head.email in m.to for m in mail.outbox if "Kepala BKPSDM" in m.subject)
    log_in(page, head.username, password, lands_on=r"/staf/$")
    page.goto("/laporan-ip-asn/petugas/semua/")
    page.get_by_role("link", name=REFERENCE, exact=True).click()
    link = page.locator("main a[href$='/laporan-pdf/']").first
    response = page.request.get(link.get_attribute("href"))
    assert response.ok and response.body().startswith(b"%PDF")
    assert b"/ByteRange" in response.body()  # signed
    log_out(page)

    # And so does the Perangkat Daerah.
    log_in(page, operator.username, password)
    page.goto(f"/laporan-ip-asn/{report.public_id}/")
    expect(page.locator("main")).to_contain_text("Laporan Data IP-ASN selesai")
    pdf = page.request.get(f"/laporan-ip-asn/{report.public_id}/berkas/laporan-pdf/")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
