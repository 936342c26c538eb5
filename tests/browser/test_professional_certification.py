"""Seed 002 end to end in a real browser, on the workflow engine: a Perangkat Daerah operator
proposes two employees; the BKPSDM officer returns one for a missing SKP; the operator replaces
only that document and resubmits; both are verified ("lengkap dan benar") and listed in one
signed decision letter; the LSP's assessor (an external account of this service only) examines
both, one competent and one not yet; the competent one's LSP certificate is recorded, the
Surat Keterangan Hasil issued and signed, the products handed over with a receipt; and the
employee sees every step with its due date from their own account."""

import re

import pytest
from playwright.sync_api import Page, expect

from casework.constants import CaseState
from casework.models import Case, Institution
from portal.constants import Role
from portal.models import Service, StaffRole
from tests.browser.test_application_flow import log_in
from tests.browser.test_verification_loop import log_out
from tests.certificates.test_signing import demo_p12, signing_key  # noqa: F401 - fixtures
from tests.factories import pdf_bytes, photo_bytes

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("signing_key")]

SEED_002 = "sertifikasi-profesi-pns"
RINA = {"nip": "198609262015052001", "name": "Rina Wulandari, S.Kom.", "sex": "Perempuan"}
BUDI = {"nip": "197505101999031002", "name": "Budi Santoso, S.E.", "sex": "Laki-laki"}


def staff_log_in(page: Page, username: str, password: str) -> None:
    log_in(page, username, password, lands_on=r"/staf/$")


def add_employee(page: Page, person: dict, birth_date: str) -> None:
    form = page.locator("form", has=page.get_by_role("button", name="Tambahkan pegawai"))
    form.get_by_label("NIP").fill(person["nip"])
    form.get_by_label("Nama lengkap dengan gelar").fill(person["name"])
    form.get_by_label("Tempat lahir").fill("Singkawang")
    form.get_by_label("Tanggal lahir").fill(birth_date)
    form.get_by_label(person["sex"], exact=True).check()
    form.get_by_label("Pangkat/golongan").select_option(label="Penata Muda (III/a)")
    form.get_by_label("Jabatan").fill("Pranata Komputer Ahli Pertama")
    form.get_by_label("Unit kerja").fill("Sekretariat Dinas Kesehatan")
    form.get_by_label("Pendidikan terakhir").fill("S1 Teknik Informatika")
    form.get_by_label("Skema sertifikasi yang diikuti").fill("Pranata Komputer Ahli Pertama")
    form.get_by_label("E-mail").fill(f"{person['nip']}@example.test")
    form.get_by_label("Nomor telepon/WhatsApp").fill("081234567890")
    form.get_by_role("button", name="Tambahkan pegawai").click()
    expect(page.get_by_role("link", name=f"Unggah berkas {person['name']}")).to_be_visible()


def upload(page: Page, code: str, path) -> None:
    slot = page.locator(f"#berkas-{code}")
    slot.locator("input[type=file]").set_input_files(str(path))
    slot.get_by_role("button", name=re.compile(r"^Unggah")).click()
    expect(page.locator(f"#berkas-{code}")).to_contain_text("Versi")


def upload_all(page: Page, codes: list[str], files: dict) -> None:
    for code in codes:
        upload(page, code, files[code])


def check_documents(page: Page, *, revise: dict[str, str] | None = None) -> None:
    """Every current document: "Sesuai", or "Perlu perbaikan" with the reason given."""
    revise = revise or {}
    for card in page.locator("section.doc-review").all():
        code = card.get_attribute("id").removeprefix("berkas-")
        form = card.locator("form")
        if not form.count():
            continue
        if code in revise:
            form.get_by_label("Perlu perbaikan", exact=True).check()
            form.get_by_label("Alasan perbaikan").fill(revise[code])
        else:
            form.get_by_label("Sesuai", exact=True).check()
        form.get_by_role("button", name="Simpan hasil").click()
        expect(page.locator(f"#berkas-{code} .badge").first).to_have_text(
            "Perlu perbaikan" if code in revise else "Sesuai"
        )


def decide(page: Page, label: str, note: str = "") -> None:
    decision = page.locator("#keputusan")
    decision.get_by_label(label).check()
    if note:
        decision.get_by_label("Catatan atau alasan").fill(note)
    decision.get_by_role("button", name="Simpan keputusan").click()


def participant(page: Page, person: dict):
    """A participant's card on an exam session's page."""
    heading = page.get_by_role("heading", name=person["name"], level=3)
    return page.locator("section.card", has=heading)


def open_case(page: Page, case: Case) -> None:
    page.goto(f"/permohonan-layanan/petugas/{case.public_id}/")
    expect(page.get_by_role("heading", name=case.name, level=1)).to_be_visible()


@pytest.fixture
def people(make_user):
    service = Service.objects.get(slug=SEED_002)
    bkpsdm = service.provider
    institution = Institution.objects.create(provider=bkpsdm, name="Dinas Kesehatan Kota")
    operator = make_user("operator-dinkes")
    institution.operators.add(operator)
    assessor = make_user("asesor-lsp")
    StaffRole.objects.create(user=assessor, provider=bkpsdm, role=Role.ASSESSOR, service=service)
    return {
        "service": service,
        "operator": operator,
        "verifier": make_user("verifikator-bkpsdm", Role.VERIFIER, provider=bkpsdm),
        "official": make_user("pejabat-bkpsdm", Role.SIGNING_OFFICIAL, provider=bkpsdm),
        "officer": make_user(
            "petugas-bkpsdm", Role.CERTIFICATE_OFFICER, Role.SCHEDULER, provider=bkpsdm
        ),
        "assessor": assessor,
        # Rina has her own account (found by her NIP); Budi has none.
        "rina": make_user(RINA["nip"], nip=RINA["nip"]),
    }


def test_a_perangkat_daerah_proposal_goes_from_submission_to_handover(
    page: Page, people, password, tmp_path
):
    service = people["service"]
    files = {}
    for requirement in service.requirements.filter(fulfilment="upload"):
        path = tmp_path / f"{requirement.code}.{'jpg' if requirement.is_photo else 'pdf'}"
        path.write_bytes(photo_bytes() if requirement.is_photo else pdf_bytes())
        files[requirement.code] = path
    shared = list(
        service.requirements.filter(fulfilment="upload")
        .exclude(provided_by="applicant")
        .values_list("code", flat=True)
    )
    own = [code for code in files if code not in shared]

    # 1. The operator proposes Rina and Budi, uploads the letters once and each one's own files.
    log_in(page, "operator-dinkes", password)
    page.goto("/permohonan-layanan/usulan/")
    page.get_by_role("button", name="Usulan baru").click()
    expect(page.get_by_role("heading", name=service.name, level=1)).to_be_visible()
    add_employee(page, RINA, "1986-09-26")
    add_employee(page, BUDI, "1975-05-10")
    proposal_url = page.url
    upload_all(page, shared, files)
    for person in (RINA, BUDI):
        page.goto(proposal_url)
        page.get_by_role("link", name=f"Unggah berkas {person['name']}").click()
        upload_all(page, own, files)
    page.goto(proposal_url)
    page.get_by_role("button", name="Ajukan usulan").click()
    expect(page.get_by_text("Semua berkas sudah lengkap").or_(page.locator(".alert--success")))
    rina = Case.objects.get(nip=RINA["nip"])
    budi = Case.objects.get(nip=BUDI["nip"])
    assert {rina.state, budi.state} == {CaseState.ACTIVE}
    assert rina.applicant == people["rina"] and budi.applicant is None
    log_out(page)

    # 2. The officer finds both in the queue; Budi's SKP goes back, Rina's file is complete.
    staff_log_in(page, "verifikator-bkpsdm", password)
    page.goto("/permohonan-layanan/petugas/")
    expect(page.get_by_role("link", name=RINA["name"])).to_be_visible()
    open_case(page, budi)
    check_documents(page, revise={"skp": "SKP terakhir belum dilampirkan, yang terunggah 2023."})
    decide(page, "Kembalikan ke pemohon untuk perbaikan")
    expect(page.get_by_text("Dikembalikan").first).to_be_visible()
    open_case(page, rina)
    check_documents(page)
    decide(page, "Lengkap: semua berkas sesuai, lanjut ke verifikasi")
    log_out(page)

    # 3. The operator reads the reason, replaces only the SKP and resubmits; the clock resumes.
    log_in(page, "operator-dinkes", password)
    page.goto(f"/permohonan-layanan/{budi.public_id}/")
    expect(page.locator("#berkas-skp")).to_contain_text("SKP terakhir belum dilampirkan")
    expect(page.locator("#berkas-sk-pangkat form")).to_have_count(0)  # accepted: not replaceable
    upload(page, "skp", files["skp"])
    page.get_by_role("button", name="Ajukan kembali").click()
    expect(page.get_by_text(re.compile("Menunggu perbaikan dari pemohon"))).to_be_visible()
    log_out(page)

    # 4. Budi's SKP is accepted; both files are declared complete and correct.
    staff_log_in(page, "verifikator-bkpsdm", password)
    open_case(page, budi)
    check_documents(page)
    decide(page, "Lengkap: semua berkas sesuai, lanjut ke verifikasi")
    for case in (rina, budi):
        open_case(page, case)
        decide(page, "Berkas dinyatakan lengkap dan benar")
        expect(page.locator("#keputusan")).to_have_count(0)
    log_out(page)

    # 5. The official determines both participants in one signed letter.
    staff_log_in(page, "pejabat-bkpsdm", password)
    page.goto("/permohonan-layanan/petugas/penetapan/")
    page.get_by_label("Nomor surat").fill("800/123/BKPSDM/2026")
    page.get_by_label(RINA["name"]).check()
    page.get_by_label(BUDI["name"]).check()
    page.get_by_role("button", name="Tetapkan dan tandatangani").click()
    expect(page.get_by_text("800/123/BKPSDM/2026").first).to_be_visible()
    log_out(page)

    # 6. The officer (also the exam committee) schedules the LSP's session with its assessor.
    staff_log_in(page, "petugas-bkpsdm", password)
    page.goto("/permohonan-layanan/uji/")
    form = page.locator("form", has=page.get_by_role("button", name="Buat sesi"))
    form.get_by_label("Lembaga Sertifikasi Profesi (LSP)").fill("LSP Informatika")
    form.get_by_label("Skema sertifikasi").fill("Pranata Komputer Ahli Pertama")
    form.get_by_label("Tanggal uji").fill("2026-12-15")
    form.get_by_label("Jam mulai (WIB)").fill("08:00")
    form.get_by_label("Tempat Uji Kompetensi (TUK)").fill("Aula BKPSDM")
    form.get_by_label("asesor-lsp").check()
    form.get_by_label(RINA["name"]).check()
    form.get_by_label(BUDI["name"]).check()
    form.get_by_role("button", name="Buat sesi").click()
    session_heading = page.get_by_role("heading", name="Pranata Komputer Ahli Pertama", level=1)
    expect(session_heading).to_be_visible()
    log_out(page)

    # 7. The LSP's assessor examines both: Rina competent, Budi not yet.
    log_in(page, "asesor-lsp", password, lands_on=r"/staf/$")
    page.goto("/permohonan-layanan/uji/")
    page.get_by_role("link", name=re.compile("15 Desember 2026")).click()
    for person, outcome in ((RINA, "Kompeten"), (BUDI, "Belum kompeten")):
        card = participant(page, person)
        card.get_by_role("button", name=re.compile("^Tandai sudah diuji")).click()
        card = participant(page, person)
        card.get_by_label(outcome, exact=True).check()
        card.get_by_role("button", name=re.compile("^Simpan hasil")).click()
        expect(participant(page, person)).to_contain_text(outcome)
    log_out(page)
    budi.refresh_from_db()
    assert budi.state == CaseState.NOT_PASSED

    # 8. Rina's LSP certificate is recorded; the official issues her signed Surat Keterangan.
    scan = tmp_path / "sertifikat-lsp.pdf"
    scan.write_bytes(pdf_bytes())
    staff_log_in(page, "petugas-bkpsdm", password)
    page.goto(f"/permohonan-layanan/uji/produk/{rina.public_id}/")
    page.get_by_label("Diterbitkan oleh (LSP)").fill("LSP Informatika")
    page.get_by_label("Skema").fill("Pranata Komputer Ahli Pertama")
    page.get_by_label("Nomor sertifikat").fill("KOM.123.00456 2026")
    page.get_by_label("Tanggal terbit").fill("2026-12-16")
    page.get_by_label("Berlaku sampai").fill("2029-12-16")
    page.locator("input[type=file]").first.set_input_files(str(scan))
    page.get_by_role("button", name="Catat sertifikat LSP").click()
    expect(page.get_by_text("KOM.123.00456 2026").first).to_be_visible()
    log_out(page)

    staff_log_in(page, "pejabat-bkpsdm", password)
    page.goto(f"/permohonan-layanan/uji/produk/{rina.public_id}/")
    page.get_by_role("button", name="Terbitkan dan tandatangani surat keterangan").click()
    expect(page.get_by_role("link", name=re.compile("Unduh surat"))).to_be_visible()
    log_out(page)

    # 9. The officer hands them over against Rina's signed receipt.
    receipt = tmp_path / "tanda-terima.pdf"
    receipt.write_bytes(pdf_bytes())
    staff_log_in(page, "petugas-bkpsdm", password)
    page.goto(f"/permohonan-layanan/uji/produk/{rina.public_id}/")
    page.get_by_label("Diambil langsung di kantor").check()
    page.get_by_label("Diterima oleh").fill("Rina Wulandari")
    page.get_by_label("Tanggal penyerahan").fill("2026-12-18")
    page.locator("form", has=page.get_by_label("Diterima oleh")).locator(
        "input[type=file]"
    ).set_input_files(str(receipt))
    page.get_by_role("button", name="Catat penyerahan").click()
    expect(page.get_by_text("Lihat tanda terima")).to_be_visible()
    log_out(page)
    rina.refresh_from_db()
    assert rina.state == CaseState.COMPLETED

    # 10. Rina, from her own account, sees every step with its date and its due date.
    log_in(page, RINA["nip"], password)
    page.goto("/permohonan-layanan/saya/")
    page.get_by_role("link", name=re.compile(service.name)).first.click()
    timeline = page.locator(".timeline, ol").first
    for step in service.steps.all():
        expect(page.get_by_text(step.name).first).to_be_visible()
    completion = page.get_by_text(re.compile(r"14 \(empat belas\) sampai dengan 30")).first
    expect(completion).to_be_visible()
    expect(page.get_by_text(re.compile("[Jj]atuh tempo|[Bb]atas")).first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Unduh surat penetapan"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^Unduh surat \(PDF"))).to_be_visible()
    expect(page.get_by_text("KOM.123.00456 2026").first).to_be_visible()
    expect(page.get_by_text("Sedang berjalan")).to_have_count(0)  # completed: nothing under way
    assert timeline.count() == 1
