"""The certificate officers' queue cells, written in Python: includes/queue_table.html asks
`{% queue_cell cells %}` for each of a page's 25 x 8 cells, and through the cells template
(templates/certificates/staff/queue_cells.html, kept as tests/certificates/
queue_cells_reference.html) they were about half of the page's template time (issue 19). The
HTML is what the template wrote, white space included
(tests/certificates/test_certificate_queue_cells.py compares them). The detail page's URL is
reversed once per page."""

from django.utils.translation import gettext

from portal.cells import Cells, overdue_badge, public_id_url
from portal.cells import text as _text
from portal.cells import time_html as _time
from portal.templatetags.icons import icon_html
from registration.nip import format_nip


class QueueCells(Cells):
    """`cells` for includes/queue_table.html on the certificate queue: cell(row, column,
    context) is the cell's HTML. One per page."""

    def __init__(self):
        self.detail_url = public_id_url("certificates_detail")
        self.writers = {
            "select": self._select,
            "number": lambda certificate: _text(certificate.number or "—"),
            "name": self._name,
            "nip": lambda certificate: _text(
                format_nip(certificate.nip) if certificate.nip else ""
            ),
            "level": lambda certificate: _text(certificate.level),
            "purpose": lambda certificate: _text(certificate.purpose),
            "answer": self._answer,
            "due": self._due,
        }

    def _select(self, certificate) -> str:
        public_id = _text(certificate.public_id)
        label = gettext("Pilih %(name)s") % {"name": _text(certificate.name)}
        return (
            f'<input type="checkbox" name="pilih" value="{public_id}" id="pilih-{public_id}" '
            f'aria-label="{label}">'
        )

    def _nip(self, certificate) -> str:
        return _text(format_nip(certificate.nip) if certificate.nip else "")

    def _name(self, certificate) -> str:
        url = self.detail_url(certificate.public_id)
        return f'<a href="{_text(url)}">{_text(certificate.name)}</a>'

    def _answer(self, certificate) -> str:
        if certificate.correction_request:
            badge = (
                f'<span class="badge badge--warning">{icon_html("warning")}'
                f"{gettext('Minta perbaikan')}</span>\n  "
            )
        elif certificate.candidate_confirmed_at:
            badge = (
                f'<span class="badge badge--success">{icon_html("check")}'
                f"{gettext('Sudah benar')}</span>\n  "
            )
        else:
            badge = f'<span class="muted">{gettext("Belum menjawab")}</span>'
        return f"\n  {badge}\n"

    def _due(self, certificate) -> str:
        if not certificate.due_date:
            return "\n  —\n"
        html = "\n  \n    " + _time(certificate.due_date, "Y-m-d") + "\n    "
        days = certificate.overdue_days
        if days is not None:
            html += f"\n      <br>{overdue_badge(days)}\n    "
        return html + "\n  \n"
