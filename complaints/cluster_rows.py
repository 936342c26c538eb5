"""The complaint team's cluster page's member rows, written in Python: the template loop they
replaced (a row per complaint with two includes, a {% url %}, get_status_display and a date)
was three quarters of the page's CPU (issue 19). The HTML is what that loop wrote, white space
included: tests/complaints/test_cluster_rows.py renders both (cluster_rows_reference.html, kept
there as it was), in both languages.

What is the same in every row is written once per page: the translated labels, the status
labels and the detail address (reversed once, the complaint's id put in)."""

from uuid import UUID

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from complaints.constants import ComplaintStatus
from complaints.queue_cells import BADGE_CLASSES
from portal.cells import text, time_html
from portal.choices import choice_labels

_MARKER = str(UUID(int=0xC1A5_7E4))
# The loop's indentation in templates/complaints/staff/cluster.html, by depth.
_I = {depth: "\n" + " " * depth for depth in (10, 12, 14)}


class ClusterRows:
    """The rows of one cluster page's member table, in the active language; `html(members)`
    writes them. A member needs the fields complaints.staff_selectors.cluster_member_rows
    reads, its reporter and `identity_shown`."""

    def __init__(self):
        self.detail_url = reverse("complaints_detail", args=[_MARKER])
        self.status_labels = choice_labels(ComplaintStatus.choices)
        self.anonymous = f'<span class="badge badge--warning">{text(gettext("Anonim"))}</span> '
        self.sealed = f'<span class="muted">{text(gettext("Identitas disegel"))}</span>'
        self.no_name = f'<span class="muted">{text(gettext("Tanpa nama"))}</span>'
        self.empty = (
            f'{_I[12]}<tr><td colspan="5" class="muted">'
            f"{text(gettext('Tidak ada pengaduan dalam kelompok ini yang dapat Anda tangani.'))}"
            f"</td></tr>{_I[10]}"
        )

    def html(self, members) -> SafeString:
        """What `{% for complaint in members %}...{% empty %}...{% endfor %}` wrote inside the
        table's body."""
        rows = "".join([self._row(complaint) for complaint in members]) or self.empty
        return mark_safe(rows)  # noqa: S308 - every value in it is escaped

    def _row(self, complaint) -> str:
        url = text(self.detail_url.replace(_MARKER, str(complaint.public_id)))
        status = complaint.status
        label = text(self.status_labels.get(status, status))
        return (
            f"{_I[12]}<tr>"
            f'{_I[14]}<td class="mono nowrap"><a href="{url}">{text(complaint.tracking_code)}</a>'
            "</td>"
            f"{_I[14]}<td>{text(complaint.subject)}</td>"
            f"{_I[14]}<td>{self._reporter(complaint)}\n</td>"
            f'{_I[14]}<td><span class="badge{BADGE_CLASSES.get(status, "")}">{label}</span>\n</td>'
            f'{_I[14]}<td class="nowrap">{time_html(complaint.received_at)}</td>'
            f"{_I[12]}</tr>"
            f"{_I[10]}"
        )

    def _reporter(self, complaint) -> str:
        """templates/complaints/staff/_reporter.html: the name, unless the reporter asked to
        stay anonymous and this reader has not opened the seal."""
        badge = self.anonymous if complaint.anonymous else ""
        if not complaint.identity_shown:
            return badge + self.sealed
        reporter = complaint.reporter
        shown = complaint.reporter_name or (
            (reporter.get_full_name() or reporter.username) if reporter is not None else ""
        )
        return badge + (text(shown) if shown else self.no_name)
