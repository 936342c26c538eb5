"""Issue 19: the complaint team's queue makes the same queries with three times as many
complaints, on page 1 and on the last page, whatever the filter or order (tests/queue_counts.py)."""

import pytest
from django.urls import reverse

from complaints import staff_views
from tests.queue_counts import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status": "semua"},
        {"status": "semua", "urut": "prioritas"},
        {"status": "semua", "urut": "terbaru", "cari": "unggah"},
    ],
)
def test_the_team_queue(client, handler, make_complaint, monkeypatch, params):
    monkeypatch.setattr(staff_views, "PAGE_SIZE", 2)

    def grow(count):
        for number in range(count):
            make_complaint(subject=f"Berkas tidak dapat diunggah ({number})")

    client.force_login(handler)
    assert_constant_queries(
        client,
        reverse("complaints_queue"),
        grow,
        params=params,
        page_of=lambda response: response.context["page"],
    )
