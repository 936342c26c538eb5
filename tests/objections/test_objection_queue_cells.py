"""The objection queue writes its cells in Python (objections.queue_cells, issue 19) from rows
loading only the shown columns: every cell must be what the template it replaced wrote, byte for
byte (queue_cells_reference.html, kept here as it was), in each state a row can be in and in both
languages."""

import datetime
from pathlib import Path

import pytest
from django.template import engines
from django.utils import timezone, translation

from objections.constants import ObjectionOutcome
from objections.models import Objection
from objections.queue_cells import QueueCells
from objections.selectors import objection_queue_rows
from objections.views import QUEUE_COLUMNS
from tests.factories import ApplicationFactory

REFERENCE = (Path(__file__).parent / "queue_cells_reference.html").read_text()


@pytest.fixture
def rows(verifier):
    answered = {"answered_by": verifier, "answered_at": timezone.now(), "answer": "Sudah dicek."}
    today = timezone.localdate()
    variants = [
        # (the objection's fields, the overdue working days the view would set)
        ({}, None),
        ({"due_date": today - datetime.timedelta(days=9)}, 5),
        ({"due_date": today}, 0),
        ({"due_date": None, "kind": "result"}, None),
        ({"state": "answered", "outcome": ObjectionOutcome.ACCEPTED, **answered}, None),
        ({"state": "answered", "outcome": ObjectionOutcome.REJECTED, **answered}, None),
    ]
    made = []
    for number, (fields, days) in enumerate(variants):
        application = ApplicationFactory(status="rejected")
        if number == 1:
            application.candidate.first_name = "Rina <b>& Co</b>"
            application.candidate.save()
        if number == 2:
            application.candidate.first_name = application.candidate.last_name = ""
            application.candidate.save()
        objection = Objection.objects.create(
            application=application,
            kind=fields.pop("kind", "verification"),
            decided_at=application.created_at,
            reason="Ijazah terakhir saya sudah diunggah pada halaman kedua berkas.",
            due_date=fields.pop("due_date", today + datetime.timedelta(days=5)),
            **fields,
        )
        made.append((objection.pk, days))
    loaded = objection_queue_rows().in_bulk([pk for pk, _ in made])
    out = []
    for pk, days in made:
        row = loaded[pk]
        row.overdue_days = days
        out.append(row)
    return out


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
def test_every_cell_is_what_the_template_wrote(rows, django_assert_num_queries, language):
    template = engines["django"].from_string(REFERENCE)
    with translation.override(language):
        cells = QueueCells()
        for row in rows:
            for column in QUEUE_COLUMNS:
                expected = template.render({"row": row, "column": column})
                with django_assert_num_queries(0):  # the shown columns are all loaded
                    assert cells.cell(row, column, None) == expected, (row.state, column.key)
