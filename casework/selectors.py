"""Reads of the engine's cases: a case's steps with their clocks (for the timeline), and the
documents a viewer may open."""

import uuid
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.utils import timezone

from casework.clock import Limits, StepClock, completion_clock, pauses_of, step_clock
from casework.constants import CLOSED_STATES, CaseState
from casework.models import (
    Case,
    CaseDocument,
    CasePause,
    DecisionLetter,
    ExamSession,
    Institution,
    IssuedDocument,
    StepRun,
)
from casework.workflow import (
    case_visible_to,
    is_case_proposer,
    staff_acts_on_service,
    staff_may_see,
)
from portal.calendar import MAX_SCAN_DAYS, ONE_DAY, closures_preloaded
from portal.choices import choice_labels, labels_set
from portal.constants import Fulfilment, OnlineFlow, Role, StepKind
from portal.deadlines import Pause, service_hours_from_rows
from portal.models import ProviderHours, Requirement, ServiceStep
from portal.precompiled import PrecompiledModels
from portal.queues import queue_page
from portal.roles import holds_role_at, holds_role_for_service, service_scope
from registration.conflicts import conflicted_people

# --- The case pages' reads, compiled once per process (portal.precompiled) --------------------
# Django's ORM took longer to build each of these queries than PostgreSQL took to answer it,
# on pages that ask about ten of them (issue 19). Each is the query the related manager or
# queryset built before, with the same columns, joins and order.

_UUID_STAND_IN = uuid.UUID(int=7_654_321)
_SERVICE_STEPS = PrecompiledModels(
    lambda service_id: ServiceStep.objects.filter(service_id=service_id).order_by("order")
)
_CASE_RUNS = PrecompiledModels(
    lambda case_id: (
        StepRun.objects.select_related("step", "actor")
        .filter(case_id=case_id)
        .order_by("started_at", "pk")
    )
)
_CASE_PAUSES = PrecompiledModels(
    lambda case_id: CasePause.objects.filter(case_id=case_id).order_by("started_at")
)
_PROVIDER_HOURS = PrecompiledModels(
    lambda provider_id: ProviderHours.objects.filter(provider_id=provider_id)
)
_CASE_DOCUMENTS = PrecompiledModels(
    lambda case_id: (
        CaseDocument.objects.select_related("checked_by")
        .filter(case_id=case_id)
        .order_by("requirement_id", "-version")
    )
)
_UPLOAD_REQUIREMENTS = PrecompiledModels(
    lambda service_id: Requirement.objects.filter(
        service_id=service_id, fulfilment=Fulfilment.UPLOAD
    ).order_by("order", "pk")
)


def _of_case(rows: list, case: Case) -> list:
    """Rows read by the case's id, given the case as its related manager gives it (no query
    when a row's .case is read)."""
    for row in rows:
        row.case = case
    return rows


def _service_steps_prefetch(service) -> None:
    """service.steps.all() answered from _SERVICE_STEPS, as prefetch_related("steps") with
    ServiceStep.objects.order_by("order") leaves it (each step knowing its service)."""
    steps = _SERVICE_STEPS.instances(service.pk)
    for step in steps:
        step.service = service
    queryset = service.steps.all()
    queryset._result_cache = steps
    queryset._prefetch_done = True
    service.__dict__.setdefault("_prefetched_objects_cache", {})["steps"] = queryset


@dataclass
class TimelineStep:
    """One step of the service as the case met it (or has yet to): its runs with their clocks,
    the pauses while it waited on the applicant, and whether it is the current one."""

    step: object
    runs: list[tuple[StepRun, StepClock]] = field(default_factory=list)
    pauses: list[CasePause] = field(default_factory=list)
    current: bool = False
    actor_label: str = ""  # the step's get_actor_display(), looked up once per page

    @property
    def done(self) -> bool:
        return bool(self.runs) and all(run.finished_at for run, _clock in self.runs)


@dataclass
class CaseTimeline:
    case: Case
    steps: list[TimelineStep]
    completion: StepClock
    # The pause still open (the case waits on the applicant), from the rows the timeline read:
    # the case pages show its reason without a query of their own.
    open_pause: CasePause | None = None


def case_timeline(*, case: Case, as_of=None) -> CaseTimeline:
    """Every step of the case's service in order, with what happened at each and each clock
    (due date, pauses); and the service's completion limit for the case. A fixed number of
    queries whatever the number of steps and runs."""
    as_of = as_of or timezone.now()
    service = case.service
    steps = _service_steps(service)
    runs = _of_case(_CASE_RUNS.instances(case.pk), case)
    pause_rows = _of_case(_CASE_PAUSES.instances(case.pk), case)
    pauses = pauses_of(pause_rows)
    hours = service_hours_from_rows(_provider_hours(service.provider))
    # A closed case stays at the step it ended at: no step of it is under way any more.
    at = case.step_id if case.state not in CLOSED_STATES else None
    # Labels looked up once per timeline rather than a get_FOO_display() per step and run
    # (each rebuilds and hashes the field's choices; portal.choices).
    actors = choice_labels(ServiceStep._meta.get_field("actor").flatchoices)
    labels_set(runs, field="outcome", choices=StepRun._meta.get_field("outcome").flatchoices)
    entries = {
        step.pk: TimelineStep(
            step=step, current=step.pk == at, actor_label=actors.get(step.actor, step.actor)
        )
        for step in steps
    }
    with _closures_for_clocks(case, runs, as_of):
        completion = _timeline_fill(case, entries, runs, pause_rows, pauses, hours, as_of)
    return CaseTimeline(
        case=case,
        steps=[entries[step.pk] for step in steps],
        completion=completion,
        # As case.pauses.filter(ended_at__isnull=True).first() gives it (by pk).
        open_pause=min(
            (pause for pause in pause_rows if pause.ended_at is None),
            key=lambda pause: pause.pk,
            default=None,
        ),
    )


def _service_steps(service) -> list[ServiceStep]:
    """The service's steps in order: those case_for_staff prefetched (its access check reads
    them), else one query."""
    prefetched = getattr(service, "_prefetched_objects_cache", {}).get("steps")
    if prefetched is None:
        _service_steps_prefetch(service)
        prefetched = service._prefetched_objects_cache["steps"]
    return list(prefetched)


def _provider_hours(provider) -> list:
    """provider.hours.all(): the prefetched rows when there are, else from _PROVIDER_HOURS."""
    prefetched = getattr(provider, "_prefetched_objects_cache", {}).get("hours")
    if prefetched is not None:
        return list(prefetched)
    hours = _PROVIDER_HOURS.instances(provider.pk)
    for row in hours:
        row.provider = provider
    return hours


def _closures_for_clocks(case: Case, runs: list[StepRun], as_of):
    """portal.calendar.closures_preloaded for the case's clocks: from the day before the
    earliest one starts to as far as a clock may scan past the latest day one is read at. The
    step clocks and the completion clock each read the closures (in chunks) otherwise, several
    queries of the same dates; a clock reaching outside the span still reads them itself."""
    days = [timezone.localdate(run.started_at) for run in runs]
    if case.clock_started_at is not None:
        days.append(timezone.localdate(case.clock_started_at))
    if not days:
        return nullcontext()  # no clock runs yet: nothing to read
    return closures_preloaded(
        min(days) - ONE_DAY,
        max([*days, timezone.localdate(as_of)]) + timedelta(MAX_SCAN_DAYS + 1),
    )


def _timeline_fill(case, entries, runs, pause_rows, pauses, hours, as_of) -> StepClock:
    """The runs with their clocks and pauses into `entries`; returns the completion clock."""
    service = case.service
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
    return completion_clock(case, limit_row=limit_row, pauses=pauses, hours=hours, as_of=as_of)


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


def engine_steps():
    """The steps of the services the engine runs (online flow CASEWORK). Other services describe
    their steps as data too (the librarian exam's run in registration and later apps): the
    engine's pages never list them."""
    return ServiceStep.objects.filter(service__online_flow=OnlineFlow.CASEWORK)


def acting_steps(user) -> list[ServiceStep]:
    """The steps where `user` acts, of any service the engine runs, by service and order."""
    if not user.is_authenticated:
        return []
    return list(
        engine_steps()
        .filter(_acting_scope(user))
        .select_related("service__provider", "service__completion_limit")
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


# The columns of a case the staff queue reads: its row's cells and its clocks'.
_QUEUE_COLUMNS = (
    "pk",
    "public_id",
    "service_id",
    "step_id",
    "state",
    "name",
    "nip",
    "submitted_at",
    "clock_started_at",
    "closed_at",
    "proposal",
    "exam_session__starts_at",
)

# Cases per page of the engine's staff queue.
QUEUE_PER_PAGE = 50


@dataclass
class StaffQueue:
    """One page of the staff queue: its cases grouped by step, and the Paginator page."""

    groups: list[QueueGroup]
    page: object
    total: int


def staff_queue(*, steps: list[ServiceStep], user=None, page_number=None, as_of=None) -> StaffQueue:
    """The active cases waiting at `steps` (the reader's acting steps, perhaps filtered), the
    longest waiting first, a page at a time (portal.queues.queue_page); on each page grouped by
    step, each case with its step's clock and the service's completion clock, the nearest due
    date first. At an assessor's steps, only the participants of `user`'s own exam sessions.
    A fixed number of queries whatever the number of cases."""
    as_of = as_of or timezone.now()
    if not steps:
        return StaffQueue(groups=[], page=None, total=0)
    waiting = Q(pk__in=[])
    for step in steps:
        at_step = Q(step=step)
        if step.actor == Role.ASSESSOR and user is not None:
            # A subquery, not a join through the assessors: a case appears once without a
            # DISTINCT, which would make PostgreSQL gather and sort every waiting case before
            # the first page (the index case_active_waiting gives them in order).
            at_step &= Q(exam_session__in=ExamSession.objects.filter(assessors=user).values("pk"))
        waiting |= at_step
    waiting_cases = Case.objects.filter(waiting, state=CaseState.ACTIVE)
    if user is not None:
        # Nobody is offered a case they may not act on (casework.workflow.conflict_refusal):
        # left out here, in the same query, so the page and its total agree.
        waiting_cases = waiting_cases.exclude(conflicted_cases(user))
    waiting_cases = waiting_cases.order_by("submitted_at", "pk")
    # What the page's cases share — their service with its provider, completion limit and
    # service hours, and their step — comes from `steps` (their service's provider already
    # joined), each once, rather than joined and built again on every row.
    # Only what the page shows and its clocks read (the case has some 40 columns); the row shows
    # the institution's name alone (an annotation, not two more model instances per row).
    rows = (
        Case.objects.select_related("exam_session")
        .only(*_QUEUE_COLUMNS)
        .annotate(institution_name=F("proposal__institution__name"))
    )
    page = queue_page(waiting_cases, number=page_number, per_page=QUEUE_PER_PAGE, rows=rows)
    steps_by_id = {step.pk: step for step in steps}
    services = {step.service_id: step.service for step in steps}
    # The open runs and the pauses of the page's cases: one query each, grouped here (what
    # prefetch_related did, without a queryset built per case; issue 19). A case's open run is
    # at its current step: the step comes from `steps` below.
    open_runs: dict[int, list[StepRun]] = {}
    pauses: dict[int, list[Pause]] = {}
    hours_of: dict[int, dict] = {}
    if page.object_list:
        ids = [case.pk for case in page.object_list]
        for run in (
            StepRun.objects.filter(case_id__in=ids, finished_at__isnull=True)
            .only("pk", "case_id", "step_id", "started_at", "finished_at")
            .order_by("case_id", "started_at", "pk")
        ):
            open_runs.setdefault(run.case_id, []).append(run)
        for case_id, started_at, ended_at in (
            CasePause.objects.filter(case_id__in=ids)
            .order_by("case_id", "started_at")
            .values_list("case_id", "started_at", "ended_at")
        ):
            pauses.setdefault(case_id, []).append(Pause(started_at, ended_at))
        prefetch_related_objects(list(services.values()), "provider__hours")
        hours_of = {
            service_id: service_hours_from_rows(service.provider.hours.all())
            for service_id, service in services.items()
        }
    limits: Limits = {}  # each step's and service's limit read and described once
    groups = {step.pk: QueueGroup(step=step) for step in steps}
    for case in page.object_list:
        case.service, case.step = services[case.service_id], steps_by_id[case.step_id]
        case_pauses, hours = pauses.get(case.pk, []), hours_of[case.service_id]
        runs = open_runs.get(case.pk)
        run = runs[0] if runs else None
        if run is not None and run.step_id in steps_by_id:
            run.step = steps_by_id[run.step_id]
        clock = (
            step_clock(run, case=case, pauses=case_pauses, hours=hours, as_of=as_of, limits=limits)
            if run is not None
            else StepClock("", None)
        )
        completion = completion_clock(
            case,
            limit_row=getattr(case.service, "completion_limit", None),
            pauses=case_pauses,
            hours=hours,
            as_of=as_of,
            limits=limits,
        )
        groups[case.step_id].rows.append(QueueRow(case, clock, completion))
    for group in groups.values():
        group.rows.sort(key=_due_key)
    return StaffQueue(
        groups=[group for group in groups.values() if group.rows],
        page=page,
        total=page.paginator.count,
    )


_CASE_FOR_STAFF = PrecompiledModels(
    lambda public_id: Case.objects.select_related(
        "service__provider",
        "service__completion_limit",
        "step",
        "rank",
        "proposal__institution",
        "applicant",
        "submitted_by",
        "decision",
    ).filter(public_id=public_id)[:1],
    stand_in=_UUID_STAND_IN,
)


def case_for_staff(*, public_id, user) -> Case | None:
    """The case, if `user` acts on its service (casework.workflow.staff_may_see); else None."""
    found = _CASE_FOR_STAFF.instances(public_id)
    if not found:
        return None
    case = found[0]
    # The steps in order, read once: the access check (casework.workflow.acting_roles) and the
    # timeline (case_timeline) both go through them.
    _service_steps_prefetch(case.service)
    if not staff_may_see(user, case):
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


def case_document_slots(*, case: Case, requirements=None) -> list[DocumentSlot]:
    """Every requirement to upload (or those given), in the service's order, with the case's
    documents for it, newest first (two queries)."""
    if requirements is None:
        requirements = _UPLOAD_REQUIREMENTS.instances(case.service_id)
        for requirement in requirements:
            requirement.service = case.service
    slots = {requirement.pk: DocumentSlot(requirement=requirement) for requirement in requirements}
    documents = _of_case(_CASE_DOCUMENTS.instances(case.pk), case)
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


def conflicted_cases(user) -> Q:
    """The cases `user` may not act on (registration.conflicts, as casework.workflow's
    conflict_refusal asks it: the applicant's account, the employee's NIP, work unit and the
    proposing institution)."""
    return conflicted_people(
        user,
        account="applicant",
        nip="nip",
        work_unit="work_unit",
        institution="proposal__institution__name",
    )


def decision_candidates(*, service, reader=None) -> list[Case]:
    """The service's cases waiting at its decision step, in the order they were submitted;
    without those `reader` conflicts with (they are another official's to determine)."""
    cases = Case.objects.filter(
        service=service, state=CaseState.ACTIVE, step__kind=StepKind.DECISION
    )
    if reader is not None:
        cases = cases.exclude(conflicted_cases(reader))
    return list(
        cases.select_related("rank", "proposal__institution").order_by("submitted_at", "pk")
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


# --- Intake: the operator's proposals, the employee's cases ----------------------------------


# Employees (cases) per page of an operator's list of proposals: one proposal may hold hundreds.
PROPOSAL_CASES_PER_PAGE = 50


@dataclass
class ProposalGroup:
    """A proposal on a page of the operator's list, with its employees shown on that page."""

    proposal: object
    cases: list = field(default_factory=list)


@dataclass
class ProposalsPage:
    """A page of the operator's list: its proposals (`groups`) and the Paginator page."""

    groups: list[ProposalGroup]
    page: object


def proposals_for_operator(*, user, page_number=None) -> ProposalsPage:
    """Page `page_number` (as given in the query string) of the employees proposed by the
    institutions the user operates: the newest proposal first, its employees in the order they
    were added, grouped by proposal on each page (a proposal may continue on the next page).
    The proposals that have no employee yet (drafts being filled) are on the first page. The
    same queries however many (portal.queues.queue_page, then the page's proposals)."""
    from casework.models import Proposal

    mine = Proposal.objects.filter(institution__operators=user)
    cases = Case.objects.filter(proposal__in=mine).order_by(
        "-proposal__created_at", "-proposal_id", "created_at", "pk"
    )
    # Only the columns the list shows: building every column of each case and its step was a
    # third of the page's CPU. The page's few proposals are read apart (one query): joined to
    # each case, they were built once per case.
    # The step's name alone, annotated (not a model instance per row).
    rows = Case.objects.only("pk", "public_id", "proposal_id", "name", "nip", "state").annotate(
        step_name=F("step__name")
    )
    page = queue_page(cases, number=page_number, per_page=PROPOSAL_CASES_PER_PAGE, rows=rows)
    shown = Q(pk__in={case.proposal_id for case in page.object_list})
    if page.number == 1:  # and those with no employee yet
        shown |= ~Exists(Case.objects.filter(proposal=OuterRef("pk")))
    proposals = (
        mine.filter(shown).select_related("institution", "service").order_by("-created_at", "-pk")
    )
    groups = {proposal.pk: ProposalGroup(proposal=proposal) for proposal in proposals}
    for case in page.object_list:
        if case.proposal_id in groups:  # else its proposal went between the two queries
            groups[case.proposal_id].cases.append(case)
    return ProposalsPage(groups=list(groups.values()), page=page)


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


# A case with what its page and its product pages read: the service, step, rank and proposal,
# and the products' one-to-one records.
_CASE_WITH_PRODUCTS = (
    "service__provider",
    "step",
    "rank",
    "proposal__institution",
    "exam_session",
    "assessment",
    "external_product",
    "handover",
    "payment",
)


_CASE_FOR_PAGE = PrecompiledModels(
    lambda public_id: Case.objects.select_related(
        *_CASE_WITH_PRODUCTS, "service__completion_limit"
    ).filter(public_id=public_id)[:1],
    stand_in=_UUID_STAND_IN,
)


def case_for_page(*, public_id, user) -> Case | None:
    """The case, if the user is its employee or its proposer (casework.workflow); else None."""
    from casework.workflow import case_page_visible_to

    # The products section's one-to-one records joined here (casework.selectors.case_products
    # reads them): one query rather than four more (issue 19).
    # The service's completion limit too, which the timeline's completion clock reads.
    found = _CASE_FOR_PAGE.instances(public_id)
    if not found or not case_page_visible_to(user, found[0]):
        return None
    return found[0]


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
    from portal.models import Service
    from portal.roles import service_scope

    steps = engine_steps().filter(kind=StepKind.EXAM).filter(service_scope(user, Role.SCHEDULER))
    return Service.objects.filter(pk__in=steps.values("service_id")).order_by("name")


_PRODUCT_KINDS = ("external_product", "issuance", "handover")


def product_queue_for(*, user) -> list[Case]:
    """The cases waiting at a product step (LSP certificate, Surat Keterangan Hasil, handover)
    where the user acts, oldest first; a fixed number of queries."""
    from casework.constants import CaseState
    from portal.constants import Role
    from portal.roles import holds_role_for_service

    steps = engine_steps().filter(kind__in=_PRODUCT_KINDS, actor__in=Role.values)
    mine = [
        step.pk
        for step in steps.select_related("service")
        if holds_role_for_service(user, Role(step.actor), step.service)
    ]
    return list(
        Case.objects.filter(step_id__in=mine, state=CaseState.ACTIVE)
        .exclude(conflicted_cases(user))
        .select_related("step", "service", "external_product", "payment")
        .order_by("submitted_at", "pk")
    )


def case_for_viewer(*, public_id, user) -> Case | None:
    """The case with what its product pages read, if the user may see it; else None."""
    case = Case.objects.select_related(*_CASE_WITH_PRODUCTS).filter(public_id=public_id).first()
    if case is None or not case_visible_to(user, case):
        return None
    return case


_ISSUED_DOCUMENTS = PrecompiledModels(
    lambda case_id: (
        IssuedDocument.objects.select_related("step").filter(case_id=case_id).order_by("pk")
    )
)


def case_products(*, case: Case) -> dict:
    """What the case's product pages show: the LSP certificate record, the issued documents
    (Surat Keterangan Hasil), the handover and the payment (each None when there is none)."""
    return {
        "assessment": getattr(case, "assessment", None),
        "external_product": getattr(case, "external_product", None),
        "issued_documents": _of_case(_ISSUED_DOCUMENTS.instances(case.pk), case),
        "handover": getattr(case, "handover", None),
        "payment": getattr(case, "payment", None),
    }


def issued_document_for_viewer(*, public_id, user, rendered: bool = True):
    """The issued document, if it is rendered (unless rendered=False: its credential needs no
    PDF) and the user may see its case; else None."""
    document = (
        IssuedDocument.objects.select_related(
            "case__service__provider",
            "case__proposal__institution",
            "case__assessment",
            "status_list",
        )
        .filter(public_id=public_id)
        .first()
    )
    if document is None or (rendered and not document.pdf):
        return None
    if not case_visible_to(user, document.case):
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


def casework_user_questions(*, user) -> dict[str, QuerySet]:
    """casework_user_links' questions, as the querysets whose existence answers them (by the
    link's name): for a page that asks them in one query with others (the dashboard)."""
    return {
        "own_cases": Case.objects.filter(applicant_id=user.pk),
        "proposals": Institution.objects.filter(operators=user),
    }


def casework_user_links(*, user, answers: dict[str, bool] | None = None) -> CaseworkUserLinks:
    """Two queries, whatever the number of cases; none given the answers to
    casework_user_questions."""
    if not user.is_authenticated:
        return CaseworkUserLinks(own_cases=False, proposals=False)
    if answers is None:
        answers = {
            name: queryset.exists() for name, queryset in casework_user_questions(user=user).items()
        }
    return CaseworkUserLinks(own_cases=answers["own_cases"], proposals=answers["proposals"])


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
