"""Choosing a session on a phone, and the waiting list, in a real browser: the open sessions
are cards whose button stays on screen at 390 px, every session is full so the candidate joins
the waiting list, a seat is given back, and the candidate accepts the seat offered."""

import os
import re
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from portal.models import Service
from registration.constants import ApplicationStatus
from scheduling.constants import SessionMode, SessionStatus
from scheduling.models import ExamSession, Seat
from scheduling.services import seat_release, seat_take
from tests.browser.test_application_flow import log_in
from tests.factories import SERVICE_SLUG, ApplicationFactory

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(os.environ.get("SHOTS_DIR", Path(tempfile.gettempdir()) / "shots-sessions"))
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


def full_session(days: int, **fields) -> ExamSession:
    """An open session `days` ahead with one seat, taken by another candidate."""
    now = timezone.now()
    starts_at = now + timedelta(days=days)
    session = ExamSession.objects.create(
        service=Service.objects.get(slug=SERVICE_SLUG),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        capacity=1,
        booking_opens_at=now - timedelta(days=1),
        booking_closes_at=starts_at - timedelta(days=2),
        status=SessionStatus.OPEN,
        **fields,
    )
    other = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    seat_take(session=session, application=other, actor=other.candidate)
    return session


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide at 390 px"


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_cards_on_a_phone_then_the_waiting_list_and_an_accepted_offer(page: Page, password):
    online = full_session(
        10,
        mode=SessionMode.ONLINE,
        platform="Zoom Meeting",
        meeting_link="https://zoom.example.test/j/5550001",
    )
    full_session(
        12,
        mode=SessionMode.OFFLINE,
        venue="Perpustakaan Nasional RI, Gedung Fasilitas Layanan Lantai 4, "
        "Jl. Medan Merdeka Selatan No. 11, Jakarta Pusat",
    )
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    candidate = application.candidate
    candidate.set_password(password)
    candidate.save()

    page.set_viewport_size(LAPTOP)
    log_in(page, candidate.username, password)
    page.goto("/jadwal-ujian/")
    cards = page.locator(".session-card")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("Zoom Meeting")
    expect(cards.first).to_contain_text("Penuh")
    shot(page, "cards-full-1280")

    # On a phone every card, its facts and its button fit the screen.
    page.set_viewport_size(PHONE)
    no_sideways_scroll(page)
    expect(cards.nth(1)).to_contain_text("Jakarta Pusat")
    shot(page, "cards-full-390")

    # Every session is full: the candidate joins the waiting list.
    page.get_by_role("button", name="Masuk daftar tunggu").click()
    expect(page.get_by_text("Anda di daftar tunggu, urutan ke-1.")).to_be_visible()
    no_sideways_scroll(page)
    shot(page, "waitlist-390")

    # Another candidate gives their seat back; it is offered to the first one waiting.
    seat = Seat.objects.get(session=online, is_active=True)
    seat_release(seat=seat, actor=seat.application.candidate)
    page.reload()
    offer = page.locator("#daftar-tunggu")
    expect(offer).to_contain_text("Kursi tersedia untuk Anda")
    expect(offer).to_contain_text("Terima paling lambat")
    no_sideways_scroll(page)
    shot(page, "offer-390")
    page.set_viewport_size(LAPTOP)
    shot(page, "offer-1280")

    page.get_by_role("button", name="Terima kursi ini").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_text("tersimpan").first).to_be_visible()
    shot(page, "accepted-1280")
    page.set_viewport_size(PHONE)
    no_sideways_scroll(page)
    shot(page, "accepted-390")
    assert Seat.objects.get(application=application, is_active=True).session == online
