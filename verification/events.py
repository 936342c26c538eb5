"""The events the verification panel records on an application (portal.events collects
EVENT_KINDS). Its claim, release and decision are the application's status changes, which
registration declares."""

from django.utils.translation import gettext_lazy as _

from portal.events import EventKind
from registration.constants import Verdict
from registration.models import Application

EVENT_KINDS = [
    # One per document; the candidate sees the verdicts only once the panel has decided
    # (registration.application_views hides them while the application is with the panel).
    EventKind(
        Application,
        "document_reviewed",
        _("Berkas diperiksa"),
        candidate_sees=True,
        problem=lambda event: event.to_state == Verdict.NEEDS_REVISION,
    ),
]
