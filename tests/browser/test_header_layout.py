"""The header at both sizes: on a phone (390 x 844) it takes at most 120 px, the navigation folded
into a "Menu" <details> that opens without JavaScript and no tagline; at 1280 x 800 a member of
staff holding several roles sees the whole navigation on one line."""

import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from portal.constants import Role

pytestmark = pytest.mark.django_db(transaction=True)

# Screenshots to look at after a change of the header (both sizes, both kinds of user).
SHOTS = Path(tempfile.gettempdir()) / "shots-layout"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def signed_in_context(browser, live_server, user):
    """A browser context carrying the session of `user` (the login form is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", java_script_enabled=False
    )
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def nav_rows(page) -> int:
    """How many lines the visible navigation's items take."""
    return page.evaluate(
        """() => new Set([...document.querySelectorAll('.site-nav__list > li')]
            .filter(li => li.offsetParent !== null)
            .map(li => Math.round(li.getBoundingClientRect().top))).size"""
    )


def header_height(page) -> float:
    return page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")


@pytest.mark.usefixtures("reference_data")
def test_header_folds_on_a_phone_and_stays_on_one_line_for_staff(browser, live_server, make_user):
    candidate = make_user("198609262015052001", nip="198609262015052001", first_name="Rina")
    staff = make_user(
        "petugas.tiga.peran",
        Role.VERIFIER,
        Role.SCHEDULER,
        Role.ASSESSOR,
        Role.CERTIFICATE_OFFICER,
        Role.COMPLAINT_HANDLER,
    )
    SHOTS.mkdir(exist_ok=True)
    for who, user, path in (("candidate", candidate, "/dashboard/"), ("staff", staff, "/staf/")):
        context = signed_in_context(browser, live_server, user)
        page = context.new_page()
        page.set_viewport_size(DESKTOP)
        page.goto(path)
        nav = page.get_by_role("navigation", name="Menu utama")
        expect(nav.get_by_role("button", name="Keluar")).to_be_visible()
        page.screenshot(path=SHOTS / f"header-{who}-1280.png")
        assert nav_rows(page) == 1, f"{who}: the navigation wraps at 1280 px"
        page.screenshot(path=SHOTS / f"header-{who}-1280.png")

        page.set_viewport_size(PHONE)
        assert header_height(page) <= 120, f"{who}: header {header_height(page)} px high"
        expect(page.locator(".brand__tagline")).to_be_hidden()
        expect(nav.get_by_role("button", name="Keluar")).to_be_hidden()
        page.screenshot(path=SHOTS / f"header-{who}-390.png")
        page.locator(".site-menu__toggle").click()  # <details>: no script involved
        expect(nav.get_by_role("button", name="Keluar")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=SHOTS / f"header-{who}-390-menu.png")
        context.close()
