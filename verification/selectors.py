"""Reads of the verification panel: the queue, one application under review, and the counts.
A verifier reads only the applications of the providers where they hold the role (panel_scope):
an application of another provider is not found."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q, QuerySet

# The calendar's own helpers: the queue needs the overdue working days of a whole page with one
# closures query, and portal.calendar's public functions do one query per call. Kept here until
# the calendar offers a public "many dates at once" function (reported to the calendar's owner).
from portal.catalogue import service_ids_of, services_of
from portal.constants import Role
from portal.events import event_is_problem, event_title
from portal.models import Event, Requirement, Service
from portal.precompiled import PrecompiledModels
from portal.roles import provider_scope, role_provider_ids
from registration.conflicts import conflicted_candidate_ids
from registration.constants import PANEL_STATUSES, ApplicationStatus, Verdict
from registration.models import Application, Document
from registration.selectors import (
    RegistryNameCheck,
    applicant_related,
    application_timeline,
    document_slots,
    registry_name_check,
    with_purpose_name,
)
from verification.models import DocumentReview, RevisionReason

# What the panel still has to act on (returned ones wait for the candidate, but stay visible).
QUEUE_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.IN_REVIEW,
    ApplicationStatus.RETURNED,
)
# What a verifier has to look at now.
TO_CHECK_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW)
# Every state the panel can see; drafts are the candidate's own business.
VISIBLE_STATUSES = PANEL_STATUSES

# Oldest deadline first, applications without one last; the tie-breakers keep pages stable.
# ASC NULLS LAST is also the natural order of the (status, due_date) index on PostgreSQL.
ORDER_BY_DUE_DATE = (F("due_date").asc(nulls_last=True), F("submitted_at").asc(nulls_last=True))
ORDER_BY_SUBMITTED = (F("submitted_at").asc(nulls_last=True),)
ORDER_BY_SUBMITTED_NEWEST = (F("submitted_at").desc(nulls_last=True),)


def application_rows() -> QuerySet[Application]:
    """Applications with what a queue row shows, in the same query. Not filtered by status:
    callers do that (the queue's status filter only offers VISIBLE_STATUSES). The purpose's name
    is the service's (registration.ServicePurpose), read in the same query too."""
    return with_purpose_name(
        Application.objects.select_related(
            "candidate", "snapshot", "service", "current_level", "target_level", "verifier"
        )
    )


# What a queue row shows (verification.queue_cells): about a quarter of the columns the six
# joined tables hold, whose model instances Django otherwise fills in full (issue 19).
QUEUE_ROW_FIELDS = (
    "public_id",
    "reference",
    "status",
    "purpose",
    "submitted_at",
    "due_date",
    "candidate__nip",
    "candidate__first_name",
    "candidate__last_name",
    "candidate__username",
    "snapshot__title_prefix",
    "snapshot__name",
    "snapshot__title_suffix",
    "snapshot__institution",
    "current_level__name",
    "target_level__name",
    "verifier__first_name",
    "verifier__last_name",
    "verifier__username",
)


def application_queue_rows() -> QuerySet[Application]:
    """The verifier queue page's rows: application_rows() loading only the shown columns (and
    not the service, whose purpose name comes annotated)."""
    return with_purpose_name(
        Application.objects.select_related(
            "candidate", "snapshot", "current_level", "target_level", "verifier"
        ).only(*QUEUE_ROW_FIELDS)
    )


def panel_scope(verifier) -> Q:
    """The applications of the providers where `verifier` holds the verifier's role. Through
    a subquery on the services rather than a join, so that the queue's id query reads the
    applications' table alone (portal.queues)."""
    return Q(
        service__in=Service.objects.filter(
            provider_scope(verifier, Role.VERIFIER, path="provider")
        ).values("pk")
    )


def application_panel_rows(*, verifier) -> QuerySet[Application]:
    """application_rows() of the verifier's providers (the queue's filters narrow the status),
    without those the verifier conflicts with (registration.conflicts). The services are a
    list of ids (portal.catalogue.services_of), which PostgreSQL weighs: through the services'
    table it guessed one provider's share of the applications as tiny and sorted them all
    rather than read the index application_panel_order in order (a deep page took 55-77 ms
    on the bench seed, 7.5 ms now)."""
    provider_ids = role_provider_ids(verifier, Role.VERIFIER)
    return (
        application_rows()
        .filter(service_id__in=service_ids_of(services_of(provider_ids), provider_ids))
        .exclude(candidate__in=conflicted_candidate_ids(verifier))
    )


def application_queue(*, verifier) -> QuerySet[Application]:
    """Every application the verifier's panel can see."""
    return application_panel_rows(verifier=verifier).filter(status__in=VISIBLE_STATUSES)


def verifier_queue_counts(*, verifier, today: date) -> dict[str, int]:
    """The staff home's three numbers, in one query: waiting in the queue (unassigned), mine
    (in review by me, or resubmitted to me), and overdue (still to check, past the due date),
    over the applications of the verifier's providers."""
    return (
        Application.objects.filter(panel_scope(verifier), status__in=TO_CHECK_STATUSES)
        .exclude(candidate__in=conflicted_candidate_ids(verifier))
        .aggregate(
            waiting=Count(
                "pk", filter=Q(status=ApplicationStatus.SUBMITTED, verifier__isnull=True)
            ),
            mine=Count("pk", filter=Q(verifier=verifier)),
            overdue=Count("pk", filter=Q(due_date__lt=today)),
        )
    )


def application_for_review(*, public_id, verifier) -> Application | None:
    """The application with everything the review page shows about it (None for a draft, or
    one of a provider where `verifier` is not a verifier): the data as submitted, and the
    profile only for the contact details that apply at once. Found even when the verifier
    conflicts with it, so that the page can say why they may not act on it."""
    return (
        application_rows()
        .filter(panel_scope(verifier), status__in=VISIBLE_STATUSES)
        .select_related(*applicant_related(), "candidate__profile")
        .filter(public_id=public_id)
        .first()
    )


def application_registry_name(*, application: Application) -> RegistryNameCheck | None:
    """The registry's name for the candidate's NIP against the name the application was
    submitted with (None before a submission): the panel is told when they differ, e.g.
    someone registered another's NIP."""
    snapshot = application.snapshot
    if snapshot is None:
        return None
    return registry_name_check(nip=application.candidate.nip, name=snapshot.name)


def revision_reasons() -> list[RevisionReason]:
    return list(RevisionReason.objects.filter(is_active=True))


@dataclass
class DocumentSlot:
    """One requirement on the review page: its current version, the version being looked at,
    every version, and the verdicts given on them (latest first)."""

    requirement: Requirement
    current: Document | None
    shown: Document | None
    versions: list[Document]
    reviews: list[DocumentReview] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"berkas-{self.requirement.code}"


# Compiled once per process (portal.precompiled): the review page asks it on every request.
_APPLICATION_REVIEWS = PrecompiledModels(
    lambda application_id: DocumentReview.objects.filter(
        document__application_id=application_id
    ).select_related("reason", "reviewer")
)


def review_slots(*, application: Application, shown=None) -> list[DocumentSlot]:
    """Per requirement, the documents and their review history (a fixed number of queries).
    `shown` is the public_id of an older version the verifier asked to see instead."""
    reviews: dict[int, list[DocumentReview]] = {}
    for review in _APPLICATION_REVIEWS.instances(application.pk):
        reviews.setdefault(review.document_id, []).append(review)
    slots = []
    for requirement, current, versions in document_slots(application=application):
        chosen = next((d for d in versions if str(d.public_id) == str(shown)), current)
        slot_reviews = []
        for document in versions:  # newest version first, so newest reviews come first
            for review in reviews.get(document.pk, []):
                review.version = document.version
                slot_reviews.append(review)
        slots.append(DocumentSlot(requirement, current, chosen, versions, slot_reviews))
    return slots


def verdict_summary(slots: list[DocumentSlot]) -> dict[str, int]:
    """How many current documents are valid, need revision, are still unchecked or missing."""
    summary = {Verdict.VALID: 0, Verdict.NEEDS_REVISION: 0, Verdict.PENDING: 0, "missing": 0}
    for slot in slots:
        summary[slot.current.verdict if slot.current else "missing"] += 1
    return {str(key): value for key, value in summary.items()}


@dataclass
class TimelineEntry:
    event: Event
    title: str
    done: bool = True
    problem: bool = False


def review_timeline(*, application: Application) -> list[TimelineEntry]:
    """The application's events, each in its declared words, oldest first."""
    return [
        TimelineEntry(event=event, title=event_title(event), problem=event_is_problem(event))
        for event in application_timeline(application=application)
    ]
