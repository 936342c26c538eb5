"""A complaint from the public to the survey, in a real browser: a reporter without an account
files a complaint and gets a tracking code, the complaint team verifies, answers and closes it
through its one "Ubah status" form (a rejection without a reason refused on the way), the
tracking page shows the step still ahead, and the reporter reads the answer there and fills the
satisfaction survey. Screenshots at 1280 and 390 px wide."""

import re
import tempfile
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from complaints.constants import ComplaintStatus
from complaints.models import Complaint
from portal.constants import Role
from survey.models import SurveyResponse
from tests.browser.test_verification_loop import log_out, staff_log_in

pytestmark = pytest.mark.django_db(transaction=True)

ANSWER = "Jadwal ulang sudah kami kirim ke e-mail Anda; sesi baru tanggal 14 Desember."


SHOTS = Path(tempfile.gettempdir()) / "shots-complaints"
SIZES = ((1280, 800), (390, 844))


def shoot(page: Page, name: str) -> None:
    """The page at both sizes, saved to look at; nothing may scroll sideways on a phone."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})


def test_a_complaint_from_the_form_to_the_answer_and_the_survey(page: Page, make_user, password):
    make_user("pengaduan", Role.COMPLAINT_HANDLER, first_name="Rudi Hartono")

    # The reporter files a complaint, no account needed.
    page.goto("/")
    page.get_by_role("navigation").get_by_role("link", name="Pengaduan", exact=True).click()
    page.get_by_label("Pengaduan", exact=True).check()
    page.get_by_label("Layanan yang dilaporkan").select_option(label="Uji Kompetensi Pustakawan")
    page.get_by_label("Judul laporan").fill("Tautan ujian tidak bisa dibuka")
    page.get_by_label("Uraian").fill("Tautan Zoom di dasbor menolak masuk pada sesi 09.00 WIB.")
    page.get_by_label(re.compile(r"^Nama\b")).fill("Sri Rahayu")
    page.get_by_label(re.compile(r"^Alamat e-mail")).fill("sri.rahayu@example.test")
    page.get_by_role("button", name=re.compile("^Kirim")).click()
    code = page.locator("#kode").inner_text().strip()
    assert re.fullmatch(r"ADU-[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    assert any(code in message.body for message in mail.outbox)

    # The complaint team verifies it, answers it and closes it.
    staff_log_in(page, "pengaduan", password)
    page.get_by_role("link", name="Kelola pengaduan").click()
    page.get_by_role("link", name="Tautan ujian tidak bisa dibuka").click()
    # One "Ubah status" form: only the chosen status's fields show; a rejection needs a reason.
    form = page.locator("form[data-status-form]")
    expect(form.locator("[data-status-group]").first).to_be_hidden()
    form.get_by_role("radio", name=re.compile("^Ditolak")).check()
    expect(form.locator('[data-status-group="rejected"]')).to_be_visible()
    expect(form.locator('[data-status-group="forwarded"]')).to_be_hidden()
    form.get_by_role("button", name="Simpan status").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Tuliskan alasan penolakan untuk pelapor.")
    expect(page.get_by_label("Alasan penolakan")).to_be_visible()  # still the chosen group
    shoot(page, "status-error")
    page.locator("form[data-status-form]").get_by_role(
        "radio", name=re.compile("^Terverifikasi")
    ).check()
    page.get_by_role("button", name="Simpan status").click()
    expect(page.get_by_text("Pengaduan diverifikasi.")).to_be_visible()
    page.get_by_label("Jawaban", exact=True).check()
    page.get_by_label("Pesan kepada pelapor").fill(ANSWER)
    page.get_by_role("button", name="Kirim kepada pelapor").click()
    expect(page.get_by_text("Pesan terkirim kepada pelapor.")).to_be_visible()
    expect(page.get_by_text("Batas penyelesaian")).to_be_visible()  # 10 working days to close

    # The tracking page shows the step still ahead: closing, with its date.
    page.goto(f"/pengaduan/lacak/{code}/")
    expect(page.locator(".timeline__item--upcoming")).to_have_text(re.compile("Selesai"))
    expect(page.get_by_text(re.compile("pengaduan diselesaikan paling lambat"))).to_be_visible()
    shoot(page, "tracking-steps")
    page.go_back()

    page.locator("form[data-status-form]").get_by_role("radio", name=re.compile("^Selesai")).check()
    page.get_by_role("button", name="Simpan status").click()
    expect(page.get_by_text("Pengaduan selesai.")).to_be_visible()
    assert Complaint.objects.get().status == ComplaintStatus.CLOSED
    log_out(page)

    # The reporter reads the answer with the code (typed in lower case) and fills the survey.
    page.goto("/pengaduan/lacak/")
    page.get_by_label("Kode pelacakan").fill(code.lower())
    page.get_by_role("button", name=re.compile("Lacak|Cari|Periksa")).click()
    expect(page.get_by_text(ANSWER)).to_be_visible()
    expect(page.get_by_text("Rudi Hartono")).to_have_count(0)  # the team answers as a team
    page.get_by_role("link", name=re.compile("survei", re.IGNORECASE)).first.click()
    for number in range(1, 10):
        question = page.locator("fieldset").filter(has_text=re.compile(rf"^\s*{number}\. "))
        question.locator("input[type=radio]").nth(3).check()
    page.get_by_role("button", name="Kirim penilaian").click()
    expect(page.get_by_role("heading", name=re.compile("Terima kasih"))).to_be_visible()
    response = SurveyResponse.objects.get()
    assert response.complaint == Complaint.objects.get()
    assert [getattr(response, f"u{n}") for n in range(1, 10)] == [4] * 9
