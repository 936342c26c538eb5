"""What the queue tables' cells written in Python share (verification.queue_cells and the
other lists' cells, casework.due_cells): the few template expressions each of them writes,
with the bytes Django's template engine gives them."""

from collections.abc import Callable

from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext

from portal.templatetags.icons import icon_html


def text(value) -> str:
    """{{ value }}."""
    return conditional_escape(value)


def time_html(value, datetime_format: str = "c") -> str:
    """<time datetime="{{ value|date:datetime_format }}">{{ value|date:"j M Y" }}</time>"""
    local = template_localtime(value)  # what the template gives a date filter
    machine, shown = date_filter(local, datetime_format), date_filter(local, "j M Y")
    return f'<time datetime="{text(machine)}">{text(shown)}</time>'


def overdue_badge(days: int) -> str:
    """The overdue badge of the queues' due cells (what complaints/staff/_overdue_badge.html and
    the other queues' cell templates wrote): `days` working days late, or 0 when the due date
    has just passed."""
    if days:
        late = ngettext("terlambat %(days)s hari kerja", "terlambat %(days)s hari kerja", days) % {
            "days": days
        }
    else:
        late = gettext("lewat batas waktu")
    clock = icon_html("clock")  # with the include's final line break
    return f'<span class="badge badge--danger">{clock}{late}</span>'


# A public id no row has: a detail page's URL is reversed once for it per page (public_id_url).
_PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000"


def public_id_url(view_name: str) -> Callable[[object], str]:
    """reverse(view_name, args=[public_id]) for each row of a page, reversed once."""
    url = reverse(view_name, args=[_PLACEHOLDER_ID])
    return lambda public_id: url.replace(_PLACEHOLDER_ID, str(public_id))


class Cells:
    """A queue's cells written in Python: `writers` maps a column's key to a function of the
    row; cell(row, column, context) is what `{% queue_cell %}` and `{% queue_rows %}` ask."""

    writers: dict[str, Callable[[object], str]]

    def cell(self, row, column, context) -> str:
        write = self.writers.get(column.key)
        # A tag's output goes into the page as it is (escaped above, value by value).
        return (write(row) if write else "") + "\n"
