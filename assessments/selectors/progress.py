"""Where an engagement stands on its service's steps (portal.ServiceStep), read from its facts:
the request, the reply, the agreement, the participants, the intake, the payment, the reports.
Each step is done, current or upcoming; the page shows them as a parcel tracker."""

from dataclasses import dataclass

from assessments.constants import EngagementState, ProofVerdict
from portal.constants import StepKind


@dataclass
class ProgressStep:
    step: object  # portal.ServiceStep
    done: bool
    current: bool


def _facts(engagement) -> dict[str, bool]:
    agreement = getattr(engagement, "agreement", None)
    invoice = getattr(engagement, "invoice", None)
    participants = list(engagement.participants.all())
    past_request = engagement.state not in {EngagementState.DRAFT}
    return {
        StepKind.COOPERATION: past_request,
        StepKind.APPROVAL: engagement.replied_at is not None,
        StepKind.AGREEMENT: agreement is not None and agreement.fully_signed_at is not None,
        StepKind.PARTICIPANT_LIST: bool(participants),
        StepKind.SCHEDULING: bool(participants) and all(p.session_id for p in participants),
        StepKind.E_REGISTRATION: bool(participants) and all(p.registered for p in participants),
        StepKind.EXAM: engagement.intake_held_on is not None,
        StepKind.PAYMENT: invoice is not None
        and any(proof.verdict == ProofVerdict.CONFIRMED for proof in invoice.proofs.all()),
        # The engagement completes when its last report is delivered.
        StepKind.REPORT: engagement.state == EngagementState.COMPLETED,
    }


def engagement_progress(engagement) -> list[ProgressStep]:
    """The service's steps with done/current flags; the first step not done is current (none
    once the engagement is closed)."""
    facts = _facts(engagement)
    closed = engagement.state in {
        EngagementState.DECLINED,
        EngagementState.CANCELLED,
        EngagementState.COMPLETED,
    }
    rows, current_found = [], closed
    for step in engagement.service.steps.all():
        done = facts.get(step.kind, False)
        current = not done and not current_found
        current_found = current_found or current
        rows.append(ProgressStep(step=step, done=done, current=current))
    return rows
