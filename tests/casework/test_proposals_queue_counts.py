"""Issue 19: the engine operator's proposals come a page of employees at a time, grouped by
proposal, with the same queries for three times as many on page 1 and on the last page
(tests/queue_counts.py)."""

import itertools

import pytest
from django.urls import reverse

from casework import selectors
from casework.services import intake
from tests.queue_counts import assert_constant_queries

pytestmark = pytest.mark.django_db

PROPOSALS = reverse("casework_proposals")


def test_the_proposals_list(client, operator, institution, certification, make_case, monkeypatch):
    monkeypatch.setattr(selectors, "PROPOSAL_CASES_PER_PAGE", 2)
    serial = itertools.count(1)

    def grow(count):
        for _ in range(count):
            proposal = intake.proposal_create(
                institution=institution, service=certification, operator=operator
            )
            for _employee in range(2):
                make_case(nip=f"1986092620150520{next(serial):02d}", proposal=proposal)

    client.force_login(operator)
    assert_constant_queries(
        client, PROPOSALS, grow, page_of=lambda response: response.context["page"]
    )


def test_a_page_holds_the_newest_proposals_with_their_cases(
    client, operator, institution, certification, make_case, monkeypatch
):
    monkeypatch.setattr(selectors, "PROPOSAL_CASES_PER_PAGE", 2)
    made = []
    for number in range(3):
        proposal = intake.proposal_create(
            institution=institution, service=certification, operator=operator
        )
        made.append((proposal, make_case(nip=f"19860926201505200{number}", proposal=proposal)))
    client.force_login(operator)
    first = client.get(PROPOSALS).text
    last = client.get(PROPOSALS, {"halaman": "2"}).text
    (oldest, oldest_case), *newer = made
    for _proposal, case in newer:
        assert reverse("casework_case", args=[case.public_id]) in first
        assert reverse("casework_case", args=[case.public_id]) not in last
    assert reverse("casework_case", args=[oldest_case.public_id]) in last
    assert reverse("casework_proposal", args=[oldest.public_id]) not in first
    assert 'href="?halaman=2"' in first and 'href="?halaman=1"' in last


def test_a_long_proposal_continues_on_the_next_page_and_empty_ones_are_on_the_first(
    client, operator, institution, certification, make_case, monkeypatch
):
    monkeypatch.setattr(selectors, "PROPOSAL_CASES_PER_PAGE", 2)
    long = intake.proposal_create(institution=institution, service=certification, operator=operator)
    cases = [make_case(nip=f"19860926201505200{n}", proposal=long) for n in range(3)]
    empty = intake.proposal_create(
        institution=institution, service=certification, operator=operator
    )
    client.force_login(operator)
    first = client.get(PROPOSALS)
    last = client.get(PROPOSALS, {"halaman": "2"})

    assert [group.proposal for group in first.context["groups"]] == [empty, long]
    assert [group.proposal for group in last.context["groups"]] == [long]
    assert [group.cases for group in first.context["groups"]] == [[], cases[:2]]
    assert last.context["groups"][0].cases == cases[2:]
    assert "Belum ada pegawai yang diusulkan." in first.text
    assert "Belum ada pegawai yang diusulkan." not in last.text
    for page in (first, last):  # the proposal's heading and link on both of its pages
        assert reverse("casework_proposal", args=[long.public_id]) in page.text
