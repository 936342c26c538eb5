"""The committee's session list writes its cells in Python (scheduling.session_cells, issue 19):
every cell must be what the template it replaced wrote, byte for byte
(session_cells_reference.html, kept here as it was, its status badge still included from the
templates), for every status, mode and seat count a row can show, and in both languages."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.template import Context, engines
from django.utils import timezone, translation

from scheduling.constants import SessionMode, SessionStatus
from scheduling.rosters import session_rows
from scheduling.session_cells import SessionCells
from scheduling.staff_views import SESSION_COLUMNS

REFERENCE = (Path(__file__).parent / "session_cells_reference.html").read_text()


@pytest.fixture
def rows(make_session, assessor):
    now = timezone.now()
    made = [
        make_session(),
        # Open, but its booking time is over: shown as closed.
        make_session(booking_closes_at=now - timedelta(hours=1), capacity=1500),
        make_session(status=SessionStatus.DRAFT, mode=SessionMode.OFFLINE, platform=""),
        make_session(status=SessionStatus.CLOSED, platform="Zoom <b>&</b>"),
        make_session(status=SessionStatus.HELD, starts_at=now - timedelta(days=30, hours=5)),
        make_session(status=SessionStatus.CANCELLED, starts_at=now + timedelta(minutes=7)),
    ]
    made[0].assessors.add(assessor)
    loaded = session_rows().in_bulk([session.pk for session in made])
    out = [loaded[session.pk] for session in made]
    # Full (the annotation as the list reads it: no seat is free).
    out[1].seats_taken, out[1].seats_free = 1500, 0
    return out


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
def test_every_cell_is_what_the_template_wrote(rows, language):
    template = engines["django"].from_string(REFERENCE)
    with translation.override(language):
        cells = SessionCells()
        for row in rows:
            for column in SESSION_COLUMNS:
                expected = template.render({"row": row, "column": column})
                assert cells.cell(row, column, Context()) == expected, (row.status, column.key)
