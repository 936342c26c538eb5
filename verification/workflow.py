""" "May this verifier do this now?" on an application with the panel: one predicate per rule,
asked by the review page (to show its buttons and forms) and by verification.services (to
refuse). A `*_refusal` function returns the error the service raises, or None when allowed. The
application's states and transitions are registration.workflow's. A verifier acts only on the
applications of the providers where they hold the role."""

from django.utils.translation import gettext as _

from portal.constants import Role
from portal.roles import holds_role_at, person_label
from registration.conflicts import conflict_reason
from registration.constants import ApplicationStatus, Verdict
from verification.exceptions import VerificationError


def _role_refusal(application, user) -> VerificationError | None:
    """A verifier, at the provider of the application's service?"""
    if not holds_role_at(user, Role.VERIFIER, application.service.provider_id):
        return VerificationError(_("Anda tidak memiliki peran untuk melakukannya."))
    return conflict_refusal(application, user)


def conflict_refusal(application, user) -> VerificationError | None:
    """Nobody verifies an application they conflict with (registration.conflicts)."""
    if application.candidate_id is None:
        return None
    if reason := conflict_reason(staff=user, candidate=application.candidate):
        return VerificationError(
            _("Konflik kepentingan: %(reason)s. Pengajuan ini harus diverifikasi petugas lain.")
            % {"reason": reason}
        )
    return None


def claim_refusal(application, user) -> VerificationError | None:
    """May the verifier take the application from the queue? A submitted one nobody else
    holds; one returned and resubmitted goes back to the verifier who returned it."""
    if refusal := _role_refusal(application, user):
        return refusal
    if application.verifier_id not in (None, user.pk):
        return VerificationError(
            _("Pengajuan ini ditangani verifikator lain (%(name)s).")
            % {"name": person_label(application.verifier)}
        )
    if application.status != ApplicationStatus.SUBMITTED:
        return VerificationError(
            _("Pengajuan berstatus “%(status)s” tidak dapat diambil dari antrean.")
            % {"status": ApplicationStatus(application.status).label}
        )
    return None


def review_refusal(application, user) -> VerificationError | None:
    """May the verifier judge its documents, decide it, or give it back to the queue? Only
    the verifier who took it, while it is in review (and still a verifier at its provider)."""
    if refusal := _role_refusal(application, user):
        return refusal
    if application.status != ApplicationStatus.IN_REVIEW or application.verifier_id != user.pk:
        return VerificationError(_("Ambil pengajuan ini dari antrean terlebih dahulu."))
    return None


# The decision follows the verdicts: which decisions the current documents' verdicts allow, and
# which one the review page pre-selects. Rejection (with a reason) is always open: a candidate
# may be ineligible whatever the documents say.


def decision_refusal(decision: str, verdicts: list[str]) -> VerificationError | None:
    """May the application be decided so, given the verdicts on its current documents?"""
    if decision == ApplicationStatus.VERIFIED:
        if not verdicts or set(verdicts) != {Verdict.VALID}:
            return VerificationError(_("Semua berkas harus dinyatakan sesuai."), field="decision")
    elif decision == ApplicationStatus.RETURNED:
        if Verdict.PENDING in verdicts:
            return VerificationError(_("Periksa semua berkas terlebih dahulu."), field="decision")
        if Verdict.NEEDS_REVISION not in verdicts:
            return VerificationError(_("Tandai berkas yang perlu diperbaiki."), field="decision")
    elif decision != ApplicationStatus.REJECTED:
        return VerificationError(_("Keputusan tidak dikenal."), field="decision")
    return None


def decisions_offered(verdicts: list[str]) -> list[str]:
    """The decisions the review form offers while verdicts may still be given in the same
    submit: verifying once nothing needs revision, returning once something does or may."""
    offered = []
    if Verdict.NEEDS_REVISION not in verdicts:
        offered.append(ApplicationStatus.VERIFIED)
    if Verdict.NEEDS_REVISION in verdicts or Verdict.PENDING in verdicts:
        offered.append(ApplicationStatus.RETURNED)
    return [*offered, ApplicationStatus.REJECTED]


def decision_suggested(verdicts: list[str]) -> str | None:
    """The decision the verdicts lead to, pre-selected on the review form (None while any
    document is unchecked)."""
    for decision in (ApplicationStatus.VERIFIED, ApplicationStatus.RETURNED):
        if decision_refusal(decision, verdicts) is None:
            return decision
    return None
