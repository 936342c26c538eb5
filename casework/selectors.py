"""Reads of the engine's cases: a case's steps with their clocks (for the timeline), and the
documents a viewer may open."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from casework.clock import StepClock, completion_clock, pauses_of, step_clock
from casework.constants import CaseState
from casework.models import Case, CaseDocument, CasePause, DecisionLetter, StepRun
from casework.workflow import (
    case_visible_to,
    is_case_proposer,
    staff_acts_on_service,
    staff_may_see,
)
from portal.constants import Fulfilment, Role, StepKind
from portal.deadlines import service_hours_from_rows
from portal.models import ServiceStep
from portal.roles import service_scope


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


# --- Staff: the queue, one case, the decision letters (casework.staff_views) -----------------


def _acting_scope(user) -> Q:
    """Steps (ServiceStep rows) whose actor is a role `user` holds for the step's service."""
    from portal.models import StaffRole

    roles = set(StaffRole.objects.filter(user_id=user.pk).values_list("role", flat=True))
    scope = Q(pk__in=[])
    for role in sorted(roles & set(Role.values)):
        scope |= Q(actor=role) & service_scope(user, Role(role), path="service")
    return scope


def acting_steps(user) -> list[ServiceStep]:
    """The steps where `user` acts, of any service, by service and order."""
    if not user.is_authenticated:
        return []
    return list(
        ServiceStep.objects.filter(_acting_scope(user))
        .select_related("service__provider")
        .order_by("service__name", "service_id", "order")
    )


@dataclass
class QueueRow:
    case: Case
    step_clock: StepClock
    completion: StepClock

    @property
    def overdue(self) -> bool:
        return any(
            clock.reading is not None and clock.reading.overdue
            for clock in (self.step_clock, self.completion)
        )

    @property
    def past_due(self) -> bool:
        return any(
            clock.reading is not None and clock.reading.past_due
            for clock in (self.step_clock, self.completion)
        )


@dataclass
class QueueGroup:
    step: ServiceStep
    rows: list[QueueRow] = field(default_factory=list)


def _due_key(row: QueueRow) -> tuple[bool, str]:
    # Dates and datetimes (limits in service hours) both sort by their ISO text.
    reading = row.step_clock.reading
    return (reading is None, reading.due.isoformat() if reading is not None else "")


def staff_queue(*, steps: list[ServiceStep], as_of=None) -> list[QueueGroup]:
    """The active cases waiting at `steps` (the reader's acting steps, perhaps filtered), one
    group per step, each case with its step's clock and the service's completion clock, the
    nearest due date first. A fixed number of queries whatever the number of cases."""
    as_of = as_of or timezone.now()
    if not steps:
        return []
    open_runs = Prefetch(
        "runs",
        queryset=StepRun.objects.filter(finished_at__isnull=True).select_related("step"),
        to_attr="open_runs",
    )
    cases = (
        Case.objects.filter(state=CaseState.ACTIVE, step__in=steps)
        .select_related(
            "service__provider",
            "service__completion_limit",
            "step",
            "rank",
            "proposal__institution",
            "exam_session",
        )
        .prefetch_related(open_runs, "pauses", "service__provider__hours")
        .order_by("submitted_at", "pk")
    )
    groups = {step.pk: QueueGroup(step=step) for step in steps}
    for case in cases:
        pauses = pauses_of(case.pauses.all())
        hours = service_hours_from_rows(case.service.provider.hours.all())
        run = case.open_runs[0] if case.open_runs else None
        clock = (
            step_clock(run, case=case, pauses=pauses, hours=hours, as_of=as_of)
            if run is not None
            else StepClock("", None)
        )
        completion = completion_clock(
            case,
            limit_row=getattr(case.service, "completion_limit", None),
            pauses=pauses,
            hours=hours,
            as_of=as_of,
        )
        groups[case.step_id].rows.append(QueueRow(case, clock, completion))
    for group in groups.values():
        group.rows.sort(key=_due_key)
    return [group for group in groups.values() if group.rows]


def case_for_staff(*, public_id, user) -> Case | None:
    """The case, if `user` acts on its service (casework.workflow.staff_may_see); else None."""
    case = (
        Case.objects.select_related(
            "service__provider",
            "step",
            "rank",
            "proposal__institution",
            "applicant",
            "submitted_by",
            "decision",
        )
        .filter(public_id=public_id)
        .first()
    )
    if case is None or not staff_may_see(user, case):
        return None
    return case


@dataclass
class DocumentSlot:
    """One requirement of the case's service: its current document and the older versions."""

    requirement: object
    current: CaseDocument | None = None
    older: list[CaseDocument] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"berkas-{self.requirement.code}"


def case_document_slots(*, case: Case) -> list[DocumentSlot]:
    """Every requirement to upload, in the service's order, with the case's documents for it
    (two queries)."""
    requirements = case.service.requirements.filter(fulfilment=Fulfilment.UPLOAD).order_by(
        "order", "pk"
    )
    slots = {requirement.pk: DocumentSlot(requirement) for requirement in requirements}
    documents = case.documents.select_related("checked_by").order_by("requirement_id", "-version")
    for document in documents:
        slot = slots.get(document.requirement_id)
        if slot is None:
            continue
        if document.is_current:
            slot.current = document
        else:
            slot.older.append(document)
    return list(slots.values())


def decision_services(user) -> list:
    """The services whose participants `user` determines (the actor of a decision step)."""
    return [step.service for step in acting_steps(user) if step.kind == StepKind.DECISION]


def decision_candidates(*, service) -> list[Case]:
    """The service's cases waiting at its decision step, in the order they were submitted."""
    return list(
        Case.objects.filter(service=service, state=CaseState.ACTIVE, step__kind=StepKind.DECISION)
        .select_related("rank", "proposal__institution")
        .order_by("submitted_at", "pk")
    )


def decision_letters_recent(*, services, limit: int = 20) -> list[DecisionLetter]:
    """The latest decision letters of the services, with how many cases each lists."""
    return list(
        DecisionLetter.objects.filter(service__in=services)
        .select_related("service", "signed_by")
        .annotate(participants=Count("cases"))
        .order_by("-created_at")[:limit]
    )


def decision_letter_for_viewer(*, public_id, user) -> DecisionLetter | None:
    """The letter, if `user` may read it: staff acting on its service, or the proposer or the
    employee of a case it lists; else None."""
    if not (user.is_authenticated and user.is_active):
        return None
    letter = (
        DecisionLetter.objects.select_related("service__provider")
        .filter(public_id=public_id)
        .first()
    )
    if letter is None:
        return None
    if staff_acts_on_service(user, letter.service):
        return letter
    cases = letter.cases.select_related("proposal__institution")
    if any(case.applicant_id == user.pk or is_case_proposer(user, case) for case in cases):
        return letter
    return None
