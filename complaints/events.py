"""The events complaints records on a complaint (portal.events collects EVENT_KINDS). The
reporter's tracking page shows the status changes; who handles it and its priority are the
team's."""

from django.utils.translation import gettext_lazy as _

from complaints.constants import ComplaintStatus, Priority
from complaints.models import Complaint
from complaints.selectors import STATUS_EVENT
from portal.events import EventKind

EVENT_KINDS = [
    EventKind(
        Complaint,
        STATUS_EVENT,
        _("Status: %(to)s"),
        candidate_sees=True,
        problem=lambda event: event.to_state == ComplaintStatus.REJECTED,
        states=ComplaintStatus,
    ),
    EventKind(Complaint, "assigned", _("Penanganan diserahkan")),  # the note names the handler
    # The note names the member of staff the complaint is about, and in what capacity.
    EventKind(Complaint, "staff_named", _("Petugas yang disebut dalam pengaduan dicatat")),
    EventKind(Complaint, "priority", _("Prioritas: %(to)s"), states=Priority),
]
