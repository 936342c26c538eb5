"""Reads of the engine's cases: a case's steps with their clocks (for the timeline), and the
documents a viewer may open."""

from dataclasses import dataclass, field

from django.utils import timezone

from casework.clock import StepClock, completion_clock, pauses_of, step_clock
from casework.constants import CaseState
from casework.models import Case, CaseDocument, CasePause, StepRun
from casework.workflow import case_visible_to
from portal.deadlines import service_hours_from_rows


@dataclass
class TimelineStep:
    """One step of the service as the case met it (or has yet to): its runs with their clocks,
    the pauses while it waited on the applicant, and whether it is the current one."""

    step: object
    runs: list[tuple[StepRun, StepClock]] = field(default_factory=list)
    pauses: list[CasePause] = field(default_factory=list)
    current: bool = False

    @property
    def done(self) -> bool:
        return bool(self.runs) and all(run.finished_at for run, _clock in self.runs)


@dataclass
class CaseTimeline:
    case: Case
    steps: list[TimelineStep]
    completion: StepClock


def case_timeline(*, case: Case, as_of=None) -> CaseTimeline:
    """Every step of the case's service in order, with what happened at each and each clock
    (due date, pauses); and the service's completion limit for the case. A fixed number of
    queries whatever the number of steps and runs."""
    as_of = as_of or timezone.now()
    service = case.service
    steps = list(service.steps.order_by("order"))
    runs = list(case.runs.select_related("step", "actor").order_by("started_at", "pk"))
    pause_rows = list(case.pauses.order_by("started_at"))
    pauses = pauses_of(pause_rows)
    hours = service_hours_from_rows(service.provider.hours.all())
    entries = {step.pk: TimelineStep(step=step, current=step.pk == case.step_id) for step in steps}
    for run in runs:
        entry = entries.get(run.step_id)
        if entry is None:
            continue
        entry.runs.append(
            (run, step_clock(run, case=case, pauses=pauses, hours=hours, as_of=as_of))
        )
        end = run.finished_at
        entry.pauses.extend(
            pause
            for pause in pause_rows
            if pause.started_at >= run.started_at and (end is None or pause.started_at <= end)
        )
    limit_row = getattr(service, "completion_limit", None)
    return CaseTimeline(
        case=case,
        steps=[entries[step.pk] for step in steps],
        completion=completion_clock(
            case, limit_row=limit_row, pauses=pauses, hours=hours, as_of=as_of
        ),
    )


def case_completion_spans(*, service, since) -> list[tuple]:
    """When the completion limit started and ended for each case of the service completed since
    `since` (from "berkas dinyatakan lengkap dan benar" to the last step): its durations, as the
    standard page measures them. One query."""
    return list(
        Case.objects.filter(
            service=service,
            state=CaseState.COMPLETED,
            clock_started_at__isnull=False,
            closed_at__gte=since,
        ).values_list("clock_started_at", "closed_at")
    )


def document_for_viewer(*, public_id, user) -> CaseDocument | None:
    """The document, if the user may open it (casework.workflow.case_visible_to); else None."""
    document = (
        CaseDocument.objects.select_related(
            "case__service__provider", "case__proposal__institution", "requirement"
        )
        .filter(public_id=public_id)
        .first()
    )
    if document is None or not case_visible_to(user, document.case):
        return None
    return document


# --- Intake: the operator's proposals, the employee's cases ----------------------------------


def proposals_for_operator(*, user):
    """The proposals of the institutions the user operates, newest first, each with its
    employees' cases and their current step: a fixed number of queries however many."""
    from django.db.models import Prefetch

    from casework.models import Proposal

    return (
        Proposal.objects.filter(institution__operators=user)
        .select_related("institution", "service")
        .prefetch_related(
            Prefetch(
                "cases",
                queryset=Case.objects.select_related("step").order_by("created_at", "pk"),
            )
        )
        .order_by("-created_at")
    )


def institutions_for_operator(*, user):
    """The institutions the user operates, with their provider."""
    from casework.models import Institution

    return Institution.objects.filter(operators=user).select_related("provider").order_by("name")


def proposal_for_operator(*, public_id, user):
    """The proposal, if one of its institution's operators asks; else None."""
    from casework.models import Proposal

    return (
        Proposal.objects.filter(public_id=public_id, institution__operators=user)
        .select_related("institution__provider", "service__provider")
        .first()
    )


def cases_of_applicant(*, user):
    """The cases whose employee is the user, newest first."""
    return (
        Case.objects.filter(applicant=user)
        .select_related("service__provider", "step", "proposal__institution")
        .order_by("-created_at")
    )


def case_for_page(*, public_id, user) -> Case | None:
    """The case, if the user is its employee or its proposer (casework.workflow); else None."""
    from casework.workflow import case_page_visible_to

    case = (
        Case.objects.select_related(
            "service__provider", "step", "rank", "proposal__institution", "exam_session"
        )
        .filter(public_id=public_id)
        .first()
    )
    if case is None or not case_page_visible_to(user, case):
        return None
    return case


@dataclass
class DocumentSlot:
    """One uploadable requirement of a case: its current document and the older versions."""

    requirement: object
    current: CaseDocument | None = None
    older: list[CaseDocument] = field(default_factory=list)


def case_document_slots(*, case: Case, requirements) -> list[DocumentSlot]:
    """Each requirement (in order) with the case's versions of it, newest first."""
    slots = {requirement.pk: DocumentSlot(requirement=requirement) for requirement in requirements}
    documents = CaseDocument.objects.filter(case=case).order_by("requirement_id", "-version")
    for document in documents:
        slot = slots.get(document.requirement_id)
        if slot is None:
            continue
        if document.is_current:
            slot.current = document
        else:
            slot.older.append(document)
    return list(slots.values())
