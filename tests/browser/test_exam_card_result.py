"""The exam card and what follows the result, in a real browser at 1280 and 390 px: a seated
candidate downloads the card from the dashboard, a proctor opens its check page, and a candidate
who passed goes from the result card's next action to the certificate page with the photo and
postal address."""

import os
import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from registration.constants import ApplicationStatus
from scheduling.constants import Outcome, ResultStatus, SessionStatus
from scheduling.exam_card import card_check_url, exam_card_seat
from scheduling.models import Result, Seat
from scheduling.services import seat_take
from tests.browser.test_application_flow import log_in
from tests.browser.test_verification_loop import log_out
from tests.factories import ApplicationFactory, CertificateFactory
from tests.scheduling.conftest import assessor, make_session  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = ((1280, 800), (390, 844))
SHOTS = Path(os.environ.get("PORTAL_SHOTS_DIR", "") or ".")


def at_both_sizes(page: Page, name: str) -> None:
    """The page at each size: nothing scrolls sideways; a screenshot when asked for."""
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            f"{name} scrolls sideways at {width} px"
        )
        if os.environ.get("PORTAL_SHOTS_DIR"):
            page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


def test_the_card_its_check_and_the_next_action_after_a_pass(
    page: Page,
    make_session,  # noqa: F811 - the scheduling tests' fixture, imported above
    assessor,  # noqa: F811
    password,
):
    seated = ApplicationFactory(status=ApplicationStatus.VERIFIED, documents=True)
    session = make_session(instructions="Siapkan laptop dengan kamera.")
    seat_take(session=session, application=seated, actor=seated.candidate)
    seated.candidate.set_password(password)
    seated.candidate.save()

    # The seated candidate downloads the card from the dashboard.
    log_in(page, seated.candidate.username, password)
    exam = page.locator("section", has=page.get_by_role("heading", name="Ujian Anda"))
    with page.expect_download() as download:
        exam.get_by_role("link", name="Unduh kartu ujian (PDF)").click()
    assert download.value.suggested_filename == "kartu-ujian.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    at_both_sizes(page, "dasbor-kartu-ujian")
    log_out(page)

    # A proctor scans its QR code: no login needed.
    card = exam_card_seat(seated)
    page.goto(urlsplit(card_check_url(application=seated, session=card.session)).path)
    expect(
        page.get_by_role("heading", name="Kartu ini berlaku untuk sesi di bawah")
    ).to_be_visible()
    at_both_sizes(page, "cek-kartu-ujian")

    # A candidate who passed: the result card names the confirmation and its deadline.
    passed = ApplicationFactory(status=ApplicationStatus.PASSED, documents=True)
    held = make_session(starts_at=timezone.now() - timedelta(days=2), status=SessionStatus.HELD)
    seat = Seat.objects.create(session=held, application=passed, created_by=passed.candidate)
    Result.objects.create(
        seat=seat,
        outcome=Outcome.PASSED,
        status=ResultStatus.PUBLISHED,
        published_at=timezone.now(),
        recorded_by=assessor,
    )
    CertificateFactory(application=passed, due_date=date(2030, 3, 13))
    passed.candidate.set_password(password)
    passed.candidate.save()
    log_in(page, passed.candidate.username, password)
    result = page.locator("section", has=page.get_by_role("heading", name="Hasil uji kompetensi"))
    expect(result).to_contain_text("konfirmasi data sertifikat paling lambat Rabu, 13 Maret 2030")
    at_both_sizes(page, "dasbor-hasil-lulus")
    result.get_by_role("link", name="Konfirmasi data sertifikat").click()
    expect(page).to_have_url(re.compile(r"/sertifikat/#sertifikat-"))
    expect(page.get_by_role("img", name="Pas foto yang dicetak pada sertifikat")).to_be_visible()
    expect(page.get_by_text("Jl. Salemba Raya No. 28A, Jakarta Pusat")).to_be_visible()
    expect(page.get_by_role("link", name="Ubah alamat pengiriman")).to_be_visible()
    at_both_sizes(page, "sertifikat-foto-alamat")
