"""Writes of the verification panel: claim, verdicts per document, and the decision; and the
decision on account claims."""

from django.db import transaction
from django.utils.translation import gettext as _

from portal.events import event_record
from registration import services as applications
from registration.constants import ApplicationStatus, ClaimStatus, Verdict
from registration.exceptions import ClaimError
from registration.models import AccountClaim, Application, Document
from verification import workflow
from verification.exceptions import VerificationError
from verification.models import DocumentReview, RevisionReason


def application_claim(*, application: Application, verifier) -> Application:
    """Take an application from the queue. Nobody else may work on it meanwhile; one that was
    returned and resubmitted goes back to the verifier who returned it."""
    with transaction.atomic():
        locked = _lock(application)
        if locked.status == ApplicationStatus.IN_REVIEW and locked.verifier_id == verifier.pk:
            return locked  # a second click
        _refuse(workflow.claim_refusal(locked, verifier))
        locked.verifier = verifier
        return applications.application_transition(
            application=locked,
            to=ApplicationStatus.IN_REVIEW,
            actor=verifier,
            extra_fields=["verifier"],
        )


def application_release(*, application: Application, verifier) -> Application:
    """Give an application back to the queue, unassigned."""
    with transaction.atomic():
        locked = _lock_own(application, verifier)
        locked.verifier = None
        return applications.application_transition(
            application=locked,
            to=ApplicationStatus.SUBMITTED,
            actor=verifier,
            extra_fields=["verifier"],
        )


def _refuse(refusal: VerificationError | None) -> None:
    if refusal is not None:
        raise refusal


def _lock(application: Application) -> Application:
    """The application, locked, with its service (whose provider the predicates ask)."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("service")
        .get(pk=application.pk)
    )


def _lock_own(application: Application, verifier) -> Application:
    locked = _lock(application)
    _refuse(workflow.review_refusal(locked, verifier))
    return locked


def document_review(
    *,
    document: Document,
    verifier,
    verdict: str,
    reason: RevisionReason | None = None,
    note: str = "",
) -> DocumentReview:
    """Record a verdict on the current version of one document."""
    if verdict == Verdict.NEEDS_REVISION and reason is None and not note.strip():
        raise VerificationError(_("Sebutkan alasan perbaikan: pilih dari daftar atau tulis."))
    if verdict not in (Verdict.VALID, Verdict.NEEDS_REVISION):
        raise VerificationError(_("Hasil pemeriksaan tidak dikenal."))
    with transaction.atomic():
        application = _lock_own(document.application, verifier)
        if not Document.objects.filter(pk=document.pk, is_current=True).exists():
            raise VerificationError(_("Berkas ini sudah diganti versi yang lebih baru."))
        review = DocumentReview.objects.create(
            document=document,
            verdict=verdict,
            reason=reason if verdict == Verdict.NEEDS_REVISION else None,
            note=note.strip(),
            reviewer=verifier,
        )
        applications.document_verdict_set(document=document, verdict=verdict)
        event_record(
            subject=application,
            kind="document_reviewed",
            actor=verifier,
            to_state=verdict,
            note=f"{document.requirement.name}: {review.get_verdict_display()}"
            + (f" — {review_reason_text(review)}" if verdict == Verdict.NEEDS_REVISION else ""),
        )
    return review


def review_reason_text(review: DocumentReview) -> str:
    parts = [str(review.reason)] if review.reason else []
    if review.note:
        parts.append(review.note)
    return "; ".join(parts)


def application_decide(*, application: Application, verifier, decision: str, note: str = ""):
    """Verified (every current document valid), returned (at least one needs revision) or
    rejected (with a reason). The candidate is told by e-mail in every case."""
    with transaction.atomic():
        locked = _lock_own(application, verifier)
        documents = list(
            Document.objects.filter(application=locked, is_current=True).select_related(
                "requirement"
            )
        )
        verdicts = {document.verdict for document in documents}
        if decision == ApplicationStatus.VERIFIED:
            if verdicts != {Verdict.VALID}:
                raise VerificationError(_("Semua berkas harus dinyatakan sesuai."))
            locked.due_date = None
        elif decision == ApplicationStatus.RETURNED:
            if Verdict.PENDING in verdicts:
                raise VerificationError(_("Periksa semua berkas terlebih dahulu."))
            if Verdict.NEEDS_REVISION not in verdicts:
                raise VerificationError(_("Tandai berkas yang perlu diperbaiki."))
            locked.due_date = None
        elif decision == ApplicationStatus.REJECTED:
            if not note.strip():
                raise VerificationError(_("Tuliskan alasan penolakan."))
            locked.due_date = None
        else:
            raise VerificationError(_("Keputusan tidak dikenal."))
        locked.decision_note = note.strip()
        application = applications.application_transition(
            application=locked,
            to=decision,
            actor=verifier,
            note=note.strip(),
            extra_fields=["due_date", "decision_note"],
        )
        returned = [
            (document.requirement.name, review_reason_text(document.reviews.first()))
            for document in documents
            if document.verdict == Verdict.NEEDS_REVISION
        ]
        applications.application_notify(
            application=application, template=decision, returned=returned
        )
    return application


# --- Account claims ---------------------------------------------------------------------------


def account_claim_decide(*, claim: AccountClaim, verifier, decision: str, note: str = ""):
    """Approve a claim (the account passes to the claimant) or reject it with a reason; the
    rules and the hand-over are registration's (it owns accounts). Raises ClaimError."""
    if decision not in (ClaimStatus.APPROVED, ClaimStatus.REJECTED):
        raise ClaimError(_("Keputusan tidak dikenal."))
    return applications.account_claim_transition(
        claim=claim, to=decision, actor=verifier, note=note
    )
