"""A clock's due-date cell of the engine's staff queue, written in Python: the queue rendered
templates/casework/staff/_due.html twice per row (100 includes for a page of 50 cases, about a
third of the page's template time, issue 19). The HTML is what that template writes, byte for
byte (tests/casework/test_due_cells.py renders both)."""

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from portal.cells import time_html


def _text(message: str) -> str:
    """{% translate message %}."""
    return conditional_escape(gettext(message))


def due_html(clock) -> SafeString:
    """{% include "casework/staff/_due.html" with clock=clock %} (a casework.clock.StepClock),
    the file's closing newline included."""
    reading = clock.reading
    if reading is None:
        text = _text("belum berjalan") if clock.limit_text else "\u2014"
        html = f'<span class="muted">{text}</span>'
    else:
        html = time_html(reading.due)
        if reading.due_latest != reading.due:
            html += " \u2013 " + time_html(reading.due_latest)
        if reading.overdue:
            html += f' <span class="badge badge--danger">{_text("melewati batas")}</span>'
        elif reading.past_due:
            html += f' <span class="badge badge--warning">{_text("lewat batas minimum")}</span>'
        if reading.paused:
            html += f' <span class="badge">{_text("jeda")}</span>'
    return mark_safe(html + "\n")  # noqa: S308 -- every value escaped above
