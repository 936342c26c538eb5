"""The complaint team's cluster page's member rows, written in Python: the template loop they
replaced (a row per complaint with two includes, a {% url %}, get_status_display and a date)
was three quarters of the page's CPU (issue 19). The HTML is what that loop wrote, white space
included: tests/complaints/test_cluster_rows.py renders both (cluster_rows_reference.html, kept
there as it was), in both languages.

What is the same in every row is written once per page: the status labels and the detail
address (reversed once, the complaint's id put in)."""

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from complaints.constants import ComplaintStatus
from complaints.queue_cells import reporter_html, status_badge_html
from portal.cells import public_id_url, text, time_html
from portal.choices import choice_labels

# The loop's indentation in templates/complaints/staff/cluster.html, by depth.
_I = {depth: "\n" + " " * depth for depth in (10, 12, 14)}


class ClusterRows:
    """The rows of one cluster page's member table, in the active language; `html(members)`
    writes them. A member needs the fields complaints.staff_selectors.cluster_member_rows
    reads, its reporter and `identity_shown`. The reporter and status cells are the complaint
    queue's (complaints.queue_cells)."""

    def __init__(self):
        self.detail_url = public_id_url("complaints_detail")
        self.status_labels = choice_labels(ComplaintStatus.choices)
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
        url = text(self.detail_url(complaint.public_id))
        return (
            f"{_I[12]}<tr>"
            f'{_I[14]}<td class="mono nowrap"><a href="{url}">{text(complaint.tracking_code)}</a>'
            "</td>"
            f"{_I[14]}<td>{text(complaint.subject)}</td>"
            f"{_I[14]}<td>{reporter_html(complaint)}</td>"
            f"{_I[14]}<td>{status_badge_html(complaint, self.status_labels)}</td>"
            f'{_I[14]}<td class="nowrap">{time_html(complaint.received_at)}</td>'
            f"{_I[12]}</tr>"
            f"{_I[10]}"
        )
