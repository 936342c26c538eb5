"""A signing official without an authenticator app signs in, is told why a second factor is
required, sets one up from the QR page's secret, and from then on gives its code at login."""

import re

import pytest
from playwright.sync_api import Page, expect

from portal.constants import Role
from tests.browser.axe import AxeAudit, axe_source
from tests.browser.test_application_flow import log_in
from tests.browser.test_verification_loop import log_out
from tests.two_factor import totp_code

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_signing_official_sets_up_the_second_factor_before_working(
    page: Page, make_user, password
):
    axe_source()
    audit = AxeAudit(page)
    official = make_user("penandatangan", Role.SIGNING_OFFICIAL, first_name="Agus", totp=False)

    log_in(page, "penandatangan", password, lands_on=r"/accounts/reauthenticate/")
    expect(page.locator("main")).to_contain_text("wajib memakai verifikasi dua langkah")
    audit.check("/accounts/reauthenticate/")
    page.locator("input[name=password]").fill(password)
    page.locator("input[name=password]").press("Enter")

    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    expect(page.locator("main img")).to_be_visible()  # the QR code
    audit.check("/accounts/2fa/totp/activate/")
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(totp_code(secret))
    page.locator("input[name=code]").press("Enter")

    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/$"))
    page.goto("/staf/")
    expect(page.get_by_role("heading", name="Selamat datang, Agus")).to_be_visible()
    log_out(page)

    log_in(page, "penandatangan", password, lands_on=r"/staf/$")  # now with the code step
    assert official.authenticator_set.count() == 2  # TOTP and its recovery codes
    audit.assert_clean()
