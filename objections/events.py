"""The events objections record on the application (portal.events collects EVENT_KINDS), so the
candidate's timeline and the panel's history both show the objection and its answer. The kind
of the objection is the event's from_state, the answer's outcome its to_state; the reason or the
answer is its note."""

from django.utils.translation import gettext as _

from objections.constants import ObjectionKind, ObjectionOutcome
from portal.events import EventKind
from portal.models import Event
from registration.models import Application


def _submitted(event: Event) -> str:
    if event.from_state == ObjectionKind.RESULT:
        return _("Keberatan atas hasil ujian diajukan")
    return _("Keberatan atas penolakan verifikasi diajukan")


def _answered(event: Event) -> str:
    if event.to_state == ObjectionOutcome.ACCEPTED:
        return _("Keberatan diterima")
    return _("Keberatan ditolak")


EVENT_KINDS = [
    EventKind(Application, "objection_submitted", _submitted, candidate_sees=True),
    EventKind(
        Application,
        "objection_answered",
        _answered,
        candidate_sees=True,
        problem=lambda event: event.to_state == ObjectionOutcome.REJECTED,
    ),
]
