"""Reads of the engine's cases: a case's steps with their clocks (for the timeline), and the
documents a viewer may open."""

from dataclasses import dataclass, field

from django.utils import timezone

from casework.clock import StepClock, completion_clock, pauses_of, step_clock
from casework.constants import CaseState
from casework.models import Case, CaseDocument, CasePause, Institution, StepRun
from casework.workflow import case_visible_to
from portal.constants import OnlineFlow, Role, StepKind
from portal.deadlines import service_hours_from_rows
from portal.models import ServiceStep
from portal.roles import holds_role_at, holds_role_for_service


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


# --- For the pages that show several apps at once (composition: dashboards, staff home) ------


@dataclass(frozen=True)
class CaseworkUserLinks:
    """Which of the engine's pages a person's dashboard links to: their own cases (as the
    employee), and their institution's proposals (as its operator)."""

    own_cases: bool
    proposals: bool

    def __bool__(self) -> bool:
        return self.own_cases or self.proposals


def casework_user_links(*, user) -> CaseworkUserLinks:
    """Two queries, whatever the number of cases."""
    if not user.is_authenticated:
        return CaseworkUserLinks(own_cases=False, proposals=False)
    return CaseworkUserLinks(
        own_cases=Case.objects.filter(applicant_id=user.pk).exists(),
        proposals=Institution.objects.filter(operators=user).exists(),
    )


@dataclass(frozen=True)
class CaseworkStaffLinks:
    """Which of the engine's staff pages the staff home links to: the cases of the services
    where the user acts at a step as the provider's staff; the decision letters, for who signs
    them; the exam sessions, for the assessors (external ones included: an LSP's, of one
    service only) and the schedulers of the provider."""

    cases: bool
    decisions: bool
    exams: bool

    def __bool__(self) -> bool:
        return self.cases or self.decisions or self.exams


def casework_staff_links(*, user) -> CaseworkStaffLinks:
    """One query for the engine's services' staff steps (plus the user's roles, read once per
    request by portal.roles)."""
    cases = decisions = exams = False
    if user.is_authenticated and user.is_active:
        steps = ServiceStep.objects.filter(
            service__online_flow=OnlineFlow.CASEWORK,
            service__is_active=True,
            actor__in=Role.values,
        ).select_related("service")
        exam_kinds = {StepKind.EXAM, StepKind.ASSESSMENT}
        for step in steps:
            role, provider_id = Role(step.actor), step.service.provider_id
            if step.kind in exam_kinds:
                exams = exams or (
                    holds_role_for_service(user, role, step.service)
                    or holds_role_at(user, Role.SCHEDULER, provider_id)
                )
            # The case list is the provider's staff's; external staff meet their cases in the
            # exam sessions.
            if holds_role_at(user, role, provider_id):
                cases = True
                decisions = decisions or step.kind == StepKind.DECISION
    return CaseworkStaffLinks(cases=cases, decisions=decisions, exams=exams)
