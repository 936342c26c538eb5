"""Where a librarian-exam application stands in its service's workflow (portal.ServiceStep):
each ApplicationStatus mapped to the order of the step it is at. The statuses and their
transitions stay registration.workflow's; this only names the step for the engine's pages and
reports. The certificate's stages continue the count (certificates.steps).

The orders are those portal migration 0030 entered for the librarian exam:
1 submission, 2 verification, 3 scheduling, 4 exam, 5 assessment (results), 6-11 the
certificate (data validation, issuance, disposition, signature, legalisation, shipping).
"""

from portal.constants import StepKind
from portal.models import Service, ServiceStep
from registration.constants import ApplicationStatus as S

SUBMISSION, VERIFICATION, SCHEDULING, EXAM, ASSESSMENT = 1, 2, 3, 4, 5

# Status -> the step the application is at (waiting at, or worked on in). A returned
# application waits on the candidate, at submission; a rejected one ended at verification; a
# failed one at the results; a passed one goes on to its certificate (certificates.steps).
STATUS_STEPS: dict[str, int] = {
    S.DRAFT: SUBMISSION,
    S.RETURNED: SUBMISSION,
    S.SUBMITTED: VERIFICATION,
    S.IN_REVIEW: VERIFICATION,
    S.REJECTED: VERIFICATION,
    S.VERIFIED: SCHEDULING,
    S.SCHEDULED: EXAM,
    S.PASSED: ASSESSMENT,
    S.FAILED: ASSESSMENT,
}

# The kind each of these steps is, as the migration entered it: what the test holds the rows to.
STEP_KINDS: dict[int, str] = {
    SUBMISSION: StepKind.SUBMISSION,
    VERIFICATION: StepKind.VERIFICATION,
    SCHEDULING: StepKind.SCHEDULING,
    EXAM: StepKind.EXAM,
    ASSESSMENT: StepKind.ASSESSMENT,
}


def application_step_order(status: str) -> int:
    """The order of the step an application in this status is at."""
    return STATUS_STEPS[status]


def application_step(*, service: Service, status: str) -> ServiceStep | None:
    """The service's step row for an application in this status; None when the provider has
    removed it."""
    return service.steps.filter(order=application_step_order(status)).first()
