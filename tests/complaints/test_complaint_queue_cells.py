"""The complaint team's queue writes its cells in Python (complaints.queue_cells, issue 19):
every cell must be what the template it replaced wrote, byte for byte (queue_cells_reference.html,
kept here as it was, with the status, reporter and overdue includes it still shares with the
complaint's page), in each state a row can be in and in both languages."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.template import engines
from django.utils import timezone, translation

from complaints.constants import Channel, ComplaintStatus, Priority
from complaints.models import Complaint
from complaints.queue_cells import QueueCells
from complaints.selectors import identity_shown
from complaints.staff_views import QUEUE_COLUMNS
from portal.constants import Role
from portal.models import Service

REFERENCE = (Path(__file__).parent / "queue_cells_reference.html").read_text()


@pytest.fixture
def rows(make_user, make_complaint, handler, candidate):
    colleague = make_user("pengelola2", Role.COMPLAINT_HANDLER, first_name="Dewi <Lestari>")
    nameless = make_user("pengelola3", Role.COMPLAINT_HANDLER)
    service = Service.objects.filter(is_active=True).order_by("pk").first()
    today = timezone.localdate()
    variants = [
        # (fields changed after the submission, the overdue working days the view would set)
        ({}, None),
        ({"status": ComplaintStatus.VERIFIED, "assigned_to": handler}, None),
        ({"status": ComplaintStatus.IN_PROGRESS, "assigned_to": colleague}, 5),
        ({"status": ComplaintStatus.ANSWERED, "assigned_to": nameless}, 0),
        ({"status": ComplaintStatus.CLOSED, "priority": Priority.HIGH}, None),
        ({"status": ComplaintStatus.REJECTED, "priority": Priority.URGENT}, None),
        ({"status": ComplaintStatus.FORWARDED, "confidential": True, "due_date": None}, None),
        ({"status": ComplaintStatus.DUPLICATE, "anonymous": True}, None),
        ({"reporter_name": "", "reporter": candidate}, 1),
        ({"reporter_name": "", "reporter": nameless, "anonymous": True}, None),
        ({"reporter_name": "", "reporter": None, "channel": Channel.LAPOR}, None),
        ({"reporter_name": "Rina <b>& Co</b>", "subject": "Tanda <i>& kutip \"'"}, None),
        ({"service": service, "due_date": today - timedelta(days=400)}, 1),
    ]
    made = []
    for fields, days in variants:
        complaint = make_complaint()
        Complaint.objects.filter(pk=complaint.pk).update(**fields)
        made.append((complaint.pk, days))
    # As complaints.staff_selectors.complaint_rows loads them: an anonymous reporter sealed.
    loaded = (
        Complaint.objects.select_related("service", "assigned_to", "reporter")
        .annotate(identity_shown=identity_shown(handler=handler))
        .in_bulk([pk for pk, _ in made])
    )
    out = []
    for pk, days in made:
        row = loaded[pk]
        row.overdue_days = days
        out.append(row)
    return out


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
def test_every_cell_is_what_the_template_wrote(rows, handler, language):
    template = engines["django"].from_string(REFERENCE)
    with translation.override(language):
        cells = QueueCells(reader_id=handler.pk)
        for row in rows:
            for column in QUEUE_COLUMNS:
                expected = template.render({"row": row, "column": column, "user": handler})
                assert cells.cell(row, column, None) == expected, (row.status, column.key)


@pytest.mark.django_db
def test_the_queue_page_shows_the_cells(client, rows, handler):
    client.force_login(handler)
    response = client.get("/pengaduan/staf/?status=semua")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Saya</strong>" in html
    assert "Dewi &lt;Lestari&gt;" in html
    assert "Rina &lt;b&gt;&amp; Co&lt;/b&gt;" in html
    assert f'href="/pengaduan/staf/{rows[0].public_id}/"' in html
