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


# --- Exams, results, products, handover, payment (seed 002 steps 5-9) -----------------------


def service_assessor_ids(*, service) -> frozenset[int]:
    """The users who hold the assessor role for the service: at its provider, or for it only
    (an LSP's external assessors)."""
    from django.db.models import Q

    from portal.constants import Role
    from portal.models import StaffRole

    rows = StaffRole.objects.filter(role=Role.ASSESSOR).filter(
        Q(service=service) | Q(service__isnull=True, provider_id=service.provider_id)
    )
    return frozenset(rows.values_list("user_id", flat=True))


def exam_sessions_for(*, user):
    """The sessions the user may see, newest first: those of the services they schedule, and
    those they are an assessor of (only those). Each with its participant count and assessors;
    a fixed number of queries however many sessions."""
    from django.db.models import Count, Q

    from casework.models import ExamSession
    from portal.constants import Role
    from portal.roles import service_scope

    if not (user.is_authenticated and user.is_active):
        return ExamSession.objects.none()
    visible = service_scope(user, Role.SCHEDULER) | (
        Q(assessors=user) & service_scope(user, Role.ASSESSOR)
    )
    ids = ExamSession.objects.filter(visible).values("pk")
    return (
        ExamSession.objects.filter(pk__in=ids)
        .select_related("service")
        .prefetch_related("assessors")
        .annotate(participants=Count("cases"))
        .order_by("-starts_at", "-pk")
    )


def exam_session_for_viewer(*, pk: int, user):
    """The session, if the user may see it (casework.workflow.session_visible_to); else None."""
    from casework.models import ExamSession
    from casework.workflow import session_visible_to

    session = ExamSession.objects.select_related("service__provider").filter(pk=pk).first()
    if session is None or not session_visible_to(user, session):
        return None
    return session


def session_participants(*, session) -> list[Case]:
    """The session's participants with their step and result, by name."""
    return list(session.cases.select_related("step", "assessment", "rank").order_by("name", "pk"))


def cases_awaiting_exam(*, services) -> list[Case]:
    """Cases of the services that wait at the exam step with a decision and no session yet."""
    from casework.constants import CaseState
    from portal.constants import StepKind

    return list(
        Case.objects.filter(
            service__in=services,
            state=CaseState.ACTIVE,
            step__kind=StepKind.EXAM,
            decision__isnull=False,
            exam_session__isnull=True,
        )
        .select_related("service")
        .order_by("name", "pk")
    )


def scheduled_services(*, user):
    """The services run by the engine with an exam step, where the user schedules."""
    from portal.constants import Role, StepKind
    from portal.models import Service, ServiceStep
    from portal.roles import service_scope

    steps = ServiceStep.objects.filter(kind=StepKind.EXAM).filter(
        service_scope(user, Role.SCHEDULER)
    )
    return Service.objects.filter(pk__in=steps.values("service_id")).order_by("name")


_PRODUCT_KINDS = ("external_product", "issuance", "handover")


def product_queue_for(*, user) -> list[Case]:
    """The cases waiting at a product step (LSP certificate, Surat Keterangan Hasil, handover)
    where the user acts, oldest first; a fixed number of queries."""
    from casework.constants import CaseState
    from portal.constants import Role
    from portal.models import ServiceStep
    from portal.roles import holds_role_for_service

    steps = ServiceStep.objects.filter(kind__in=_PRODUCT_KINDS, actor__in=Role.values)
    mine = [
        step.pk
        for step in steps.select_related("service")
        if holds_role_for_service(user, Role(step.actor), step.service)
    ]
    return list(
        Case.objects.filter(step_id__in=mine, state=CaseState.ACTIVE)
        .select_related("step", "service", "external_product", "payment")
        .order_by("submitted_at", "pk")
    )


def case_for_viewer(*, public_id, user) -> Case | None:
    """The case with what its product pages read, if the user may see it; else None."""
    case = (
        Case.objects.select_related(
            "service__provider",
            "step",
            "proposal__institution",
            "exam_session",
            "assessment",
            "external_product",
            "handover",
            "payment",
            "rank",
        )
        .filter(public_id=public_id)
        .first()
    )
    if case is None or not case_visible_to(user, case):
        return None
    return case


def case_products(*, case: Case) -> dict:
    """What the case's product pages show: the LSP certificate record, the issued documents
    (Surat Keterangan Hasil), the handover and the payment (each None when there is none)."""
    return {
        "assessment": getattr(case, "assessment", None),
        "external_product": getattr(case, "external_product", None),
        "issued_documents": list(case.issued_documents.select_related("step").order_by("pk")),
        "handover": getattr(case, "handover", None),
        "payment": getattr(case, "payment", None),
    }


def issued_document_for_viewer(*, public_id, user):
    """The issued document, if it is rendered and the user may see its case; else None."""
    from casework.models import IssuedDocument

    document = (
        IssuedDocument.objects.select_related(
            "case__service__provider", "case__proposal__institution"
        )
        .filter(public_id=public_id)
        .first()
    )
    if document is None or not document.pdf or not case_visible_to(user, document.case):
        return None
    return document
