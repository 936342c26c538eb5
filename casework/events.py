"""The events the engine records on a case (portal.events collects EVENT_KINDS)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.constants import CaseState, StepOutcome
from casework.models import Case
from portal.events import EventKind, state_label
from portal.models import Event


def _step_name(event: Event, order: str) -> str:
    step = Case.objects.get(pk=event.object_id).service.steps.filter(order=order).first()
    return step.name if step is not None else order


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
    EventKind(Case, "state", _state, candidate_sees=True, problem=_state_problem),
]

# Exams, results, products, handover and payment (casework.services.exams and .products).
EVENT_KINDS += [
    EventKind(
        Case, "exam_scheduled", gettext_lazy("Dijadwalkan dalam sesi uji"), candidate_sees=True
    ),
    EventKind(
        Case,
        "external_product_recorded",
        gettext_lazy("Sertifikat LSP dicatat"),
        candidate_sees=True,
    ),
    EventKind(Case, "document_issued", gettext_lazy("Dokumen diterbitkan"), candidate_sees=True),
    EventKind(Case, "handed_over", gettext_lazy("Produk layanan diserahkan"), candidate_sees=True),
    EventKind(
        Case,
        "handover_confirmed",
        gettext_lazy("Penerimaan dikonfirmasi pegawai"),
        candidate_sees=True,
    ),
    EventKind(Case, "payment_recorded", gettext_lazy("Pembayaran dicatat"), candidate_sees=True),
]
