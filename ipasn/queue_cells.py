"""The IP-ASN officials' queue rows, written in Python: templates/ipasn/staff/queue.html wrote
each of a page's 50 rows with the template engine, including ipasn/staff/_due.html per row (the
due cell), and the rows were about a third of the page's CPU (issue 19). The HTML is what the
template wrote, white space included (tests/ipasn/test_ipasn_queue_cells.py renders both, in
each state a row's clock can be in and in both languages).

The step labels are translated once per page and the report page's URL is reversed once."""

from collections.abc import Iterable

from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from ipasn.clock import ReportClock
from portal.cells import day_month_year, public_id_url
from portal.cells import text as _text


def _moment(value) -> str:
    """<time datetime="{{ value|date:'c' }}">{{ value|date:"j M Y, H.i" }} WIB</time> (the
    queue's moments, when the report reached its step and its due moment): the date filter's
    formats written out (django.utils.dateformat's c, j, M, Y, H and i), two per row at a
    tenth of the filter's cost."""
    local = template_localtime(value)
    shown = f"{day_month_year(local)}, {local.hour:02d}.{local.minute:02d}"
    return f'<time datetime="{_text(local.isoformat())}">{shown} WIB</time>'


def due_html(clock: ReportClock) -> str:
    """{% include "ipasn/staff/_due.html" with clock=clock %}, the file's closing newline
    included."""
    reading = clock.reading
    if reading is not None:
        html = _moment(reading.due)
        if clock.late:
            html += f' <span class="badge badge--danger">{_text(gettext("terlambat"))}</span>'
        elif clock.due_soon:
            soon = gettext("jatuh tempo dalam 1 jam")
            html += f' <span class="badge badge--warning">{_text(soon)}</span>'
        if reading.paused:
            html += f' <span class="badge">{_text(gettext("jeda"))}</span>'
    elif clock.limit_text:
        html = f'<span class="muted">{_text(gettext("belum berjalan"))}</span>'
    else:
        html = '<span class="muted">—</span>'
    return html + "\n"


def queue_rows_html(rows: Iterable) -> SafeString:
    """The queue table's body ({% for row in queue.mine %}...{% endfor %} as queue.html wrote
    it) for `rows` (ipasn.selectors.QueueRow)."""
    detail_url = public_id_url("ipasn_staff_report")
    steps: dict[int, str] = {}  # step id -> its cell's content, written once per page
    out = []
    for row in rows:
        report, clock = row.report, row.clock
        step = steps.get(report.step_id)
        if step is None:
            shown = report.step
            step = steps[report.step_id] = (
                f'<span title="{_text(shown.name)}">{_text(shown.order)}. '
                f"{_text(shown.get_actor_display())}</span>"
            )
        waiting = _moment(row.waiting_since) if row.waiting_since else "—"
        out.append(
            (
                '\n            <tr class="queue-table__overdue">\n'
                if clock.late
                else "\n            <tr>\n"
            )
            + f'              <td class="nowrap"><a href="{_text(detail_url(report.public_id))}">'
            f"{_text(report.reference)}</a></td>\n"
            f"              <td>{_text(report.institution.name)}</td>\n"
            f"              <td>{_text(report.year)}</td>\n"
            f"              <td>{step}</td>\n"
            f'              <td class="nowrap">{waiting}</td>\n'
            f'              <td class="nowrap">{due_html(clock)}</td>\n'
            "            </tr>\n          "
        )
    return mark_safe("".join(out))  # noqa: S308 -- every value escaped above
