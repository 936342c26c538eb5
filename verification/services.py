"""Writes of the verification panel: claim, verdicts per document, and the decision; and the
decision on account claims."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from portal.events import event_record
from registration import services as applications
from registration.constants import ApplicationStatus, ClaimStatus, Verdict
from registration.exceptions import ClaimError
from registration.models import AccountClaim, Application, Document
from verification import workflow
from verification.exceptions import VerdictsRefused, VerificationError
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


@dataclass(frozen=True)
class VerdictInput:
    """A verdict the review form gives on the current document of one requirement."""

    code: str
    verdict: str
    reason: RevisionReason | None = None
    note: str = ""


def document_review(
    *,
    document: Document,
    verifier,
    verdict: str,
    reason: RevisionReason | None = None,
    note: str = "",
) -> DocumentReview:
    """Record a verdict on the current version of one document."""
    if refusal := _verdict_refusal(document.requirement.name, verdict, reason, note):
        raise VerificationError(refusal[1])
    with transaction.atomic():
        application = _lock_own(document.application, verifier)
        if not Document.objects.filter(pk=document.pk, is_current=True).exists():
            raise VerificationError(_("Berkas ini sudah diganti versi yang lebih baru."))
        return _verdict_record(application, document, verifier, verdict, reason, note)


def _verdict_refusal(name: str, verdict: str, reason, note: str) -> tuple[str, str] | None:
    """(field, message) when a verdict cannot be given; the message names the document, since
    the review form holds every document's verdict at once."""
    if verdict not in (Verdict.VALID, Verdict.NEEDS_REVISION):
        return "verdict", _("%(document)s: pilih Sesuai atau Perlu perbaikan.") % {"document": name}
    if verdict == Verdict.NEEDS_REVISION and reason is None and not note.strip():
        return "reason", _(
            "%(document)s perlu perbaikan: pilih alasan dari daftar atau tulis catatan untuk "
            "peserta."
        ) % {"document": name}
    return None


def _verdict_record(application, document, verifier, verdict, reason, note) -> DocumentReview:
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


def _verdict_unchanged(document: Document, verdict: str, reason, note: str) -> bool:
    """Is this already the document's verdict? Then the form's submit (or its second click)
    records nothing again."""
    if document.verdict != verdict:
        return False
    if verdict == Verdict.VALID:
        return True
    latest = next(iter(document.reviews.all()), None)
    reason_id = reason.pk if reason else None
    return latest is not None and (latest.reason_id, latest.note) == (reason_id, note.strip())


def application_review_save(
    *,
    application: Application,
    verifier,
    verdicts: list[VerdictInput],
    decision: str | None = None,
    note: str = "",
) -> Application:
    """The review form's one submit: the verdicts on the current documents (only the changed
    ones are recorded), then, when asked, the decision they allow (workflow.decision_refusal).
    All or nothing: a refused verdict or decision records none of them. Raises VerdictsRefused
    naming each document in error, or VerificationError."""
    with transaction.atomic():
        locked = _lock(application)
        if decision and locked.status == decision and locked.verifier_id == verifier.pk:
            return locked  # a second click
        _refuse(workflow.review_refusal(locked, verifier))
        documents = _current_documents(locked)
        by_code = {document.requirement.code: document for document in documents}
        errors = {}
        for given in verdicts:
            document = by_code.get(given.code)
            if document is None:
                raise VerificationError(_("Berkas ini sudah diganti versi yang lebih baru."))
            refusal = _verdict_refusal(
                document.requirement.name, given.verdict, given.reason, given.note
            )
            if refusal:
                errors[given.code] = refusal
        if errors:
            raise VerdictsRefused(errors)
        for given in verdicts:
            document = by_code[given.code]
            if not _verdict_unchanged(document, given.verdict, given.reason, given.note):
                _verdict_record(locked, document, verifier, given.verdict, given.reason, given.note)
                document.verdict = given.verdict
        if decision:
            return _decide(locked, verifier, decision, note, documents)
    return locked


def _current_documents(application: Application) -> list[Document]:
    return list(
        Document.objects.filter(application=application, is_current=True)
        .select_related("requirement")
        .prefetch_related("reviews__reason")
    )


def _latest_review(document: Document) -> DocumentReview | None:
    return DocumentReview.objects.filter(document=document).first()


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
        return _decide(locked, verifier, decision, note, _current_documents(locked))


def _decide(locked: Application, verifier, decision: str, note: str, documents) -> Application:
    _refuse(workflow.decision_refusal(decision, [document.verdict for document in documents]))
    if decision == ApplicationStatus.REJECTED and not note.strip():
        raise VerificationError(_("Tuliskan alasan penolakan."), field="note")
    locked.due_date = None
    locked.decision_note = note.strip()
    application = applications.application_transition(
        application=locked,
        to=decision,
        actor=verifier,
        note=note.strip(),
        extra_fields=["due_date", "decision_note"],
    )
    # The reviews were read before this submit's verdicts: ask again for the latest.
    returned = [
        (document.requirement.name, review_reason_text(_latest_review(document)))
        for document in documents
        if document.verdict == Verdict.NEEDS_REVISION
    ]
    applications.application_notify(application=application, template=decision, returned=returned)
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
