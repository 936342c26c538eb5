"""The verifier's page shows a candidate's PDF in an <iframe>, and the PDF response carries the
portal's whole Content-Security-Policy plus ``sandbox`` (portal/downloads.py). Chromium's
built-in PDF viewer still draws the page, framed and opened directly: a red square on the PDF's
page must reach the screen in both."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from tests.browser.test_application_flow import log_in
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def red_square_pdf() -> bytes:
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    content = DecodedStreamObject()
    content.set_data(b"1 0 0 rg 60 60 475 722 re f")
    page[NameObject("/Contents")] = writer._add_object(content)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def red_share(png: bytes) -> float:
    pixels = Image.open(io.BytesIO(png)).convert("RGB").get_flattened_data()
    return sum(1 for r, g, b in pixels if r > 200 and g < 80 and b < 80) / len(pixels)


def test_the_verifier_sees_a_sandboxed_pdf_in_the_page_and_in_its_own_tab(page, verifier, password):
    application = ApplicationFactory(submitted=True)
    document = application.documents.get(requirement__code="sk-jabatan")
    document.file.save("sk.pdf", ContentFile(red_square_pdf()))

    log_in(page, verifier.username, password, lands_on=r"/staf/$")
    page.goto(f"/verifikasi/{application.public_id}/?dokumen=sk-jabatan")
    frame = page.locator("#penampil iframe")
    frame.scroll_into_view_if_needed()
    expect(frame).to_be_visible()

    # The viewer draws asynchronously: wait until the red page is on screen.
    def framed_share() -> float:
        return red_share(frame.screenshot())

    for _attempt in range(30):
        if framed_share() > 0.2:
            break
        page.wait_for_timeout(500)
    assert framed_share() > 0.2
    # What the server sent (Chromium's viewer fetches the file again, with headers of its own).
    policy = page.request.get(f"/berkas/{document.public_id}/").headers["content-security-policy"]
    assert "sandbox" in policy.split("; ")
    assert "frame-ancestors 'self'" in policy
    assert "script-src 'self'" in policy

    page.goto(f"/berkas/{document.public_id}/")
    for _attempt in range(30):
        if red_share(page.screenshot()) > 0.2:
            break
        page.wait_for_timeout(500)
    assert red_share(page.screenshot()) > 0.2
