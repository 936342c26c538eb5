"""Where a librarian-exam certificate stands in its service's workflow (portal.ServiceStep):
each CertificateStatus mapped to the order of its step, continuing registration.steps (the
application's steps are 1-5). The stages and their transitions stay certificates.workflow's.
"""

from certificates.constants import CertificateStatus as C
from portal.constants import StepKind
from portal.models import Service, ServiceStep

DATA_VALIDATION, ISSUANCE, DISPOSITION, SIGNING, LEGALISATION, SHIPPING = 6, 7, 8, 9, 10, 11

# Stage -> the step it is. Sent and delivered are the shipping step under way and done.
STAGE_STEPS: dict[str, int] = {
    C.DATA_CHECK: DATA_VALIDATION,
    C.ISSUANCE: ISSUANCE,
    C.DISPOSITION: DISPOSITION,
    C.SIGNING: SIGNING,
    C.LEGALISATION: LEGALISATION,
    C.SHIPPING: SHIPPING,
    C.SENT: SHIPPING,
    C.DELIVERED: SHIPPING,
}

# The kind each of these steps is, as portal migration 0030 entered it.
STEP_KINDS: dict[int, str] = {
    DATA_VALIDATION: StepKind.VERIFICATION,
    ISSUANCE: StepKind.ISSUANCE,
    DISPOSITION: StepKind.APPROVAL,
    SIGNING: StepKind.APPROVAL,
    LEGALISATION: StepKind.ISSUANCE,
    SHIPPING: StepKind.HANDOVER,
}


def certificate_step_order(status: str) -> int:
    """The order of the step a certificate in this stage is at."""
    return STAGE_STEPS[status]


def certificate_step(*, service: Service, status: str) -> ServiceStep | None:
    """The service's step row for a certificate in this stage; None when the provider has
    removed it."""
    return service.steps.filter(order=certificate_step_order(status)).first()
