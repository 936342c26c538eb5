"""The verifier queue writes its cells in Python (verification.queue_cells, issue 19): every cell
must be what the template it replaced wrote, byte for byte (queue_cells_reference.html, kept
here as it was), in each state a row can be in and in both languages."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.template import engines
from django.utils import timezone, translation

from portal.constants import Role
from registration.constants import ApplicationStatus
from registration.models import Level
from tests.factories import ApplicationFactory
from verification.queue_cells import QueueCells
from verification.selectors import application_rows
from verification.views import QUEUE_COLUMNS

REFERENCE = (Path(__file__).parent / "queue_cells_reference.html").read_text()


@pytest.fixture
def rows(make_user, verifier):
    colleague = make_user("verifikator2", Role.VERIFIER, first_name="Dewi <Lestari>")
    nameless = make_user("verifikator3", Role.VERIFIER)
    today = timezone.localdate()
    made = [
        # (application, the overdue working days the view would set)
        (ApplicationFactory(submitted=True), None),
        (ApplicationFactory(submitted=True, due_date=today - timedelta(days=9)), 5),
        (ApplicationFactory(submitted=True, due_date=today - timedelta(days=1)), 0),
        (ApplicationFactory(submitted=True, due_date=today - timedelta(days=400)), 1),
        (ApplicationFactory(submitted=True, due_date=None), None),
        (
            ApplicationFactory(
                submitted=True, status=ApplicationStatus.IN_REVIEW, verifier=verifier
            ),
            None,
        ),
        (
            ApplicationFactory(
                submitted=True, status=ApplicationStatus.IN_REVIEW, verifier=colleague
            ),
            None,
        ),
        (
            ApplicationFactory(
                submitted=True, status=ApplicationStatus.RETURNED, verifier=nameless
            ),
            None,
        ),
        (ApplicationFactory(submitted=True, status=ApplicationStatus.VERIFIED), None),
        (ApplicationFactory(submitted=True, status=ApplicationStatus.REJECTED), None),
        (
            ApplicationFactory(
                submitted=True,
                submitted_at=None,
                reference="",
                current_level=None,
                target_level=Level.objects.get(code="ahli-muda"),
            ),
            None,
        ),
    ]
    loaded = application_rows().in_bulk([application.pk for application, _ in made])
    out = []
    for application, days in made:
        row = loaded[application.pk]
        row.overdue_days = days
        out.append(row)
    # A name to escape, and a snapshot that names no one (the account's name is shown).
    out[0].snapshot.name = "Rina <b>& Co</b>"
    out[1].snapshot.name = ""
    out[1].snapshot.title_prefix = out[1].snapshot.title_suffix = ""
    return out


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
def test_every_cell_is_what_the_template_wrote(rows, verifier, language):
    template = engines["django"].from_string(REFERENCE)
    with translation.override(language):
        cells = QueueCells(reader_id=verifier.pk)
        for row in rows:
            for column in QUEUE_COLUMNS:
                expected = template.render({"row": row, "column": column, "user": verifier})
                assert cells.cell(row, column, None) == expected, (row.status, column.key)


@pytest.mark.django_db
def test_the_queue_page_shows_the_cells(client, rows, verifier):
    client.force_login(verifier)
    response = client.get("/verifikasi/?status=semua")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Saya</strong>" in html
    assert "Dewi &lt;Lestari&gt;" in html
    assert f'href="/verifikasi/{rows[0].public_id}/"' in html
