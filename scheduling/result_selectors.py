"""Reads for the result screens and exports: an assessor sees only the sessions they assess or
head. Each list is one query (or a fixed few with prefetching), however many rows it has."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, QuerySet

from portal.constants import Role
from portal.models import CompetencyUnit, Service
from portal.precompiled import PrecompiledModels
from portal.roles import provider_scope
from registration.models import User
from registration.selectors import applicant_name_order, applicant_related
from scheduling.constants import Attendance, Outcome, ResultStatus
from scheduling.models import ExamSession, Result, ResultAmendment, Seat


def _panel_filter(user: User) -> Q:
    """Sessions the user assesses or heads, at the providers where they hold the assessor role
    (named on another provider's session, they are not its panel). A subquery, not a join on
    the M2M, so a head who is also listed as an assessor does not count a session twice."""
    assessed = ExamSession.assessors.through.objects.filter(user_id=user.pk).values(
        "examsession_id"
    )
    return (Q(pk__in=assessed) | Q(head_assessor_id=user.pk)) & provider_scope(user, Role.ASSESSOR)


def results_scope(user: User) -> Q:
    """The sessions whose published results the user may read: every session of the providers
    where they schedule or administer, and the sessions they sit on the panel of."""
    return provider_scope(user, Role.SCHEDULER, Role.ADMINISTRATOR) | _panel_filter(user)


def session_list_for_assessor(*, user: User) -> QuerySet[ExamSession]:
    """The user's sessions, latest first: nothing joined or counted, the list pages through
    these ids (portal.queues.queue_page) and reads session_rows_for_assessor for the page."""
    return ExamSession.objects.filter(_panel_filter(user)).order_by("-starts_at", "-pk")


def session_rows_for_assessor() -> QuerySet[ExamSession]:
    """Sessions with what a row of the assessors' list shows: the service, the seat and result
    counts."""
    active = Q(seats__is_active=True)
    present = active & Q(seats__attendance=Attendance.PRESENT)
    return (
        ExamSession.objects.select_related("service")
        .annotate(
            seats_active=Count("seats", filter=active),
            seats_unmarked=Count("seats", filter=active & Q(seats__attendance="")),
            seats_present=Count("seats", filter=present),
            results_recorded=Count("seats__result", filter=present),
            results_published=Count(
                "seats__result", filter=Q(seats__result__status=ResultStatus.PUBLISHED)
            ),
        )
        .annotate(results_missing=F("seats_present") - F("results_recorded"))
    )


def session_for_assessor(*, session_id: int, user: User) -> ExamSession | None:
    """The session if the user assesses or heads it, else None (the view answers 404)."""
    return (
        ExamSession.objects.filter(_panel_filter(user), pk=session_id)
        .select_related("service", "head_assessor", "results_published_by")
        .first()
    )


# What the roster's rows, forms and rules read of a seat and its application (the name with
# titles as verified, NIP, target level); the result is read whole. The account's and the
# snapshot's other columns, its rank and level were most of the page's model instances.
_ROSTER_COLUMNS = (
    "session",
    "application",
    "is_active",
    "attendance",
    "application__candidate__username",
    "application__candidate__first_name",
    "application__candidate__last_name",
    "application__candidate__nip",
    "application__snapshot__name",
    "application__snapshot__title_prefix",
    "application__snapshot__title_suffix",
    "application__target_level__name",
    *(f"result__{field.name}" for field in Result._meta.concrete_fields),
)


# The roster's two queries, compiled once per process (portal.precompiled): Django took longer
# to build them than PostgreSQL to answer (issue 19). The amendments are read by the session,
# as prefetch_related("result__amendments") read them by its results: the same rows.
_ROSTER_SEATS = PrecompiledModels(
    lambda session_id: (
        Seat.objects.filter(Q(is_active=True) | Q(result__isnull=False), session_id=session_id)
        .select_related(
            "application__candidate",
            "application__snapshot",
            "application__target_level",
            "result",
        )
        .only(*_ROSTER_COLUMNS)
        .order_by(applicant_name_order("application__"), "application__candidate__nip", "pk")
    )
)
_ROSTER_AMENDMENTS = PrecompiledModels(
    lambda session_id: (
        ResultAmendment.objects.select_related("actor")
        .filter(result__seat__session_id=session_id)
        .order_by("created_at", "pk")
    )
)


def session_roster(*, session: ExamSession) -> list[Seat]:
    """The session's seats with their results and amendments: the active ones, plus the seats of
    absent candidates that publication closed (they keep their published "Tidak hadir")."""
    seats = _ROSTER_SEATS.instances(session.pk)
    results = {seat.result.pk: seat.result for seat in seats if _has_result(seat)}
    amended: dict[int, list[ResultAmendment]] = {pk: [] for pk in results}
    if results:
        for amendment in _ROSTER_AMENDMENTS.instances(session.pk):
            if amendment.result_id in amended:
                amendment.result = results[amendment.result_id]
                amended[amendment.result_id].append(amendment)
    for pk, result in results.items():
        # result.amendments.all() answered as prefetch_related leaves it.
        queryset = result.amendments.all()
        queryset._result_cache = amended[pk]
        queryset._prefetch_done = True
        result.__dict__.setdefault("_prefetched_objects_cache", {})["amendments"] = queryset
    return seats


def unit_list(*, service: Service) -> list[CompetencyUnit]:
    return list(CompetencyUnit.objects.filter(service=service))


@dataclass(frozen=True)
class RosterSummary:
    """Where a session's results stand, counted over the seats given (the roster)."""

    seats: int
    present: int
    absent: int
    unmarked: int
    recorded: int
    missing: int
    passed: int
    failed: int

    @property
    def complete(self) -> bool:
        return self.seats > 0 and not self.unmarked and not self.missing


def roster_summary(seats: list[Seat]) -> RosterSummary:
    """Counts for the publish button and its refusal; the seats need `result` loaded."""
    present = [seat for seat in seats if seat.attendance == Attendance.PRESENT]
    recorded = [seat.result for seat in present if _has_result(seat)]
    return RosterSummary(
        seats=len(seats),
        present=len(present),
        absent=sum(seat.attendance == Attendance.ABSENT for seat in seats),
        unmarked=sum(not seat.attendance for seat in seats),
        recorded=len(recorded),
        missing=len(present) - len(recorded),
        passed=sum(result.outcome == Outcome.PASSED for result in recorded),
        failed=sum(result.outcome == Outcome.FAILED for result in recorded),
    )


def _has_result(seat: Seat) -> bool:
    try:
        seat.result  # noqa: B018 - the reverse one-to-one raises when there is none
    except Result.DoesNotExist:
        return False
    return True


def seat_result(seat: Seat) -> Result | None:
    """The seat's result, or None (a template cannot catch the reverse one-to-one's error)."""
    return seat.result if _has_result(seat) else None


def session_for_results(*, session_id: int, user: User) -> ExamSession | None:
    """The session if its results are in the user's results_scope, else None (404)."""
    return (
        ExamSession.objects.filter(results_scope(user), pk=session_id)
        .select_related("service")
        .first()
    )


def published_result_rows(
    *,
    user: User,
    session: ExamSession | None = None,
    starts_from: date | None = None,
    starts_until: date | None = None,
) -> QuerySet[Result]:
    """Published results for an export: one session's, or those of sessions starting in the
    period (dates in Asia/Jakarta), of the sessions in the user's results_scope only."""
    rows = Result.objects.filter(
        status=ResultStatus.PUBLISHED,
        seat__session__in=ExamSession.objects.filter(results_scope(user)).values("pk"),
    )
    if session is not None:
        rows = rows.filter(seat__session=session)
    if starts_from is not None:
        rows = rows.filter(seat__session__starts_at__date__gte=starts_from)
    if starts_until is not None:
        rows = rows.filter(seat__session__starts_at__date__lte=starts_until)
    return (
        rows.select_related(
            "seat__session__service",
            "seat__application__candidate",
            *applicant_related("seat__application__"),
            "seat__application__target_level",
        )
        .annotate(amendment_count=Count("amendments"))
        .order_by(
            "seat__session__starts_at",
            "seat__session_id",
            applicant_name_order("seat__application__"),
            "pk",
        )
    )
