"""The candidate's exam schedule writes its session cards in Python (scheduling.offer_cards,
issue 19): the list must be what the template it replaced wrote, byte for byte
(session_offers_reference.html, kept here as it was), for every state a card can show (booking
not yet open, full, to take, to move to; with and without a venue and a platform; a mode that is
no longer a choice; a capacity in the thousands) in both languages; the page shows it; and every
message the cards translate is one the catalogue's refresh (makemessages) finds."""

import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.template import Context, engines
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from registration.constants import ApplicationStatus
from scheduling import offer_cards
from scheduling.candidate_selectors import session_list_bookable
from scheduling.constants import SessionMode
from scheduling.models import Seat
from scheduling.offer_cards import OfferCards
from scheduling.services import seat_take
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

REFERENCE = (Path(__file__).parent / "session_offers_reference.html").read_text()
TOKEN = "a" * 32 + "<&>"
CARD_FORM = re.compile(
    r'<form method="post" action="(?P<action>[^"]+)">\s*'
    r'<input type="hidden" name="csrfmiddlewaretoken" value="(?P<token>[^"]+)">\s*'
    r'<input type="hidden" name="session" value="(?P<session>\d+)">'
)


@pytest.fixture
def sessions(make_session):
    now = timezone.now()
    # 17.30 UTC on a Saturday is 00.30 WIB on the Sunday: the card's day is Jakarta's.
    saturday_evening = datetime(2027, 1, 2, 17, 30, tzinfo=UTC)
    made = [
        make_session(),
        make_session(
            starts_at=saturday_evening,
            mode=SessionMode.OFFLINE,
            platform="",
            meeting_link="",
            venue="Gedung Perpusnas <Lt. 2>\nJl. Medan Merdeka Selatan No. 11 & 12",
            capacity=1500,
        ),
        # Its booking opens tomorrow morning (WIB).
        make_session(
            booking_opens_at=now + timedelta(days=1), platform="Zoom <b>&</b>", venue="Aula"
        ),
        # Full: its one seat is taken.
        make_session(capacity=1),
        make_session(mode="kuno"),
    ]
    holder = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    seat_take(session=made[3], application=holder, actor=holder.candidate)
    loaded = session_list_bookable(service=made[0].service).in_bulk([s.pk for s in made])
    return [loaded[session.pk] for session in made]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("action", ["take", "move"])
@pytest.mark.parametrize("token", [TOKEN, None])
def test_the_cards_are_what_the_template_wrote(sessions, language, action, token):
    assert [session.booking_started for session in sessions] == [True, True, False, True, True]
    assert [session.seats_left for session in sessions] == [10, 1500, 10, 0, 10]
    template = engines["django"].from_string(REFERENCE)
    with translation.override(language):
        expected = template.render({"sessions": sessions, "action": action, "csrf_token": token})
        written = OfferCards(action=action, csrf_token=token, context=Context()).html(sessions)
    assert written == expected


def test_a_card_on_the_page_takes_its_seat_with_the_page_s_token(make_session):
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    session = make_session()
    client = Client(enforce_csrf_checks=True)
    client.force_login(application.candidate)

    page = client.get(reverse("exam_schedule")).text
    form = CARD_FORM.search(page)
    assert form is not None and form["session"] == str(session.pk)
    response = client.post(
        form["action"], {"csrfmiddlewaretoken": form["token"], "session": form["session"]}
    )

    assert response.status_code == 302 and response.url == reverse("dashboard")
    assert Seat.objects.get(application=application, is_active=True).session == session


def test_every_message_the_cards_translate_is_one_makemessages_finds(sessions, monkeypatch):
    # makemessages reads Python with xgettext, which does not look inside f-strings: a message
    # translated there works today and drops out of the catalogue at its next refresh.
    xgettext = shutil.which("xgettext")
    if xgettext is None:
        pytest.skip("GNU gettext's xgettext is not installed (.ci/run installs it)")
    asked = set()

    def recorded(message):
        asked.add(message)
        return gettext(message)

    monkeypatch.setattr(offer_cards, "_", recorded)
    for action in ("take", "move"):
        OfferCards(action=action, csrf_token=TOKEN, context=Context()).html(sessions)
    found = subprocess.run(
        [xgettext, "--language=Python", "--from-code=UTF-8", "--output=-", offer_cards.__file__],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    extracted = {
        "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', entry))
        for entry in re.findall(r'^msgid ((?:".*"\n?)+)', found, flags=re.MULTILINE)
    }
    assert "Penuh" in asked and "Dibuka %(opens)s WIB" in asked
    assert asked - extracted == set()
