"""What the queue tables' cells written in Python share (verification.queue_cells and the
other lists' cells, casework.due_cells): the few template expressions each of them writes,
with the bytes Django's template engine gives them."""

from collections.abc import Callable

from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext, ngettext

from portal import dates
from portal.templatetags.icons import icon_html


def text(value) -> str:
    """{{ value }}."""
    return conditional_escape(value)


def time_html(value, datetime_format: str = "c") -> str:
    """<time datetime="{{ value|date:datetime_format }}">{{ value|date:"j M Y" }}</time>

    The formats the queues use are written here as Django's DateFormat writes them ("c" is
    isoformat(), "Y-m-d" and "j M Y" its Y, m, j and M), without its parsing of the format and
    its time zone checks per call: two dates a row were a sixth of a queue page's CPU (issue 19;
    tests/portal/test_cells.py compares them with the filter)."""
    if value is None or value == "":
        return f'<time datetime="{text(date_filter(value, datetime_format))}"></time>'
    local = template_localtime(value)  # what the template gives a date filter
    if datetime_format == "c":
        machine = local.isoformat()
    elif datetime_format == "Y-m-d":
        machine = f"{local.year:04d}-{local.month:02d}-{local.day:02d}"
    else:
        machine = text(date_filter(local, datetime_format))
    return f'<time datetime="{machine}">{day_month_year(local)}</time>'


def day_month_year(local) -> str:
    """{{ local|date:"j M Y" }} for a local date or datetime (template_localtime's), escaped."""
    return f"{local.day} {_names('M')[local.month]} {local.year:04d}"


def weekday_day_month_year(local) -> str:
    """{{ local|date:"l, j F Y" }} for a local date or datetime, escaped."""
    return (
        f"{_names('l')[local.weekday()]}, {local.day} {_names('F')[local.month]} {local.year:04d}"
    )


def short_weekday_day_month_year(local) -> str:
    """{{ local|date:"D, j M Y" }} for a local date or datetime, escaped."""
    return f"{_names('D')[local.weekday()]}, {day_month_year(local)}"


def day_month_year_long(local) -> str:
    """{{ local|date:"j F Y" }} for a local date or datetime, escaped."""
    return f"{local.day} {_names('F')[local.month]} {local.year:04d}"


def hour_minute(local) -> str:
    """{{ local|date:"H.i" }} for a local datetime."""
    return f"{local.hour:02d}.{local.minute:02d}"


# portal.dates.names escaped, by language and kind.
_NAMES: dict[tuple[str | None, str], tuple[str, ...]] = {}


def _names(kind: str) -> tuple[str, ...]:
    key = (get_language(), kind)
    found = _NAMES.get(key)
    if found is None:
        found = _NAMES[key] = tuple(text(name) for name in dates.names(kind))
    return found


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


_NOT_PROVIDED = "NOTPROVIDED"  # Django's marker for "no CSRF token here"


def csrf_field(token) -> str:
    """{% csrf_token %} with the page's token."""
    if not token or token == _NOT_PROVIDED:
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{conditional_escape(token)}">'


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
