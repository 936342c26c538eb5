"""Seed 004 end to end in a real browser: a regional government registers its account and LAN's
verifier verifies it; its operator asks for cooperation and LAN's signing official accepts; the
operator drafts the SPK, LAN confirms it (the draft PDF is generated) and both sign, LAN in the
portal; twelve asesi are uploaded as a CSV, invited, and fill in their CV and questionnaire
online; the Balai plans an online intake (a date too close to the signature refused with the
reason), the team records attendance and closes the intake; LAN's treasurer issues the invoice,
the institution uploads its proof of payment and the treasurer confirms it; the assessor writes
the Laporan Ringkas, the official signs and delivers it, then the Laporan Lengkap and the twelve
Laporan Individual; the engagement completes, every report on time, and an asesi reads their own
individual report and nobody else's.

Two asesi accept their invitation and fill in their forms through the browser; the other ten do
the same through the same services (a browser test stays lean). The intake has to have taken
place before it can be closed: the test moves the SPK's signature and the session into the past
("two weeks later"), as the calendar would."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from assessments import rules
from assessments.constants import EngagementState, ReportKind
from assessments.models import Engagement, Participant, Report
from assessments.services import eregistration, reports
from portal.calendar import add_working_days
from portal.constants import Role
from portal.models import Service
from tests.browser.test_application_flow import log_in
from tests.browser.test_verification_loop import log_out
from tests.certificates.test_signing import demo_p12, signing_key  # noqa: F401 - fixtures
from tests.factories import pdf_bytes

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("signing_key")]

OPERATOR_EMAIL = "operator@singkawangkota.go.id"
ASESI = [
    (f"1985{month:02d}{day:02d}20100{1 + day % 2}1{day:03d}", f"Asesi {day:02d}")
    for month, day in zip(range(1, 13), range(11, 23), strict=True)
]
CV = {
    "Tempat lahir": "Singkawang",
    "Tanggal lahir": "1985-01-11",
    "Alamat rumah": "Jl. Diponegoro No. 5, Singkawang",
    "Nomor telepon/HP": "081234567890",
    "Nama perguruan tinggi/sekolah": "Universitas Tanjungpura",
    "Jurusan/program studi": "Ilmu Administrasi Negara",
    "Tahun lulus": "2008",
    "Pangkat/golongan ruang": "Penata, III/c",
    "Jabatan saat ini": "Analis Kebijakan Ahli Muda",
    "Menduduki jabatan sejak": "2021-03-01",
    "Riwayat pekerjaan/jabatan": "2010-2021 Analis Kepegawaian, BKPSDM Kota Singkawang",
}
ANSWER = "Saya menyusun analisis kebijakan kepegawaian dan memantau pelaksanaannya di daerah."


def staff_log_in(page: Page, username: str, password: str) -> None:
    log_in(page, username, password, lands_on=r"/staf/$")


def open_engagement(page: Page, engagement: Engagement) -> None:
    page.goto(f"/penilaian-kompetensi/permohonan/{engagement.public_id}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pemerintah Kota Singkawang")


def asesi_csv(tmp_path) -> str:
    rows = ["NIP;Nama;Jabatan;Unit Kerja;E-mail"] + [
        f"{nip};{name};Analis Kebijakan Ahli Muda;BKPSDM;{nip}@example.test" for nip, name in ASESI
    ]
    path = tmp_path / "asesi.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


def invitation_link(nip: str) -> str:
    for message in mail.outbox:
        if f"{nip}@example.test" in message.to and "/undangan/" in message.body:
            return re.search(r"https?://\S+?(/penilaian-kompetensi/undangan/\S+/)", message.body)[1]
    raise AssertionError(f"no invitation for {nip}")


def e_register_in_browser(page: Page, nip: str, password: str) -> None:
    page.goto(invitation_link(nip))
    page.locator("input[name=new_password1]").fill(password)
    page.locator("input[name=new_password2]").fill(password)
    page.get_by_role("button", name="Simpan kata sandi dan masuk").click()
    expect(page).to_have_url(re.compile(r"/penilaian-kompetensi/asesi/$"))
    page.get_by_role("link", name="Daftar Riwayat Hidup").click()
    for label, value in CV.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("Jenis kelamin").select_option("L")
    page.get_by_label("Pendidikan terakhir").select_option("S1")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_role("link", name="Kuesioner").click()
    for area in page.locator("main textarea").all():
        area.fill(ANSWER)
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("main")).to_contain_text("Kuesioner")
    log_out(page)


def e_register_by_service(participant: Participant) -> None:
    cv = {
        "birth_place": "Singkawang",
        "birth_date": "1985-01-11",
        "sex": "L",
        "address": "Jl. Diponegoro No. 5",
        "phone": "081234567890",
        "education_level": "S1",
        "education_institution": "Universitas Tanjungpura",
        "education_major": "Ilmu Administrasi Negara",
        "education_year": 2008,
        "rank": "Penata, III/c",
        "position": "Analis Kebijakan Ahli Muda",
        "position_since": "2021-03-01",
        "work_history": "2010-2021 Analis Kepegawaian",
        "training_history": "",
        "religion": "",
    }
    eregistration.cv_submit(participant=participant, actor=participant.account, cv=cv)
    answers = {key: ANSWER for key, _label, _help in eregistration.QUESTIONS}
    eregistration.questionnaire_submit(
        participant=participant, actor=participant.account, answers=answers
    )


def test_an_institution_is_assessed_from_request_to_reports(
    browser, live_server, page, make_user, password, lan, tmp_path
):
    service = Service.objects.get(slug="penilaian-kompetensi-lan")
    make_user("verifikator.lan", Role.VERIFIER, provider=lan)
    make_user("pejabat.lan", Role.SIGNING_OFFICIAL, provider=lan, first_name="Dr. Ahmad Fauzi")
    make_user("panitia.lan", Role.SCHEDULER, provider=lan)
    make_user("asesor.lan", Role.ASSESSOR, provider=lan, first_name="Sri Lestari, M.Psi.")
    make_user("bendahara.lan", Role.TREASURER, provider=lan)
    cover_letter = tmp_path / "surat-permohonan.pdf"
    cover_letter.write_bytes(pdf_bytes())
    signed_spk = tmp_path / "spk-pihak-pertama.pdf"
    signed_spk.write_bytes(pdf_bytes())
    proof = tmp_path / "bukti-transfer.pdf"
    proof.write_bytes(pdf_bytes())

    # 1. The regional government registers its account; LAN's verifier verifies it.
    page.goto("/layanan/penilaian-kompetensi-lan/")
    expect(page.locator("main")).to_contain_text("Rp. 3.200.000,- per Peserta")
    page.goto("/penilaian-kompetensi/instansi/daftar/")
    page.get_by_label("Nama instansi").fill("Pemerintah Kota Singkawang")
    page.get_by_label("Jenis instansi").select_option(label="Pemerintah Daerah")
    page.get_by_label("Alamat instansi").fill("Jl. Firdaus No. 1, Singkawang")
    page.get_by_label("Nama lengkap operator").fill("Yuliana Sari")
    page.get_by_label("E-mail operator").fill(OPERATOR_EMAIL)
    page.get_by_label("Telepon operator").fill("0562631234")
    page.get_by_label("Kata sandi", exact=True).fill(password)
    page.get_by_label("Ulangi kata sandi").fill(password)
    page.get_by_role("button", name="Daftar").click()
    expect(page.locator("main")).to_contain_text("verifikasi")

    staff_log_in(page, "verifikator.lan", password)
    page.goto("/penilaian-kompetensi/petugas/instansi/")
    verify = page.get_by_role("button", name=re.compile(r"^Verifikasi\W+Pemerintah Kota"))
    verify.click()
    expect(verify).to_have_count(0)
    log_out(page)

    # 2. The operator asks for cooperation.
    log_in(page, OPERATOR_EMAIL, password, lands_on=r"/penilaian-kompetensi/instansi/$")
    page.get_by_role("link", name="Ajukan permohonan kerja sama").click()
    page.get_by_label("Tujuan penilaian").select_option(label="Seleksi jabatan")
    page.get_by_label("Perkiraan jumlah peserta").fill("12")
    page.get_by_label("Pelaksanaan yang diinginkan").select_option(
        label="Daring (e-Assessment dan video conference)"
    )
    page.get_by_label("Perkiraan waktu pelaksanaan").fill("Januari 2027")
    page.get_by_label("Nomor surat permohonan").fill("800/451/BKPSDM")
    page.get_by_label("Tanggal surat permohonan").fill(timezone.localdate().isoformat())
    page.get_by_label("Surat permohonan kerja sama (PDF)").set_input_files(str(cover_letter))
    page.get_by_role("button", name="Ajukan permohonan").click()
    expect(page.locator("main")).to_contain_text("Menunggu jawaban LAN")
    engagement = Engagement.objects.get()
    log_out(page)

    # 3. LAN's signing official (Kepala Puslatbang PKASN) accepts, naming a contact person.
    # The official signs in once, in a window of their own: a second factor at every sign-in
    # would use up the codes of one period.
    official = browser.new_context(base_url=live_server.url, locale="id-ID").new_page()
    staff_log_in(official, "pejabat.lan", password)
    official.goto("/penilaian-kompetensi/petugas/")
    official.locator("main").get_by_role("link", name="Pemerintah Kota Singkawang").click()
    official.get_by_label("Terima permohonan").check()
    official.get_by_label("Nama narahubung").fill("Rudi Hartono")
    official.get_by_label("Telepon narahubung").fill("022-7790048")
    official.get_by_label("E-mail narahubung").fill("rudi@lan.go.id")
    official.get_by_role("button", name="Kirim jawaban").click()
    expect(official.locator("main")).to_contain_text("Koordinasi dan penyusunan SPK")

    # 4. The operator drafts the SPK; the fee comes from the service, never typed.
    today = timezone.localdate()
    lead = rules.agreement_lead(service)
    starts_on = add_working_days(rules.earliest_assessment_on(today, lead), 3)
    log_in(page, OPERATOR_EMAIL, password, lands_on=r"/penilaian-kompetensi/instansi/$")
    open_engagement(page, engagement)
    page.get_by_role("link", name="Susun SPK").click()
    page.get_by_label("Nomor SPK").fill("027/15/SPK-BKPSDM/2026")
    page.get_by_label("Tanggal mulai penilaian").fill(starts_on.isoformat())
    page.get_by_label("Tanggal selesai penilaian").fill(starts_on.isoformat())
    page.get_by_label("Jumlah peserta", exact=True).fill("12")
    page.get_by_label("Batas waktu pembayaran").fill(
        (starts_on + datetime.timedelta(days=30)).isoformat()
    )
    page.get_by_label("Tempat (luring) atau sarana (daring)").fill(
        "Ruang CAT BKPSDM, Zoom dan e-Assessment"
    )
    page.get_by_label("Penanda tangan Pihak Pertama", exact=True).fill(
        "Drs. H. Budi Santoso, M.Si."
    )
    page.get_by_label("Jabatan penanda tangan Pihak Pertama").fill(
        "Sekretaris Daerah Kota Singkawang"
    )
    page.get_by_role("button", name="Simpan SPK").click()
    expect(page.locator("#spk")).to_contain_text("Rp 38.400.000")
    log_out(page)

    # 5. LAN confirms it (the draft PDF is rendered); both sign, LAN in the portal.
    open_engagement(official, engagement)
    official.get_by_role("button", name="Konfirmasi dan buat draf SPK").click()
    draft = official.request.get(
        f"/penilaian-kompetensi/permohonan/{engagement.public_id}/spk/draf.pdf"
    )
    assert draft.ok and draft.body().startswith(b"%PDF")
    log_in(page, OPERATOR_EMAIL, password, lands_on=r"/penilaian-kompetensi/instansi/$")
    open_engagement(page, engagement)
    page.locator("#spk input[type=file]").set_input_files(str(signed_spk))
    page.get_by_role("button", name="Unggah SPK bertanda tangan").click()
    expect(page.locator("#spk")).to_contain_text("Pihak Pertama: ditandatangani")
    log_out(page)
    open_engagement(official, engagement)
    official.get_by_label("Tandatangani secara elektronik").check()
    official.get_by_role("button", name="Tandatangani SPK").click()
    expect(official.locator("#spk")).to_contain_text("Ditandatangani kedua pihak")

    # 6. Twelve asesi, uploaded as a CSV, are invited; they fill in their CV and questionnaire.
    log_in(page, OPERATOR_EMAIL, password, lands_on=r"/penilaian-kompetensi/instansi/$")
    open_engagement(page, engagement)
    page.get_by_label("Berkas daftar asesi").set_input_files(asesi_csv(tmp_path))
    page.get_by_role("button", name="Unggah daftar asesi").click()
    expect(page.locator("main")).to_contain_text("Asesi 22")
    assert engagement.participants.filter(invited_at__isnull=False).count() == 12
    log_out(page)
    for nip, _name in ASESI[:2]:
        e_register_in_browser(page, nip, password)
    for participant in engagement.participants.exclude(nip__in=[n for n, _ in ASESI[:2]]):
        e_register_by_service(participant)

    # 7. The Balai plans the online intake: too close to the signature is refused, with why.
    staff_log_in(page, "panitia.lan", password)
    open_engagement(page, engagement)
    page.get_by_role("link", name="Jadwalkan sesi intake").click()
    page.get_by_label("Daring (e-Assessment dan video conference)").check()
    too_early = add_working_days(today, lead.amount - 1)
    page.get_by_label("Tanggal", exact=True).fill(too_early.isoformat())
    page.get_by_label("Jam mulai (WIB)").fill("08:00")
    page.get_by_label("Jam selesai (WIB)").fill("15:00")
    page.get_by_label("Aplikasi (daring)").fill("e-Assessment LAN dan Zoom")
    page.get_by_label("Tautan (daring)").fill("https://zoom.example.test/j/2027")
    page.get_by_label("Tim Pendamping dan Teknis instansi").fill(
        "Andi (0812-1111-2222), Rina (0812-3333-4444)"
    )
    page.get_by_label("Sri Lestari, M.Psi.").check()
    asesi_boxes = page.locator("input[name=participants]")
    expect(asesi_boxes).to_have_count(12)
    for box in asesi_boxes.all():
        box.check()
    page.get_by_role("button", name="Simpan sesi dan beri tahu instansi serta asesi").click()
    expect(page.locator("main")).to_contain_text("paling lambat 5 hari kerja sebelum kegiatan")
    page.get_by_label("Tanggal", exact=True).fill(starts_on.isoformat())
    page.get_by_role("button", name="Simpan sesi dan beri tahu instansi serta asesi").click()
    expect(page.locator("#judul-intake")).to_be_visible()
    log_out(page)

    # Two weeks later: the SPK was signed and the intake held in the past.
    shift = datetime.timedelta(days=(starts_on - today).days + 1)
    agreement = engagement.agreement
    agreement.fully_signed_at -= shift + datetime.timedelta(days=10)
    agreement.save(update_fields=["fully_signed_at"])
    for session in engagement.sessions.all():
        session.starts_at -= shift
        session.ends_at -= shift
        session.save(update_fields=["starts_at", "ends_at"])

    # 8. The assessor records attendance; the Balai closes the intake.
    staff_log_in(page, "asesor.lan", password)
    open_engagement(page, engagement)
    for radio in page.locator("input[type=radio][value='1']").all():
        radio.check()
    page.get_by_role("button", name="Simpan kehadiran").click()
    expect(page.locator("main")).to_contain_text("hadir")
    log_out(page)
    staff_log_in(page, "panitia.lan", password)
    open_engagement(page, engagement)
    page.get_by_role("button", name="Nyatakan intake selesai").click()
    expect(page.locator("main")).to_contain_text("Penyusunan laporan")
    log_out(page)

    # 9. The treasurer issues the invoice; the institution pays; the treasurer confirms.
    staff_log_in(page, "bendahara.lan", password)
    open_engagement(page, engagement)
    page.get_by_role("button", name="Terbitkan tagihan").click()
    expect(page.locator("#pembayaran")).to_contain_text("Rp 38.400.000")
    log_out(page)
    log_in(page, OPERATOR_EMAIL, password, lands_on=r"/penilaian-kompetensi/instansi/$")
    open_engagement(page, engagement)
    invoice = page.request.get(
        f"/penilaian-kompetensi/permohonan/{engagement.public_id}/tagihan.pdf"
    )
    assert invoice.ok and invoice.body().startswith(b"%PDF")
    page.get_by_label("Bukti pembayaran", exact=True).set_input_files(str(proof))
    page.get_by_label("Tanggal bayar").fill(today.isoformat())
    page.get_by_label("Jumlah dibayar (Rp)").fill("38400000")
    page.get_by_role("button", name="Unggah bukti pembayaran").click()
    expect(page.locator("#pembayaran")).to_contain_text("Menunggu konfirmasi bendahara")
    log_out(page)
    staff_log_in(page, "bendahara.lan", password)
    open_engagement(page, engagement)
    page.get_by_role("button", name="Konfirmasi pembayaran").click()
    expect(page.locator("#pembayaran")).to_contain_text("Dikonfirmasi")
    log_out(page)

    # 10. The Laporan Ringkas, then the Laporan Lengkap and the individual reports.
    staff_log_in(page, "asesor.lan", password)
    open_engagement(page, engagement)
    page.locator("#laporan").get_by_role("link", name="Susun").first.click()
    page.get_by_label("Isi laporan (ditulis di portal)").fill(
        "Dua belas asesi mengikuti intake daring.\n\nRingkasan hasil terlampir per jabatan."
    )
    page.get_by_role("button", name="Simpan laporan").click()
    log_out(page)
    open_engagement(official, engagement)
    sign = re.compile(r"^Tandatangani dan serahkan\W+Laporan Ringkas")
    official.get_by_role("button", name=sign).click()
    expect(official.locator("#laporan")).to_contain_text("Laporan Ringkas")

    staff_log_in(page, "asesor.lan", password)
    open_engagement(page, engagement)
    page.locator("#laporan").get_by_role("link", name="Susun").first.click()
    page.get_by_label("Isi laporan (ditulis di portal)").fill(
        "Laporan lengkap penilaian kompetensi."
    )
    page.get_by_role("button", name="Simpan laporan").click()
    open_engagement(page, engagement)
    page.locator("#laporan").get_by_role("link", name="Susun").first.click()
    page.get_by_label("Isi laporan (ditulis di portal)").fill("Laporan individual asesi.")
    page.get_by_role("button", name="Simpan laporan").click()
    assessor = Participant.objects.first().engagement.sessions.get().assessors.get()
    for participant in engagement.participants.exclude(reports__kind=ReportKind.INDIVIDUAL):
        reports.report_save(
            engagement=engagement,
            actor=assessor,
            kind=ReportKind.INDIVIDUAL,
            participant=participant,
            body=f"Laporan individual {participant.name}.",
        )
    log_out(page)
    open_engagement(official, engagement)
    official.get_by_role(
        "button", name=re.compile(r"^Tandatangani dan serahkan 13 laporan")
    ).click()
    expect(official.locator(".page-header")).to_contain_text("Selesai")

    engagement.refresh_from_db()
    assert engagement.state == EngagementState.COMPLETED
    assert Report.objects.filter(engagement=engagement, delivered_at__isnull=False).count() == 14

    # 11. The institution sees every report on time; an asesi reads only their own.
    log_in(page, OPERATOR_EMAIL, password, lands_on=r"/penilaian-kompetensi/instansi/$")
    open_engagement(page, engagement)
    expect(page.locator("#laporan")).not_to_contain_text("terlambat")
    expect(page.locator("#laporan")).not_to_contain_text("melewati batas")
    log_out(page)
    first, second = (Participant.objects.get(nip=nip) for nip, _ in ASESI[:2])
    log_in(page, first.nip, password, lands_on=r"/penilaian-kompetensi/asesi/$")
    own = first.reports.get()
    href = page.get_by_role("link", name=own.title).get_attribute("href")
    mine = page.request.get(href)
    assert mine.ok and mine.body().startswith(b"%PDF")
    other = page.request.get(
        f"/penilaian-kompetensi/laporan/{second.reports.get().public_id}/berkas/"
    )
    assert other.status == 404
    summary = Report.objects.get(engagement=engagement, kind=ReportKind.SUMMARY)
    assert (
        page.request.get(f"/penilaian-kompetensi/laporan/{summary.public_id}/berkas/").status == 404
    )
    official.context.close()
