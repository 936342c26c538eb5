"""The results roster's seat cards written in Python (scheduling.roster_cards) are the bytes the
template (templates/scheduling/results/seat.html, still used for cards with a form or
amendments) wrote: the whole page rendered both ways, for each state of a card, as the head of
panel and as an assessor, in both languages."""

import re

import pytest
from django.urls import reverse

from portal.models import CompetencyUnit
from scheduling import result_views
from scheduling.constants import Attendance, Outcome
from scheduling.models import Result
from scheduling.results import result_amend, result_publish, result_record
from tests.scheduling.test_result_conflicts import declare_relative
from tests.scheduling.test_results import mark, panel_session

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _both_ways(client, url, monkeypatch, language) -> tuple[str, str, int]:
    """The page with the Python cards, the page with the template for every card, and how
    many cards Python wrote."""
    client.cookies["django_language"] = language
    written = []
    cards = result_views.seat_card_html

    def counting(row, **flags):
        html = cards(row, **flags)
        written.append(html is not None)
        return html

    monkeypatch.setattr(result_views, "seat_card_html", counting)
    fast = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    monkeypatch.setattr(result_views, "seat_card_html", lambda row, **flags: None)
    slow = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    monkeypatch.setattr(result_views, "seat_card_html", cards)
    assert fast.status_code == slow.status_code == 200
    return CSRF.sub("", fast.text), CSRF.sub("", slow.text), sum(written)


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_card_is_what_the_template_wrote(
    client, make_session, scheduler, assessor, head_assessor, monkeypatch, language
):
    session, seats = panel_session(
        make_session, scheduler, head=head_assessor, assessors=[assessor], seats=5
    )
    service = session.service
    CompetencyUnit.objects.create(service=service, code="PUS.01", order=1, title="Koleksi & <b>")
    CompetencyUnit.objects.create(service=service, code="PUS.02", order=2, title="Layanan")
    passed, failed, amended, absent, related = seats
    mark([passed, failed, amended, related], Attendance.PRESENT, head_assessor)
    mark([absent], Attendance.ABSENT, head_assessor)
    result_record(
        seat=passed,
        actor=head_assessor,
        outcome=Outcome.PASSED,
        score="72.325",
        unit_outcomes={"PUS.01": "competent", "PUS.02": "not_yet_competent"},
        notes="Baik sekali.\nArsip <rapi> & lengkap.",
    )
    result_record(seat=failed, actor=head_assessor, outcome=Outcome.FAILED)
    result_record(seat=amended, actor=head_assessor, outcome=Outcome.FAILED, score="40")
    result_record(seat=related, actor=head_assessor, outcome=Outcome.PASSED, score="80")
    url = reverse("results_session", args=[session.pk])

    # Before publication every card has the attendance buttons: all from the template.
    client.force_login(head_assessor)
    fast, slow, written = _both_ways(client, url, monkeypatch, language)
    assert fast == slow and written == 0

    result_publish(session=session, actor=head_assessor)
    result_amend(
        result=Result.objects.get(seat=amended),
        actor=head_assessor,
        reason="Salah ketik.",
        outcome=Outcome.PASSED,
        score="60",
    )
    # The head: "Ralat hasil ini" links, one card with amendments (the template's).
    fast, slow, written = _both_ways(client, url, monkeypatch, language)
    assert fast == slow and written == 4
    assert "Arsip &lt;rapi&gt; &amp; lengkap." in fast
    # The same with one correction form open: that card from the template.
    fast, slow, written = _both_ways(client, f"{url}?ralat={passed.pk}", monkeypatch, language)
    assert fast == slow and written == 3
    # An assessor of the panel, related to one candidate: no links, a conflict note.
    declare_relative(assessor, related.application.candidate)
    client.force_login(assessor)
    fast, slow, written = _both_ways(client, url, monkeypatch, language)
    assert fast == slow and written == 4
    assert "Konflik kepentingan" in fast or "onflict" in fast
