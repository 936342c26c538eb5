"""Reads of objections: the decision an application's candidate may object to, the staff
queue (by provider and role), and one objection for its candidate or its panel."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from objections.constants import OBJECTION_WINDOW_DAYS, ObjectionKind, ObjectionState
from objections.models import Objection
from portal.calendar import add_working_days
from portal.catalogue import service_ids_of, services_of
from portal.constants import Role
from portal.events import event_list
from portal.roles import role_provider_ids
from registration.constants import ApplicationStatus
from registration.models import Application, User
from scheduling.constants import ResultStatus
from scheduling.models import Result

SERVICE_PATH = "application__service_id"
# Whose objections each role answers: the verifiers a rejection's, the assessors (the panel
# and its head) a result's.
ANSWERING_ROLE = {
    ObjectionKind.VERIFICATION: Role.VERIFIER,
    ObjectionKind.RESULT: Role.ASSESSOR,
}
RESULT_STATUSES = (ApplicationStatus.PASSED, ApplicationStatus.FAILED)


@dataclass(frozen=True)
class Decision:
    """A decision on an application that may be objected to: its kind, its moment, and the
    last day of the window (OBJECTION_WINDOW_DAYS working days after its day)."""

    kind: str
    decided_at: datetime

    @property
    def decided_on(self) -> date:
        return timezone.localdate(self.decided_at)

    @property
    def last_day(self) -> date:
        return add_working_days(self.decided_on, OBJECTION_WINDOW_DAYS)

    def get_kind_label(self) -> str:
        return str(ObjectionKind(self.kind).label)

    def open_on(self, today: date) -> bool:
        return today <= self.last_day


def decision_for(*, application: Application) -> Decision | None:
    """The latest decision the candidate may object to: the rejection (its status event), or
    the published result of a passed or failed application; None otherwise."""
    if application.status == ApplicationStatus.REJECTED:
        moment = (
            event_list(subject=application)
            .filter(kind="status", to_state=ApplicationStatus.REJECTED)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        return Decision(ObjectionKind.VERIFICATION, moment) if moment else None
    if application.status in RESULT_STATUSES:
        moment = (
            Result.objects.filter(seat__application=application, status=ResultStatus.PUBLISHED)
            .exclude(published_at=None)
            .order_by("-published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        return Decision(ObjectionKind.RESULT, moment) if moment else None
    return None


def objection_for_decision(*, application: Application, decision: Decision) -> Objection | None:
    return Objection.objects.filter(
        application=application, kind=decision.kind, decided_at=decision.decided_at
    ).first()


def staff_scope(user: User) -> Q:
    """The objections the user answers: a rejection's at the providers where they verify, a
    result's where they assess. Another provider's are not found."""
    # By the application's service, from a list of ids (portal.catalogue.services_of: one
    # small query, and a plan that does not walk every application).
    verifier_at = role_provider_ids(user, Role.VERIFIER)
    assessor_at = role_provider_ids(user, Role.ASSESSOR)
    services = services_of(verifier_at | assessor_at)
    verifies = Q(**{f"{SERVICE_PATH}__in": service_ids_of(services, verifier_at)})
    assesses = Q(**{f"{SERVICE_PATH}__in": service_ids_of(services, assessor_at)})
    return (Q(kind=ObjectionKind.VERIFICATION) & verifies) | (
        Q(kind=ObjectionKind.RESULT) & assesses
    )


def objection_queue(*, user: User, state: str = ObjectionState.OPEN) -> QuerySet[Objection]:
    """The staff queue, oldest first (the one waiting longest is answered first)."""
    return Objection.objects.filter(staff_scope(user), state=state).order_by("submitted_at", "pk")


def objection_rows() -> QuerySet[Objection]:
    """What a queue row shows, in one query for a page of rows."""
    return Objection.objects.select_related(
        "application__candidate", "application__service", "answered_by"
    )


def objection_queue_rows() -> QuerySet[Objection]:
    """A queue page's rows (objections.queue_cells) in one query of the shown columns: the
    candidate's name and the service's, not the whole application, account and service."""
    return Objection.objects.select_related("application__candidate", "application__service").only(
        "public_id",
        "kind",
        "submitted_at",
        "due_date",
        "state",
        "outcome",
        "application__candidate__first_name",
        "application__candidate__last_name",
        "application__candidate__username",
        "application__service__name",
    )


def objection_for_staff(*, public_id, user: User) -> Objection | None:
    return (
        objection_rows()
        .select_related("application__snapshot", "application__service__provider")
        .filter(staff_scope(user), public_id=public_id)
        .first()
    )


def objection_for_candidate(*, public_id, user: User) -> Objection | None:
    return (
        objection_rows()
        .select_related("application__service__provider")
        .filter(application__candidate_id=user.pk, public_id=public_id)
        .first()
    )


def result_session_head(*, objection: Objection) -> tuple[int, User | None] | None:
    """The exam session of a result objection's published result and its head of panel."""
    result = (
        Result.objects.filter(
            seat__application_id=objection.application_id,
            status=ResultStatus.PUBLISHED,
            published_at=objection.decided_at,
        )
        .select_related("seat__session__head_assessor")
        .first()
    )
    if result is None:
        return None
    return result.seat.session_id, result.seat.session.head_assessor


@dataclass(frozen=True)
class CandidateObjection:
    """What the candidate's dashboard says of one decision: the objection made, or the window
    still open for one."""

    application: Application
    decision: Decision
    objection: Objection | None
    open: bool


def candidate_objections(*, user: User, today: date | None = None) -> list[CandidateObjection]:
    """For each of the candidate's latest applications (a handful at most): the window open
    for its latest decision, or else its latest objection (answered ones stay, the answer is
    news). A few queries per application, and a candidate has very few."""
    today = today or timezone.localdate()
    # Only what the card and the reads below use: an application row is wide. Whether it has
    # any objection comes with it: most have none, and then their latest is not looked for.
    applications = (
        Application.objects.filter(candidate_id=user.pk)
        .only("pk", "public_id", "status", "candidate_id")
        .annotate(objected=Exists(Objection.objects.filter(application_id=OuterRef("pk"))))
        .order_by("-updated_at")[:3]
    )
    entries = []
    for application in applications:
        decision = decision_for(application=application)
        if (
            decision is not None
            and decision.open_on(today)
            and (
                not application.objected
                or objection_for_decision(application=application, decision=decision) is None
            )
        ):
            entries.append(CandidateObjection(application, decision, None, True))
            continue
        if not application.objected:
            continue
        objection = application.objections.order_by("-submitted_at").first()
        if objection is not None:
            entries.append(CandidateObjection(application, decision, objection, False))
    return entries
