"""The one way a case moves through its service's steps.

Guarantees: every move runs in a transaction holding the case's row lock (a double click waits,
then finds the move already made and is refused); the actor is checked against the step's
actor by casework.workflow, here and not only in the page; every move closes the current
StepRun, records an event (who, when, from which step to which, why) and opens the next run,
so history is rows; a return opens a CasePause that the resubmission closes, and the clocks
(casework.clock) skip it. Mail and tasks go out with transaction.on_commit.

Step kinds with work of their own (a decision letter, an exam session, a product) do that work
in their own service module and call `case_step_complete` inside the same transaction.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.constants import CaseState, StepOutcome
from casework.exceptions import CaseError
from casework.models import Case, CasePause, StepRun
from casework.workflow import Action, step_action_refusal
from portal.constants import StepKind
from portal.events import event_record

# The outcome each action gives the step it closes.
_OUTCOMES = {
    Action.SUBMIT: StepOutcome.DONE,
    Action.ACCEPT: StepOutcome.DONE,
    Action.DECIDE: StepOutcome.DONE,
    Action.ATTEND: StepOutcome.DONE,
    Action.ISSUE: StepOutcome.DONE,
    Action.RECORD: StepOutcome.DONE,
    Action.HAND_OVER: StepOutcome.DONE,
    Action.REJECT: StepOutcome.REJECTED,
}


def case_locked(case: Case) -> Case:
    """The case re-read under its row lock (call inside transaction.atomic)."""
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("service", "step", "proposal__institution")
        .get(pk=case.pk)
    )


def _refuse(case: Case, actor, action: Action) -> None:
    refusal = step_action_refusal(case, actor, action)
    if refusal is not None:
        raise refusal


def _open_run(case: Case) -> StepRun | None:
    return case.runs.filter(finished_at__isnull=True).first()


def _enter(case: Case, step, *, at, actor) -> None:
    case.step = step
    StepRun.objects.create(case=case, step=step, started_at=at)
    event_record(subject=case, kind="step_entered", actor=actor, to_state=str(step.order))


def _next_step(case: Case, step):
    return case.service.steps.filter(order__gt=step.order).order_by("order").first()


def case_step_complete(
    *, case: Case, actor, action: Action, outcome: str | None = None, note: str = ""
) -> Case:
    """Close the case's current step with `action` (checked: the step's kind offers it and
    `actor` acts at that step) and move on: to the next step, or to the end of the workflow
    (COMPLETED), or out of it (REJECTED on a rejection, NOT_PASSED on an assessment that did
    not pass). Returns the case, re-read and moved."""
    now = timezone.now()
    with transaction.atomic():
        case = case_locked(case)
        _refuse(case, actor, action)
        step = case.step
        outcome = outcome or _OUTCOMES.get(action, StepOutcome.DONE)
        run = _open_run(case)
        if run is not None:
            run.finished_at, run.outcome, run.actor, run.note = now, outcome, actor, note
            run.save(update_fields=["finished_at", "outcome", "actor", "note"])
        event_record(
            subject=case,
            kind="step_finished",
            actor=actor,
            from_state=str(step.order),
            to_state=outcome,
            note=note,
        )
        if step.starts_completion_clock and case.clock_started_at is None:
            case.clock_started_at = now
        following = _next_step(case, step)
        if outcome == StepOutcome.REJECTED:
            _close(case, CaseState.REJECTED, at=now, actor=actor, note=note)
        elif outcome == StepOutcome.NOT_PASSED:
            _close(case, CaseState.NOT_PASSED, at=now, actor=actor, note=note)
        elif following is None:
            _close(case, CaseState.COMPLETED, at=now, actor=actor, note=note)
        else:
            _enter(case, following, at=now, actor=actor)
        case.save(update_fields=["step", "state", "clock_started_at", "closed_at"])
    return case


def _close(case: Case, state: str, *, at, actor, note: str) -> None:
    from_state = case.state
    case.state, case.closed_at = state, at
    event_record(
        subject=case, kind="state", actor=actor, from_state=from_state, to_state=state, note=note
    )


def case_submit(*, case: Case, actor) -> Case:
    """Send the case: a draft enters its workflow (its submission step closes and the next one
    opens); a returned case goes back to the step that returned it, whose clock resumes."""
    now = timezone.now()
    with transaction.atomic():
        case = case_locked(case)
        _refuse(case, actor, Action.SUBMIT)
        if case.state == CaseState.RETURNED:
            CasePause.objects.filter(case=case, ended_at__isnull=True).update(ended_at=now)
            case.state = CaseState.ACTIVE
            case.save(update_fields=["state"])
            event_record(
                subject=case,
                kind="state",
                actor=actor,
                from_state=CaseState.RETURNED,
                to_state=CaseState.ACTIVE,
            )
            return case
        first = case.service.steps.order_by("order").first()
        if first is None:
            raise CaseError(_("Layanan ini belum memiliki langkah."))
        case.state, case.submitted_at = CaseState.ACTIVE, now
        event_record(
            subject=case,
            kind="state",
            actor=actor,
            from_state=CaseState.DRAFT,
            to_state=CaseState.ACTIVE,
        )
        if first.kind == StepKind.SUBMISSION:
            # The submission step is done as the case is sent; the next step opens.
            StepRun.objects.create(
                case=case,
                step=first,
                started_at=case.created_at,
                finished_at=now,
                outcome=StepOutcome.DONE,
                actor=actor,
            )
            following = _next_step(case, first)
        else:
            following = first
        if following is None:
            _close(case, CaseState.COMPLETED, at=now, actor=actor, note="")
        else:
            _enter(case, following, at=now, actor=actor)
        case.save(update_fields=["state", "submitted_at", "step", "closed_at"])
    return case


def case_return(*, case: Case, actor, reason: str) -> Case:
    """Return the case to the applicant for revision (the step's kind must allow it), saying
    why. The step stays open; its clock pauses until the resubmission."""
    reason = reason.strip()
    if not reason:
        raise CaseError(_("Tuliskan alasan pengembalian agar pemohon tahu yang harus diperbaiki."))
    now = timezone.now()
    with transaction.atomic():
        case = case_locked(case)
        _refuse(case, actor, Action.RETURN)
        CasePause.objects.create(case=case, started_at=now, reason=reason)
        case.state = CaseState.RETURNED
        case.save(update_fields=["state"])
        event_record(
            subject=case,
            kind="state",
            actor=actor,
            from_state=CaseState.ACTIVE,
            to_state=CaseState.RETURNED,
            note=reason,
        )
    return case
