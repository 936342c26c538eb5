"""The events complaints records on a complaint (portal.events collects EVENT_KINDS). The
reporter's tracking page shows the status changes; who handles it, its priority and the openings
of an anonymous reporter's sealed identity are the team's. (The reporter is not told of an
opening: the tracking page is read by whoever holds the code, and an opening "to stop abuse"
would warn the person it is about; the provider's complaint supervisor oversees each one.)"""

from django.utils.translation import gettext_lazy as _

from complaints.constants import ComplaintStatus, Priority
from complaints.models import Complaint
from complaints.selectors import SEAL_EVENT, STATUS_EVENT
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
    # The note is the purpose and the written reason; the opener is the actor.
    EventKind(Complaint, SEAL_EVENT, _("Segel identitas pelapor dibuka")),
    # What it is about was set, changed or cleared, or it left its cluster (the note says).
    EventKind(Complaint, "cluster", _("Kelompok pengaduan")),
]
