"""From a published pass to a certificate in the post, in a real browser: the candidate confirms
the printed data, the officer validates and numbers it, the official signs it (the signed PDF is
rendered and stored), the officer legalises and ships it, the candidate downloads it and confirms
receipt, and anyone can check the number on the public page."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from certificates.constants import CertificateStatus, FileState
from certificates.models import Certificate
from portal.constants import Role
from portal.models import Service
from portal.signing import demo_certificate_create
from registration.constants import ApplicationStatus
from scheduling.constants import Attendance, Outcome, SessionMode, SessionStatus
from scheduling.models import ExamSession
from scheduling.results import result_publish, result_record
from scheduling.services import seat_attendance_mark, seat_take
from tests.browser.test_application_flow import log_in
from tests.browser.test_verification_loop import log_out, staff_log_in
from tests.factories import SERVICE_SLUG, ApplicationFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSPHRASE = "kata-sandi-kunci-uji"


@pytest.fixture
def signing_key(settings, tmp_path):
    settings.CERT_SIGNING_P12 = str(demo_certificate_create(tmp_path / "uji.p12", PASSPHRASE))
    settings.CERT_SIGNING_PASSPHRASE = PASSPHRASE


def passed(candidate_password: str, make_user):
    """A candidate whose pass has just been published, through the scheduling services."""
    assessor = make_user("asesor", Role.ASSESSOR, first_name="Dewi Lestari")
    application = ApplicationFactory(documents=True, status=ApplicationStatus.VERIFIED)
    candidate = application.candidate
    candidate.set_password(candidate_password)
    candidate.save()
    now = timezone.now()
    session = ExamSession.objects.create(
        service=Service.objects.get(slug=SERVICE_SLUG),
        starts_at=now + timedelta(days=3),
        ends_at=now + timedelta(days=3, hours=3),
        mode=SessionMode.ONLINE,
        meeting_link="https://zoom.example.test/j/1",
        capacity=5,
        booking_opens_at=now - timedelta(days=1),
        booking_closes_at=now + timedelta(days=1),
        status=SessionStatus.OPEN,
        head_assessor=assessor,
    )
    session.assessors.add(assessor)
    seat = seat_take(session=session, application=application, actor=candidate)
    ExamSession.objects.filter(pk=session.pk).update(  # the exam day has come and gone
        starts_at=now - timedelta(hours=3),
        ends_at=now - timedelta(minutes=10),
        booking_closes_at=now - timedelta(days=1),
        status=SessionStatus.CLOSED,
    )
    session.refresh_from_db()
    seat_attendance_mark(seat=seat, attendance=Attendance.PRESENT, actor=assessor)
    result_record(seat=seat, actor=assessor, outcome=Outcome.PASSED, score=88)
    result_publish(session=session, actor=assessor)
    return candidate


def process_batch(page: Page, stage: str, name: str, button: str) -> None:
    page.get_by_role("link", name="Sertifikat", exact=True).click()
    page.get_by_role("link", name=re.compile(f"^{stage}")).click()
    page.get_by_label(f"Pilih {name}").check()
    page.get_by_role("button", name=button).click()
    expect(page.locator(".messages, [role=alert]").first).to_be_visible()


def test_a_certificate_from_a_published_pass_to_the_post_and_its_public_check(
    page: Page, make_user, password, signing_key
):
    candidate = passed(password, make_user)
    make_user("petugas-sertifikat", Role.CERTIFICATE_OFFICER, first_name="Maya Sari")
    make_user("penandatangan", Role.SIGNING_OFFICIAL, first_name="Dr. Agus Salim")
    certificate = Certificate.objects.get()
    name = certificate.name

    # The candidate checks the data that will be printed and says it is right.
    log_in(page, candidate.username, password)
    page.get_by_role("link", name="Konfirmasi data sertifikat").first.click()
    expect(page.get_by_role("heading", name="Sertifikat saya")).to_be_visible()
    expect(page.get_by_text(name).first).to_be_visible()
    page.get_by_role("button", name="Data sudah benar").click()
    expect(page.get_by_text("Data sudah Anda nyatakan benar")).to_be_visible()
    log_out(page)

    # The officer validates it, then gives it its number.
    staff_log_in(page, "petugas-sertifikat", password)
    process_batch(page, "Validasi data", name, "Validasi data")
    process_batch(page, "Penerbitan", name, "Terbitkan nomor")
    certificate.refresh_from_db()
    assert re.fullmatch(r"UKP/\d{4}/000001", certificate.number)
    assert certificate.status == CertificateStatus.SIGNING
    log_out(page)

    # The official signs it: the signed PDF is rendered and stored.
    staff_log_in(page, "penandatangan", password)
    process_batch(page, "Tanda tangan", name, "Tandatangani")
    certificate.refresh_from_db()
    assert certificate.pdf_state == FileState.READY
    log_out(page)

    # The officer legalises it and sends it by courier.
    staff_log_in(page, "petugas-sertifikat", password)
    process_batch(page, "Alih media", name, "Legalisir")
    page.get_by_role("link", name=re.compile("^Siap dikirim")).click()
    page.get_by_role("link", name=name).click()
    page.get_by_label("Jasa pengiriman").fill("POS Indonesia")
    page.get_by_label("Nomor resi").fill("P2612070012345")
    page.get_by_label("Tanggal dikirim").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Catat pengiriman").click()
    expect(page.get_by_text("P2612070012345").first).to_be_visible()
    log_out(page)

    # The candidate sees where it is, downloads the signed PDF and confirms receipt.
    log_in(page, candidate.username, password)
    page.goto("/sertifikat/")
    expect(page.get_by_text("POS Indonesia")).to_be_visible()
    expect(page.get_by_text("P2612070012345")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Sertifikat bertanda tangan")).click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    page.get_by_role("button", name="Sertifikat sudah saya terima").click()
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.DELIVERED
    log_out(page)

    # Anyone checks the number: valid, but the holder only with the QR code's token.
    page.goto(f"/certificates/verify/{certificate.number}/")
    expect(page.get_by_text("Sah").first).to_be_visible()
    expect(page.get_by_text("Kode verifikasi tidak lengkap")).to_be_visible()
    expect(page.get_by_text(name)).to_have_count(0)
    page.goto(f"/certificates/verify/{certificate.number}/?t={certificate.verification_token}")
    expect(page.get_by_text("Sah").first).to_be_visible()
    expect(page.get_by_text(name).first).to_be_visible()
    expect(page.get_by_text(certificate.nip)).to_have_count(0)
