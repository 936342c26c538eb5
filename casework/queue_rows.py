"""The rows of the engine's staff queue, written in Python: templates/casework/staff/queue.html
looped over a page's 50 cases with six cells each (a URL, the NIP filter, a date filter and the
two due cells), some 500 variable lookups per page and about a quarter of its CPU (issue 19).
The HTML is what the loop wrote, white space included (tests/casework/test_queue_rows.py
renders the loop it replaced, kept there, against this)."""

from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

from casework.due_cells import due_html
from portal.cells import day_month_year, public_id_url
from portal.cells import text as _text
from registration.nip import format_nip


def _date(value) -> str:
    """{{ value|date:"j M Y" }}."""
    return "" if value in (None, "") else day_month_year(template_localtime(value))


def queue_rows_html(rows) -> SafeString:
    """What `{% for row in group.rows %}...{% endfor %}` wrote in the queue's table body for
    `rows` (casework.selectors.QueueRow, their cases loaded by selectors.staff_queue with the
    institution's name annotated). The case page's URL is reversed once per call."""
    case_url = public_id_url("casework_staff_case")
    html = []
    for row in rows:
        case = row.case
        institution = _text(case.institution_name) if case.proposal_id else "\u2014"
        nip = _text(format_nip(case.nip)) if case.nip else ""
        html.append(
            "\n                <tr" + (' class="is-overdue"' if row.overdue else "") + ">\n"
            f'                  <td><a href="{_text(case_url(case.public_id))}">'
            f"{_text(case.name)}</a></td>\n"
            f'                  <td class="mono nowrap">{nip}</td>\n'
            f"                  <td>{institution}</td>\n"
            f'                  <td class="nowrap">{_date(case.submitted_at)}</td>\n'
            f'                  <td class="nowrap">{due_html(row.step_clock)}</td>\n'
            f'                  <td class="nowrap">{due_html(row.completion)}</td>\n'
            "                </tr>\n              "
        )
    return mark_safe("".join(html))  # noqa: S308 -- every value escaped above
