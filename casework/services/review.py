"""The checking steps of a case: the completeness check and the administrative and substantive
verification (portal.constants.StepKind COMPLETENESS_CHECK, VERIFICATION).

Guarantees: a verdict is given only on a document that is current, of a case waiting at a
checking step, by whoever acts at that step (casework.workflow.document_check_refusal); the
case's row lock is taken first, then the document's, so a verdict and the case's move never
cross, and a second click finds the work done. The file is declared complete only when every
required document is there and marked valid; a return lists the documents needing revision
with their reasons (plus the officer's note) and pauses the clocks; each move goes through
casework.services.engine in the same transaction.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.constants import Verdict
from casework.exceptions import CaseError
from casework.models import Case, CaseDocument
from casework.services.engine import case_locked, case_return, case_step_complete
from casework.workflow import Action, document_check_refusal, documents_complete_refusal
from portal.constants import Fulfilment
from portal.events import event_record


def _refuse_check(case: Case, actor, step_id: int | None = None) -> None:
    refusal = document_check_refusal(case, actor)
    if refusal is not None:
        raise refusal
    # The same officer acts at both checking steps: a second click of "Lengkap" must not
    # accept the verification too. The page says which step its decision was for.
    if step_id is not None and case.step_id != step_id:
        raise CaseError(_("Permohonan ini sudah berpindah langkah. Muat ulang halaman."))


def current_documents(case: Case) -> list[CaseDocument]:
    """The case's current documents, in the order of the service's requirements."""
    return list(
        case.documents.filter(is_current=True)
        .select_related("requirement")
        .order_by("requirement__order", "requirement_id")
    )


def _required_uploads(case: Case):
    return case.service.requirements.filter(required=True, fulfilment=Fulfilment.UPLOAD)


def document_verdict_set(
    *, document: CaseDocument, actor, verdict: str, reason: str = ""
) -> CaseDocument:
    """Mark one current document valid (Sesuai) or needing revision (Perlu perbaikan, with the
    reason the applicant reads). Giving the same verdict again changes nothing."""
    reason = reason.strip()
    if verdict not in {Verdict.VALID, Verdict.NEEDS_REVISION}:
        raise CaseError(_("Pilih hasil pemeriksaan: sesuai atau perlu perbaikan."))
    if verdict == Verdict.NEEDS_REVISION and not reason:
        raise CaseError(_("Tuliskan alasan perbaikan agar pemohon tahu yang harus diperbaiki."))
    if verdict == Verdict.VALID:
        reason = ""
    with transaction.atomic():
        case = case_locked(document.case)
        _refuse_check(case, actor)
        document = (
            CaseDocument.objects.select_for_update()
            .select_related("requirement")
            .get(pk=document.pk)
        )
        if document.case_id != case.pk or not document.is_current:
            raise CaseError(
                _("Berkas ini sudah diganti dengan versi yang lebih baru. Periksa versi terkini.")
            )
        if (document.verdict, document.reason) == (verdict, reason):
            return document
        document.verdict, document.reason = verdict, reason
        document.checked_by, document.checked_at = actor, timezone.now()
        document.save(update_fields=["verdict", "reason", "checked_by", "checked_at"])
        note = document.requirement.name + (f": {reason}" if reason else "")
        event_record(
            subject=case, kind="document_checked", actor=actor, to_state=verdict, note=note
        )
    return document


def case_check_accept(*, case: Case, actor, note: str = "", step_id: int | None = None) -> Case:
    """Declare the file complete (at the completeness check) or complete and correct (at the
    verification, which starts the service's completion clock): every required document is
    there and marked valid."""
    with transaction.atomic():
        case = case_locked(case)
        _refuse_check(case, actor, step_id)
        refusal = documents_complete_refusal(
            required=list(_required_uploads(case)), documents=current_documents(case)
        )
        if refusal is not None:
            raise refusal
        return case_step_complete(case=case, actor=actor, action=Action.ACCEPT, note=note.strip())


def return_reasons(documents: list[CaseDocument], note: str = "") -> str:
    """The reasons a return gives the applicant: each document needing revision with its
    reason, one per line, then the officer's note."""
    lines = [
        f"- {document.requirement.name}: {document.reason}"
        for document in documents
        if document.verdict == Verdict.NEEDS_REVISION
    ]
    if note.strip():
        lines.append(note.strip())
    return "\n".join(lines)


def case_check_return(*, case: Case, actor, note: str = "", step_id: int | None = None) -> Case:
    """Return the case to the applicant for revision, with the reasons of every document marked
    for revision and the note. The case's clocks pause until it is sent again."""
    with transaction.atomic():
        case = case_locked(case)
        _refuse_check(case, actor, step_id)
        reason = return_reasons(current_documents(case), note)
        if not reason:
            raise CaseError(
                _(
                    "Tandai berkas yang perlu diperbaiki beserta alasannya, atau tuliskan "
                    "catatan pengembalian."
                )
            )
        return case_return(case=case, actor=actor, reason=reason)


def case_check_reject(*, case: Case, actor, reason: str, step_id: int | None = None) -> Case:
    """Reject the case at the verification (final), saying why."""
    reason = reason.strip()
    if not reason:
        raise CaseError(_("Tuliskan alasan penolakan."))
    with transaction.atomic():
        case = case_locked(case)
        _refuse_check(case, actor, step_id)
        return case_step_complete(case=case, actor=actor, action=Action.REJECT, note=reason)
