"""The complaint team's queue cells, written in Python: includes/queue_table.html asks
`{% queue_cell cells %}` for each of a page's 25 x 8 cells, and through the cells template
(templates/complaints/staff/queue_cells.html, with an include per status badge, reporter and
overdue badge) they were some 11 ms of the page's 22 ms of CPU, most of it resolving variables
and translating the choices of three get_FOO_display() calls per row (issue 19). The HTML is
what the template wrote, white space included
(tests/complaints/test_complaint_queue_cells.py compares them).

The labels are looked up once per page and the complaint page's URL is reversed once."""

from django.utils.translation import gettext, ngettext

from complaints.constants import ComplaintStatus, Priority
from complaints.models import Complaint
from portal.cells import Cells, overdue_badge, public_id_url
from portal.cells import text as _text
from portal.cells import time_html as _time
from portal.choices import choice_labels

# The status badge's colour (templates/complaints/staff/_status_badge.html): the text carries
# the meaning, the colour only repeats it.
BADGE_CLASSES = {
    ComplaintStatus.RECEIVED: " badge--info",
    ComplaintStatus.VERIFIED: " badge--warning",
    ComplaintStatus.IN_PROGRESS: " badge--warning",
    ComplaintStatus.ANSWERED: " badge--success",
    ComplaintStatus.CLOSED: " badge--success",
    ComplaintStatus.REJECTED: " badge--danger",
}
_HIGH = (Priority.HIGH, Priority.URGENT)


def reporter_html(complaint) -> str:
    """templates/complaints/staff/_reporter.html: the name, unless the reporter asked to stay
    anonymous and this reader has not opened the seal (`identity_shown`, staff_selectors)."""
    html = ""
    if complaint.anonymous:
        html = f'<span class="badge badge--warning">{gettext("Anonim")}</span> '
    if not getattr(complaint, "identity_shown", False):  # sealed unless shown (staff_selectors)
        return html + f'<span class="muted">{gettext("Identitas disegel")}</span>\n'
    reporter = complaint.reporter
    shown = complaint.reporter_name or (
        reporter and (reporter.get_full_name() or reporter.username)
    )
    if shown:
        html += _text(shown)
    else:
        html += f'<span class="muted">{gettext("Tanpa nama")}</span>'
    return html + "\n"


def status_badge_html(complaint, labels: dict) -> str:
    """templates/complaints/staff/_status_badge.html, the status's label from `labels` (the
    page's, portal.choices.choice_labels)."""
    status = complaint.status
    label = labels.get(status, status)
    return f'<span class="badge{BADGE_CLASSES.get(status, "")}">{_text(label)}</span>\n'


def _labels(field: str) -> dict:
    return choice_labels(Complaint._meta.get_field(field).flatchoices)


class QueueCells(Cells):
    """`cells` for includes/queue_table.html on the complaint queue: cell(row, column, context)
    is the cell's HTML. One per page (the reader and the page's labels)."""

    def __init__(self, *, reader_id: int):
        self.reader_id = reader_id
        self.labels = {field: _labels(field) for field in ("kind", "channel", "status", "priority")}
        self.detail_url = public_id_url("complaints_detail")
        self.cluster_url = public_id_url("complaints_cluster_detail")
        self.writers = {
            "code": self._code,
            "subject": self._subject,
            "kind": self._kind,
            "reporter": reporter_html,
            "status": self._status,
            "received": self._received,
            "due": self._due,
            "handler": self._handler,
            "cluster": self._cluster,
        }

    def _label(self, field: str, value) -> str:
        return self.labels[field].get(value, value)

    def _url(self, complaint) -> str:
        return _text(self.detail_url(complaint.public_id))

    def _code(self, complaint) -> str:
        return f'<a href="{self._url(complaint)}">{_text(complaint.tracking_code)}</a>'

    def _subject(self, complaint) -> str:
        html = f'\n  <a href="{self._url(complaint)}">{_text(complaint.subject)}</a>\n  '
        if complaint.service:
            html += f'<br><span class="muted small">{_text(complaint.service.name)}</span>'
        html += "\n  "
        if complaint.priority in _HIGH:
            label = self._label("priority", complaint.priority)
            html += f'<br><span class="badge badge--danger">{_text(label)}</span>'
        html += "\n  "
        if complaint.confidential:
            html += f'<br><span class="badge">{gettext("Rahasia")}</span>'
        return html + "\n"

    def _kind(self, complaint) -> str:
        kind = self._label("kind", complaint.kind)
        channel = self._label("channel", complaint.channel)
        return f'{_text(kind)}<br><span class="muted small">{_text(channel)}</span>'

    def _status(self, complaint) -> str:
        return status_badge_html(complaint, self.labels["status"])

    def _received(self, complaint) -> str:
        return _time(complaint.received_at, "c")

    def _due(self, complaint) -> str:
        if not complaint.due_date:
            return "\n  —\n"
        html = "\n  \n    " + _time(complaint.due_date, "Y-m-d") + "\n    "
        if complaint.status == ComplaintStatus.ANSWERED:
            html += f'<br><span class="muted small">{gettext("batas penyelesaian")}</span>'
        html += "\n    "
        days = complaint.overdue_days
        if days is not None:
            html += f"<br>{overdue_badge(days)}\n"
        return html + "\n  \n"

    def _handler(self, complaint) -> str:
        if complaint.assigned_to_id == self.reader_id:
            inner = f"<strong>{gettext('Saya')}</strong>\n  "
        elif complaint.assigned_to:
            handler = complaint.assigned_to
            inner = f"{_text(handler.get_full_name() or handler.username)}\n  "
        else:
            inner = f'<span class="muted">{gettext("Belum ada")}</span>'
        return f"\n  {inner}\n"

    def _cluster(self, complaint) -> str:
        """Its cluster's size, first and latest report (staff_selectors.cluster_figures)."""
        if not complaint.cluster_id:
            return "—"
        size = complaint.cluster_size or 0
        label = ngettext("%(size)s laporan", "%(size)s laporan", size) % {"size": size}
        url = _text(self.cluster_url(complaint.cluster.public_id))
        return (
            f'<a class="badge badge--info" href="{url}">{_text(label)}</a><br>'
            f'<span class="muted small">{_time(complaint.cluster_first, "c")} &ndash; '
            f"{_time(complaint.cluster_latest, 'c')}</span>"
        )
