"""The objection queue's cells, written in Python: includes/queue_table.html asks
`{% queue_cell cells %}` for each of a page's 25 x 5 cells, and the cells template
(templates/objections/staff_queue_cells.html, kept as tests/objections/
queue_cells_reference.html) translated the kind's and the state's choices per row
(get_FOO_display) and included the state badge per row (issue 19). The HTML is what the template
wrote, white space included (tests/objections/test_objection_queue_cells.py compares them).
The labels are looked up once per page and the objection page's URL is reversed once."""

from django.utils.translation import gettext

from objections.constants import ObjectionKind, ObjectionOutcome, ObjectionState
from portal.cells import Cells, overdue_badge, public_id_url
from portal.cells import text as _text
from portal.cells import time_html as _time
from portal.choices import choice_labels


class QueueCells(Cells):
    """`cells` for includes/queue_table.html on the objection queue: cell(row, column, context)
    is the cell's HTML. One per page (the page's labels)."""

    def __init__(self):
        self.kind_labels = choice_labels(ObjectionKind.choices)
        self.state_labels = choice_labels(ObjectionState.choices)
        self.detail_url = public_id_url("objections_staff_detail")
        self.writers = {
            "candidate": self._candidate,
            "kind": lambda objection: _text(self.kind_labels.get(objection.kind, objection.kind)),
            "submitted": lambda objection: _time(objection.submitted_at, "c"),
            "due": self._due,
            "state": self._state,
        }

    def _candidate(self, objection) -> str:
        application = objection.application
        candidate = application.candidate
        url = self.detail_url(objection.public_id)
        name = candidate.get_full_name() or candidate.username
        return (
            f'<a href="{_text(url)}">{_text(name)}</a><br><span class="muted small">'
            f"{_text(application.service.name)}</span>"
        )

    def _due(self, objection) -> str:
        if not objection.due_date:
            return f'\n  <span class="muted">{gettext("ditetapkan penyelenggara")}</span>\n'
        html = "\n  \n    " + _time(objection.due_date, "Y-m-d") + "\n    "
        days = objection.overdue_days
        if days is not None:
            html += f"\n      <br>{overdue_badge(days)}\n    "
        return html + "\n  \n"

    def _state(self, objection) -> str:
        """templates/objections/state_badge.html."""
        if objection.state == ObjectionState.OPEN:
            label = self.state_labels.get(objection.state, objection.state)
            return f'<span class="badge badge--info">{_text(label)}</span>\n'
        if objection.outcome == ObjectionOutcome.ACCEPTED:
            return f'<span class="badge badge--success">{gettext("Diterima")}</span>\n'
        return f'<span class="badge badge--danger">{gettext("Ditolak")}</span>\n'
