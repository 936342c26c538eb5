"""The events the engine records on a case (portal.events collects EVENT_KINDS)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.constants import CaseState, StepOutcome, Verdict
from casework.models import Case
from portal.events import EventKind, state_label
from portal.models import Event


def _step_name(event: Event, order: str) -> str:
    """The step's name as its service's standard writes it (the event keeps the step's order);
    "langkah <n>" when the case or the step is gone."""
    case = Case.objects.filter(pk=event.object_id).select_related("service").first()
    step = case.service.steps.filter(order=order).first() if case and order.isdigit() else None
    return step.name if step is not None else _("langkah %(order)s") % {"order": order or "?"}


def _entered(event: Event) -> str:
    return _("Langkah dimulai: %(step)s") % {"step": _step_name(event, event.to_state)}


def _finished(event: Event) -> str:
    return _("Langkah selesai: %(step)s (%(outcome)s)") % {
        "step": _step_name(event, event.from_state),
        "outcome": state_label(StepOutcome, event.to_state),
    }


def _state(event: Event) -> str:
    if (event.from_state, event.to_state) == (CaseState.RETURNED, CaseState.ACTIVE):
        return _("Diajukan kembali setelah perbaikan")
    if (event.from_state, event.to_state) == (CaseState.DRAFT, CaseState.ACTIVE):
        return _("Permohonan diajukan")
    return state_label(CaseState, event.to_state)


def _state_problem(event: Event) -> bool:
    return event.to_state in {CaseState.RETURNED, CaseState.REJECTED, CaseState.NOT_PASSED}


EVENT_KINDS = [
    EventKind(Case, "created", gettext_lazy("Permohonan dibuat"), candidate_sees=True),
    EventKind(Case, "document_uploaded", gettext_lazy("Berkas diunggah"), candidate_sees=True),
    EventKind(Case, "step_entered", _entered, candidate_sees=True),
    EventKind(Case, "step_finished", _finished, candidate_sees=True),
    EventKind(Case, "state", _state, candidate_sees=True, problem=_state_problem, states=CaseState),
]


# --- Review and decision (casework.services.review, casework.services.decisions) ------------


def _checked(event: Event) -> str:
    if not event.to_state:
        return _("Berkas diperiksa")
    return _("Berkas diperiksa: %(verdict)s") % {"verdict": state_label(Verdict, event.to_state)}


EVENT_KINDS += [
    # The note names the document (and the reason of a revision).
    EventKind(
        Case,
        "document_checked",
        _checked,
        candidate_sees=True,
        problem=lambda event: event.to_state == Verdict.NEEDS_REVISION,
        states=Verdict,
    ),
]
# A decision letter has no history of its own: each case it lists records its step's end with
# the letter's number, and the letter keeps who signed it and when.
