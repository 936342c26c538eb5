"""From a verified application to a published result, in a real browser: the committee creates
and opens a session, the candidate books it, the exam day comes, an assessor records a pass, the
head of panel publishes, and the candidate reads the result on the dashboard."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from portal.calendar import add_working_days
from portal.constants import Role
from registration.constants import ApplicationStatus
from registration.models import Application
from scheduling.constants import ResultStatus, SessionStatus
from scheduling.models import ExamSession, Result
from tests.browser.test_application_flow import log_in
from tests.browser.test_verification_loop import log_out, staff_log_in
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def create_and_open_session(page: Page, day) -> None:
    today = timezone.localdate()
    page.get_by_role("link", name="Penjadwalan", exact=True).click()
    page.get_by_role("link", name="Buat sesi").first.click()
    page.get_by_label("Layanan", exact=True).select_option(label="Uji Kompetensi Pustakawan")
    page.get_by_label("Tanggal uji", exact=True).fill(day.isoformat())
    page.get_by_label("Jam mulai (WIB)", exact=True).fill("09:00")
    page.get_by_label("Jam selesai (WIB)", exact=True).fill("12:00")
    page.get_by_label("Daring", exact=True).check()
    page.get_by_label("Platform", exact=True).fill("Zoom Meeting")
    page.get_by_label("Tautan pertemuan", exact=True).fill("https://zoom.example.test/j/5550001")
    page.get_by_label("Kapasitas", exact=True).fill("10")
    page.get_by_label("Pemesanan dibuka: tanggal", exact=True).fill(today.isoformat())
    page.get_by_label("Pemesanan dibuka: jam (WIB)", exact=True).fill("00:00")
    page.get_by_label("Pemesanan ditutup: tanggal", exact=True).fill(
        (day - timedelta(days=2)).isoformat()
    )
    page.get_by_label("Pemesanan ditutup: jam (WIB)", exact=True).fill("16:00")
    page.get_by_label("Dewi Lestari", exact=True).check()
    page.get_by_label("Bambang Sutrisno", exact=True).check()
    page.get_by_label("Ketua panel").select_option(label="Bambang Sutrisno")
    page.get_by_role("button", name="Simpan sebagai draf").click()
    expect(page.get_by_text("Sesi dibuat sebagai draf")).to_be_visible()
    page.get_by_role("button", name="Buka pemesanan").click()
    expect(page.get_by_text("Dibuka untuk pemesanan").first).to_be_visible()


def test_a_session_from_opening_to_a_published_pass(page: Page, make_user, password):
    make_user("penjadwal", Role.SCHEDULER, first_name="Andi Pratama")
    make_user("asesor", Role.ASSESSOR, first_name="Dewi Lestari")
    make_user("ketua-panel", Role.ASSESSOR, first_name="Bambang Sutrisno")
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    candidate = application.candidate
    candidate.set_password(password)
    candidate.save()
    day = add_working_days(timezone.localdate(), 10)

    # The committee creates the session as a draft, then opens booking.
    staff_log_in(page, "penjadwal", password)
    create_and_open_session(page, day)
    log_out(page)

    # The candidate books it from the dashboard and sees it there, in WIB.
    log_in(page, candidate.username, password)
    page.get_by_role("link", name="Pilih jadwal ujian").first.click()
    page.get_by_role("button", name=re.compile("^Pilih sesi ini")).click()
    expect(page.get_by_role("alert").or_(page.locator(".messages"))).to_contain_text("sesi")
    page.goto("/dashboard/")
    exam = page.locator("section", has=page.get_by_role("heading", name="Ujian Anda"))
    expect(exam).to_contain_text("09.00–12.00 WIB")  # noqa: RUF001 - the dash the page prints
    expect(exam).to_contain_text("Tautan ujian tampil 60 menit sebelum ujian dimulai")
    assert "undangan-uji-kompetensi.ics" in [
        attachment.filename for message in mail.outbox for attachment in message.attachments
    ]
    log_out(page)

    # The exam day comes: the session is now under way (as the clock would have it).
    session = ExamSession.objects.get()
    now = timezone.now()
    ExamSession.objects.filter(pk=session.pk).update(
        booking_opens_at=now - timedelta(days=5),
        booking_closes_at=now - timedelta(days=1),
        starts_at=now - timedelta(minutes=30),
        ends_at=now + timedelta(hours=2),
    )
    staff_log_in(page, "penjadwal", password)
    page.goto(f"/penjadwalan/sesi/{session.pk}/")
    page.get_by_role("button", name="Tutup pemesanan").click()
    expect(page.get_by_text("Pemesanan ditutup").first).to_be_visible()
    log_out(page)

    # An assessor marks the candidate present and records a pass: a draft only.
    staff_log_in(page, "asesor", password)
    page.get_by_role("link", name="Penilaian", exact=True).click()
    page.locator(f"a[href='/penilaian/sesi/{session.pk}/']").click()
    page.get_by_role("button", name="Catat hadir").click()
    page.get_by_label("Lulus", exact=True).check()
    page.get_by_label("Nilai").fill("86,5")
    page.get_by_label("Catatan").fill("Penguasaan layanan referensi sangat baik.")
    page.get_by_role("button", name="Simpan draf hasil").click()
    expect(page.get_by_text("Draf").first).to_be_visible()
    # Not the head of panel: the button is there, disabled, saying who publishes.
    expect(page.get_by_role("button", name="Umumkan hasil")).to_be_disabled()
    assert Result.objects.get().status == ResultStatus.DRAFT
    log_out(page)

    # The candidate sees no result while it is a draft.
    log_in(page, candidate.username, password)
    expect(page.get_by_text("Lulus — tahap berikutnya")).to_have_count(0)
    log_out(page)

    # The head of panel publishes.
    staff_log_in(page, "ketua-panel", password)
    page.goto(f"/penilaian/sesi/{session.pk}/")
    expect(page.locator("#umumkan")).to_contain_text("1 lulus")
    page.locator("#umumkan").get_by_role("button", name="Umumkan hasil").click()
    expect(page.get_by_text("Hasil diumumkan").first).to_be_visible()
    log_out(page)

    # The candidate reads the result.
    log_in(page, candidate.username, password)
    result = page.locator("section", has=page.get_by_role("heading", name="Hasil uji kompetensi"))
    expect(result).to_contain_text("Lulus")
    expect(result).to_contain_text("86,5")
    expect(result).to_contain_text("Penguasaan layanan referensi sangat baik.")
    expect(result).to_contain_text("konfirmasi data sertifikat")
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.PASSED
    assert ExamSession.objects.get(pk=session.pk).status == SessionStatus.HELD
    assert any(
        "Hasil" in message.subject for message in mail.outbox if candidate.email in message.to
    )
