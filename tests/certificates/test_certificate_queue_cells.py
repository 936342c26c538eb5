"""The certificate officers' queue writes its cells in Python (certificates.queue_cells, issue
19) from rows loading only the shown columns: every cell must be what the template it replaced
wrote, byte for byte (queue_cells_reference.html, kept here as it was), in each state a row can
be in and in both languages."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.template import engines
from django.utils import timezone, translation

from certificates.queue_cells import QueueCells
from certificates.selectors import certificate_queue_rows
from certificates.staff_views import QUEUE_COLUMNS
from tests.factories import CertificateFactory

REFERENCE = (Path(__file__).parent / "queue_cells_reference.html").read_text()


@pytest.fixture
def rows():
    now = timezone.now()
    today = timezone.localdate()
    variants = [
        # (the certificate's fields, the overdue working days the view would set)
        ({}, None),
        ({"number": "123/PUSTAKAWAN/2026", "due_date": today - timedelta(days=9)}, 5),
        ({"correction_request": "Gelar saya S.I.Pust., bukan S.Pd.", "due_date": today}, 0),
        ({"candidate_confirmed_at": now, "due_date": today + timedelta(days=3)}, None),
        ({"name": "Rina <b>& Co</b> \"'", "nip": "", "due_date": None}, None),
        ({"nip": "1986092620150520", "level": "Ahli <Muda>", "purpose": "A & B"}, 1),
    ]
    made = [(CertificateFactory(**fields).pk, days) for fields, days in variants]
    loaded = certificate_queue_rows().in_bulk([pk for pk, _ in made])
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
                    assert cells.cell(row, column, None) == expected, (row.pk, column.key)
