"""The verifier queue's table cells, written in Python: includes/queue_table.html asks
`{% queue_cell cells %}` for each of a page's 25 x 8 cells, and through a template (the other
queues' way) the cells were some 15 ms of the page's CPU, half of it (issue 19). The HTML is what
the template wrote, white space included.

The labels are looked up once per page (Application.get_status_display rebuilds and translates
the field's choices on every call) and the review page's URL is reversed once."""

from django.utils.translation import gettext

from portal.cells import Cells, overdue_badge, public_id_url
from portal.cells import text as _text
from portal.cells import time_html as _time
from portal.choices import choice_labels
from registration.constants import ApplicationStatus
from registration.nip import format_nip

# The status badge's colour (templates/verification/includes/status_badge.html): the text
# carries the meaning, the colour only repeats it.
BADGE_CLASSES = {
    ApplicationStatus.VERIFIED: " badge--success",
    ApplicationStatus.REJECTED: " badge--danger",
    ApplicationStatus.RETURNED: " badge--warning",
    ApplicationStatus.SUBMITTED: " badge--info",
    ApplicationStatus.IN_REVIEW: " badge--info",
}


class QueueCells(Cells):
    """`cells` for includes/queue_table.html on the verifier queue: cell(row, column, context)
    is the cell's HTML. One per page (the reader and the page's labels)."""

    def __init__(self, *, reader_id: int):
        self.reader_id = reader_id
        self.status_labels = choice_labels(ApplicationStatus.choices)
        self.detail_url = public_id_url("verification_detail")
        self.purpose_cells = {}
        self.writers = {
            "nip": self._nip,
            "name": self._name,
            "institution": self._institution,
            "purpose": self._purpose,
            "status": self._status,
            "submitted": self._submitted,
            "due": self._due,
            "verifier": self._verifier,
        }

    def _nip(self, application) -> str:
        nip = application.candidate.nip
        html = _text(format_nip(nip) if nip else "")
        if application.reference:
            html += f'<br><span class="muted">{_text(application.reference)}</span>'
        return html

    def _name(self, application) -> str:
        snapshot, candidate = application.snapshot, application.candidate
        name = (snapshot.full_name if snapshot else "") or candidate.get_full_name()
        url = self.detail_url(application.public_id)
        return f'\n  <a href="{_text(url)}">{_text(name or candidate.username)}</a>\n'

    def _institution(self, application) -> str:
        snapshot = application.snapshot
        return _text(snapshot.institution) if snapshot else ""

    def _purpose(self, application) -> str:
        # The page's rows share a few purposes and levels: each cell written once per page.
        key = (
            application.purpose,
            getattr(application, "purpose_name", application.pk),  # not annotated: per row
            application.current_level_id,
            application.target_level_id,
        )
        html = self.purpose_cells.get(key)
        if html is None:
            levels = f"{_text(application.current_level)} → " if application.current_level else ""
            html = self.purpose_cells[key] = (
                f'{_text(application.get_purpose_display())}<br><span class="muted">{levels}'
                f"{_text(application.target_level)}</span>"
            )
        return html

    def _status(self, application) -> str:
        status = application.status
        label = self.status_labels.get(status, status)
        return f'<span class="badge{BADGE_CLASSES.get(status, "")}">{_text(label)}</span>\n'

    def _submitted(self, application) -> str:
        if not application.submitted_at:
            return "—"
        return _time(application.submitted_at, "c")

    def _due(self, application) -> str:
        if not application.due_date:
            return "\n  —\n"
        html = "\n  \n    " + _time(application.due_date, "Y-m-d") + "\n    "
        days = application.overdue_days
        if days is not None:
            html += f"\n      <br>{overdue_badge(days)}\n    "
        return html + "\n  \n"

    def _verifier(self, application) -> str:
        if application.verifier_id == self.reader_id:
            inner = f"<strong>{gettext('Saya')}</strong>\n  "
        elif application.verifier:
            verifier = application.verifier
            inner = f"{_text(verifier.get_full_name() or verifier.username)}\n  "
        else:
            inner = f'<span class="muted">{gettext("Belum diambil")}</span>'
        return f"\n  {inner}\n"
