"""The exam card (kartu ujian): the PDF a seated candidate downloads and receives with the
seat mail, and the public check page its QR code opens."""

import io
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
import zxingcpp
from django.core import mail
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from portal.models import OutboundEmail
from registration.constants import ApplicationStatus
from scheduling import exam_card
from scheduling.constants import SessionMode, SessionStatus
from scheduling.models import ExamSession
from scheduling.services import seat_move, seat_release, seat_take
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

# Where to keep the rendered card for a person to look at (e.g. PORTAL_SHOTS_DIR=/tmp/shots).
SHOTS = os.environ.get("PORTAL_SHOTS_DIR", "")


def text_of(pdf: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def page_png(pdf: bytes, directory: Path, name: str) -> Path:
    """Page 1 as PNG (pdftoppm, as a phone's camera would see a print at 100 dpi)."""
    source = directory / f"{name}.pdf"
    source.write_bytes(pdf)
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm (poppler-utils) is needed to look at the card"
    subprocess.run(
        [
            pdftoppm,
            "-png",
            "-r",
            "100",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(source),
            str(directory / name),
        ],
        check=True,
    )
    return directory / f"{name}.png"


def of(seat) -> dict:
    """The card's keyword arguments for a seat."""
    return {"application": seat.application, "session": seat.session}


@pytest.fixture
def seated(make_session, django_capture_on_commit_callbacks):
    """A candidate with every document (their photo too) seated at 09.00 WIB, mails sent."""
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED, documents=True)
    session = make_session(
        # 02.00 UTC is 09.00 WIB.
        starts_at=datetime(2030, 3, 11, 2, 0, tzinfo=UTC),
        ends_at=datetime(2030, 3, 11, 5, 0, tzinfo=UTC),
        instructions="Siapkan laptop dengan kamera dan koneksi internet stabil.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        seat = seat_take(session=session, application=application, actor=application.candidate)
    return seat


def test_the_card_prints_the_nip_the_time_in_wib_the_rules_and_a_qr_to_the_check(seated, tmp_path):
    pdf = exam_card.exam_card_pdf(**of(seated))

    text = text_of(pdf)
    nip = seated.application.candidate.nip
    assert f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}" in text  # as printed on SK
    assert "Senin, 11 Maret 2030, 09.00–12.00 WIB" in text  # noqa: RUF001 - the printed dash
    assert "Daring · Zoom" in text
    assert "Siapkan laptop dengan kamera" in text
    assert "zoom.example.test" not in text  # the link shows on the dashboard, near the start
    png = page_png(pdf, Path(SHOTS) if SHOTS else tmp_path, "kartu-ujian")
    codes = [
        code.text
        for code in zxingcpp.read_barcodes(Image.open(png))
        if code.format == zxingcpp.BarcodeFormat.QRCode
    ]
    assert codes == [exam_card.card_check_url(**of(seated))]
    # The photo is embedded: the page is not blank where it stands.
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) >= 1


def test_an_unchanged_card_is_rendered_once_and_a_moved_seat_gets_a_new_one(
    seated, make_session, monkeypatch
):
    renders = []
    real = exam_card.render_pdf
    monkeypatch.setattr(exam_card, "render_pdf", lambda html: renders.append(html) or real(html))

    exam_card.exam_card_pdf(**of(seated))  # rendered for the seat mail already: from the cache
    assert renders == []
    other = make_session(starts_at=datetime(2030, 3, 12, 2, 0, tzinfo=UTC))
    moved = seat_move(seat=seated, to_session=other, actor=seated.application.candidate)
    text = text_of(exam_card.exam_card_pdf(**of(exam_card.exam_card_seat(moved.application))))

    assert len(renders) == 1
    assert "Selasa, 12 Maret 2030" in text


def test_the_seat_mail_carries_the_card_and_keeps_it_for_a_retry(seated):
    (message,) = mail.outbox
    names = sorted(attachment.filename for attachment in message.attachments)
    assert names == ["kartu-ujian.pdf", "undangan-uji-kompetensi.ics"]
    assert "Kartu ujian terlampir (kartu-ujian.pdf)" in message.body
    (card,) = [a for a in message.attachments if a.filename == "kartu-ujian.pdf"]
    assert card.mimetype == "application/pdf"
    assert card.content.startswith(b"%PDF")
    # The outbox row holds the bytes, so a message sent again (after a failed attempt) has it.
    stored = OutboundEmail.objects.get(to=[seated.application.candidate.email])
    assert [a["filename"] for a in stored.attachments] == [
        "undangan-uji-kompetensi.ics",
        "kartu-ujian.pdf",
    ]
    assert "base64" in stored.attachments[1]


def test_giving_the_seat_back_mails_no_card(seated, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        seat_release(seat=seated, actor=seated.application.candidate)

    (message,) = mail.outbox
    assert [a.filename for a in message.attachments] == ["undangan-uji-kompetensi.ics"]


def test_the_candidate_downloads_their_own_card(client, seated):
    client.force_login(seated.application.candidate)

    response = client.get(reverse("exam_card_download"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="kartu-ujian.pdf"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert seated.application.candidate.nip[-3:] in text_of(response.content)


def test_the_dashboard_offers_the_card_while_seated(client, seated):
    client.force_login(seated.application.candidate)

    page = client.get(reverse("dashboard")).content.decode()

    assert reverse("exam_card_download") in page
    assert "Unduh kartu ujian (PDF)" in page


def test_another_candidate_without_a_seat_gets_404(client, seated):
    other = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    client.force_login(other.candidate)

    assert client.get(reverse("exam_card_download")).status_code == 404


def test_anonymous_is_sent_to_login_and_staff_to_their_home(client, seated, scheduler):
    response = client.get(reverse("exam_card_download"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]

    client.force_login(scheduler)
    response = client.get(reverse("exam_card_download"))
    assert response.status_code == 302
    assert response["Location"] == reverse("staff_home")


def test_the_check_page_says_valid_with_a_masked_name_and_nip(client, seated):
    response = client.get(exam_card.card_check_url(**of(seated)))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Kartu ini berlaku untuk sesi di bawah" in page
    nip = seated.application.candidate.nip
    assert nip not in page
    assert nip[-4:] in page
    assert "09.00–12.00 WIB" in page  # noqa: RUF001 - the printed dash
    assert seated.application.candidate.email not in page
    assert response["Cache-Control"] == "no-store"


def test_a_forged_or_cut_token_is_unknown(client, seated):
    token = exam_card.card_token(**of(seated))
    forged = f"{seated.application_id + 1}.{seated.session_id}:{token.split(':')[1]}"

    for bad in (forged, token[:-3], "1.1", "x"):
        response = client.get(reverse("exam_card_check", kwargs={"token": bad}))
        assert response.status_code == 404
        assert "Kartu ini tidak dikenal" in response.content.decode()


def test_a_card_for_an_earlier_session_or_a_given_back_seat_is_not_valid(
    client, seated, make_session
):
    old_url = exam_card.card_check_url(**of(seated))
    other = make_session(starts_at=datetime(2030, 3, 12, 2, 0, tzinfo=UTC))
    seat_move(seat=seated, to_session=other, actor=seated.application.candidate)

    page = client.get(old_url).content.decode()
    assert "Kartu ini tidak berlaku" in page
    assert "dipindah ke sesi lain" in page
    assert "Selasa, 12 Maret 2030" in page

    new_url = exam_card.card_check_url(**of(exam_card.exam_card_seat(seated.application)))
    ExamSession.objects.filter(pk=other.pk).update(status=SessionStatus.CANCELLED)
    assert "dibatalkan panitia" in client.get(new_url).content.decode()

    ExamSession.objects.filter(pk=other.pk).update(status=SessionStatus.OPEN)
    seat_release(seat=seated, actor=seated.application.candidate)
    assert "sudah dilepas" in client.get(new_url).content.decode()


def test_a_venue_session_prints_its_place(make_session):
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    session = make_session(
        mode=SessionMode.OFFLINE,
        meeting_link="",
        platform="",
        venue="Gedung Perpustakaan Nasional, Lt. 5\nJl. Medan Merdeka Selatan No. 11",
    )
    seat = seat_take(session=session, application=application, actor=application.candidate)

    text = text_of(exam_card.exam_card_pdf(**of(seat)))

    assert "Luring" in text
    assert "Gedung Perpustakaan Nasional, Lt. 5" in text
    assert "Tempel pas foto" in text  # no photo uploaded: a frame to glue one in


def test_names_are_masked_to_the_first_word_and_initials():
    assert exam_card.mask_name("Rina Wulandari, S.I.Pust.") == "Rina W."
    assert exam_card.mask_name("Dra. Siti Nur Aisyah, M.Hum.") == "Siti N. A."
    assert exam_card.mask_nip("198609262015052001") == "••••••••••••••2001"


def test_the_card_is_rendered_before_the_session_lock_is_taken(
    make_session, monkeypatch, django_capture_on_commit_callbacks
):
    """Booking holds the session's row lock: the render (the slow part) happens before it, so
    the other candidates booking that session do not wait for it."""
    from django.db import connection

    depths = []
    real = exam_card.render_pdf
    monkeypatch.setattr(
        exam_card,
        "render_pdf",
        lambda html: depths.append(len(connection.savepoint_ids)) or real(html),
    )
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    outside = len(connection.savepoint_ids)

    with django_capture_on_commit_callbacks(execute=True):
        seat_take(session=make_session(), application=application, actor=application.candidate)

    assert depths == [outside]  # once, outside seat_take's transaction; the mail used the cache
    (message,) = mail.outbox
    assert "kartu-ujian.pdf" in [a.filename for a in message.attachments]
