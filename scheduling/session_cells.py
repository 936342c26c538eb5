"""The committee's session list's table cells, written in Python: includes/queue_table.html asks
`{% queue_cell cells %}` for each of a page's 25 x 7 cells, and through the template they
replaced (the status badge included per row) they were about half of the page's CPU (issue 19).
The HTML is what that template wrote, white space included: tests/scheduling/
test_session_cells.py renders both (session_cells_reference.html, kept there as it was).

The mode and status labels are looked up once per page (get_FOO_display() rebuilds and
translates the field's choices on every call) and the session page's URL is reversed once."""

from django.template.base import render_value_in_context
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from portal.cells import hour_minute, short_weekday_day_month_year
from portal.choices import choice_labels
from scheduling.constants import SessionMode, SessionStatus

# The badge's colour by status (templates/scheduling/staff/_status_badge.html).
_BADGE_CLASSES = {
    SessionStatus.OPEN: " badge--success",
    SessionStatus.CLOSED: " badge--warning",
    SessionStatus.HELD: " badge--info",
    SessionStatus.CANCELLED: " badge--danger",
}
_MARKER = 999999999


def _translated(message: str) -> str:
    """{% translate message %}."""
    return conditional_escape(gettext(message))


class SessionCells:
    """`cells` for includes/queue_table.html on the session list: cell(row, column, context)
    is the cell's HTML. One per page (its labels and the session URL's shape)."""

    def __init__(self):
        self.mode_labels = choice_labels(SessionMode.choices)
        self.status_labels = choice_labels(SessionStatus.choices)
        self.session_url = reverse("scheduling_session", args=[_MARKER])
        self.writers = {
            "time": self._time,
            "service": self._service,
            "mode": self._mode,
            "seats": self._seats,
            "free": self._free,
            "assessors": self._assessors,
            "status": self._status,
        }

    def cell(self, row, column, context) -> str:
        write = self.writers.get(column.key)
        # The cells template's closing newline follows every cell.
        return (write(row, context) if write else "") + "\n"

    def _time(self, session, context) -> str:
        starts, ends = template_localtime(session.starts_at), template_localtime(session.ends_at)
        url = self.session_url.replace(str(_MARKER), str(session.pk))
        machine = starts.isoformat()
        day = short_weekday_day_month_year(starts)
        start, end = hour_minute(starts), hour_minute(ends)
        return (
            f'\n  <a href="{conditional_escape(url)}"><time datetime="{machine}">{day}<br>'
            f"{start}\u2013{end} WIB</time></a>\n"
        )

    def _service(self, session, context) -> str:
        return render_value_in_context(session.service.name, context)

    def _mode(self, session, context) -> str:
        html = render_value_in_context(self.mode_labels.get(session.mode, session.mode), context)
        if session.platform:
            platform = render_value_in_context(session.platform, context)
            html += f'<br><span class="muted small">{platform}</span>'
        return html

    def _seats(self, session, context) -> str:
        taken = render_value_in_context(session.seats_taken, context)
        return f"{taken} / {render_value_in_context(session.capacity, context)}"

    def _free(self, session, context) -> str:
        if session.seats_free > 0:
            return render_value_in_context(session.seats_free, context)
        return f'<span class="badge badge--warning">{_translated("Penuh")}</span>'

    def _assessors(self, session, context) -> str:
        if session.assessor_count:
            return render_value_in_context(session.assessor_count, context)
        return f'<span class="badge badge--warning">{_translated("Belum ada")}</span>'

    def _status(self, session, context) -> str:
        """{% include "scheduling/staff/_status_badge.html" %}, its closing newline included."""
        if session.status == SessionStatus.OPEN and session.booking_over_now:
            return f'<span class="badge badge--warning">{_translated("Pemesanan ditutup")}</span>\n'
        label = render_value_in_context(
            self.status_labels.get(session.status, session.status), context
        )
        css = _BADGE_CLASSES.get(session.status, "")
        return f'<span class="badge{css}">{label}</span>\n'
