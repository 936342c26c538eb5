"""An institution's home (issue 19): each engagement shows its own labels, in the reader's
language, from one lookup per page; the engagements come a page at a time with the same queries
however many there are (tests/queue_counts.py)."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from assessments.constants import EngagementState, Purpose
from assessments.selectors import cooperation
from tests.queue_counts import assert_constant_queries

pytestmark = pytest.mark.django_db

HOME = "/penilaian-kompetensi/instansi/"


def _row(page: str, engagement) -> str:
    """The table row of `engagement` on the page."""
    row = page.split(reverse("assessments_engagement", args=[engagement.public_id]), 1)[1]
    return row.split("</tr>", 1)[0]


def test_each_engagement_shows_its_own_state_and_purpose(
    client, institution_operator, make_engagement
):
    waiting = make_engagement(EngagementState.REQUESTED, purpose=Purpose.SELECTION)
    done = make_engagement(EngagementState.COMPLETED, purpose=Purpose.MAPPING)
    client.force_login(institution_operator)
    page = client.get(HOME).text
    waiting_row, done_row = _row(page, waiting), _row(page, done)
    assert "Menunggu jawaban LAN" in waiting_row and "Seleksi jabatan" in waiting_row
    assert "Selesai" in done_row and "Pemetaan jabatan" in done_row
    assert "badge--success" in done_row and "badge--success" not in waiting_row


def test_the_labels_follow_the_readers_language(client, institution_operator, make_engagement):
    engagement = make_engagement(EngagementState.REQUESTED, purpose=Purpose.MAPPING)
    client.force_login(institution_operator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    # The page in English must not leave this thread in English for the tests that follow on
    # the same worker (portal.middleware forgets it too; this holds even if it did not).
    with translation.override(settings.LANGUAGE_CODE):
        row = _row(client.get(HOME).text, engagement)
    assert "Awaiting LAN&#x27;s reply" in row or "Awaiting LAN's reply" in row
    assert "Position mapping" in row
    assert translation.get_language() == settings.LANGUAGE_CODE


def test_the_engagements_come_a_page_at_a_time_with_the_same_queries(
    client, institution_operator, make_engagement, monkeypatch
):
    monkeypatch.setattr(cooperation, "HOME_PER_PAGE", 2)
    client.force_login(institution_operator)
    assert_constant_queries(
        client,
        HOME,
        lambda count: [make_engagement() for _ in range(count)],
        page_of=lambda response: response.context["page"],
        shown=None,
    )


def test_a_page_shows_the_newest_first_and_links_to_the_next(
    client, institution_operator, make_engagement, monkeypatch
):
    monkeypatch.setattr(cooperation, "HOME_PER_PAGE", 2)
    made = [make_engagement() for _ in range(3)]
    client.force_login(institution_operator)
    first = client.get(HOME).text
    last = client.get(HOME, {"halaman": "2"}).text
    newest, middle, oldest = reversed(made)
    assert all(_row(first, e) for e in (newest, middle))
    assert reverse("assessments_engagement", args=[oldest.public_id]) not in first
    assert reverse("assessments_engagement", args=[oldest.public_id]) in last
    assert 'href="?halaman=2"' in first and 'href="?halaman=1"' in last


def test_an_institution_whose_engagements_are_on_another_page_says_so(
    client, institution_operator, make_institution, make_engagement, monkeypatch
):
    monkeypatch.setattr(cooperation, "HOME_PER_PAGE", 2)
    # A second institution of the same operator (its name sorts first), with the oldest request,
    # and a third with none.
    older = make_institution(name="Kabupaten Bengkayang", operator="operator-bengkayang")
    older.operators.add(institution_operator)
    make_institution(name="Kabupaten Landak", operator="operator-landak").operators.add(
        institution_operator
    )
    oldest = make_engagement(institution=older)
    for _ in range(3):
        make_engagement()
    client.force_login(institution_operator)
    first = client.get(HOME).text
    last = client.get(HOME, {"halaman": "2"}).text
    assert "Permohonan instansi ini ada di halaman lain." in first  # Bengkayang on page 1
    assert reverse("assessments_engagement", args=[oldest.public_id]) in last
    assert "Permohonan instansi ini ada di halaman lain." not in last
    for page in (first, last):  # every card on every page, with its request button
        assert page.count("Belum ada permohonan.") == 1  # Landak
        assert page.count("Ajukan permohonan kerja sama") == 3
