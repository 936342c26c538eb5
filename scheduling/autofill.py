"""Filling sessions automatically: the committee previews a plan (who goes to which session)
and then applies exactly that plan.

The plan is computed, never stored. The preview carries a digest of it; applying computes the
plan again and refuses when the digest differs, because then someone booked, was verified or
a session changed in between and the committee has not seen what would happen. A second
submit of the same preview finds those candidates seated, so its plan differs and nothing is
done twice.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from portal.models import Service
from registration.models import Application, User
from scheduling import services
from scheduling.exceptions import SchedulingError
from scheduling.models import ExamSession, Seat
from scheduling.rosters import applications_awaiting_seat, sessions_accepting


@dataclass(frozen=True)
class Placement:
    application: Application
    session: ExamSession


@dataclass(frozen=True)
class SessionLoad:
    """A session in the plan: its free seats before the plan and how many the plan fills."""

    session: ExamSession
    placed: int


@dataclass(frozen=True)
class Plan:
    placements: list[Placement]
    unplaced: list[Application]
    sessions: list[SessionLoad]

    @property
    def digest(self) -> str:
        """sha256 of the ordered (application, session) pairs: equal only for the same plan."""
        pairs = ";".join(f"{p.application.pk}:{p.session.pk}" for p in self.placements)
        return hashlib.sha256(pairs.encode()).hexdigest()


@dataclass
class AutofillResult:
    """What applying did. `stale` means nothing was applied and `plan` is the new preview."""

    plan: Plan
    stale: bool = False
    seated: list[Seat] = field(default_factory=list)
    refused: list[tuple[Placement, str]] = field(default_factory=list)


def autofill_plan(*, service: Service, sessions: Iterable[ExamSession] | None = None) -> Plan:
    """The service's verified applications without a seat, longest waiting first, placed into
    its sessions that still accept candidates, soonest first, up to each one's free seats.
    `sessions` limits the plan to those sessions (others and unsuitable ones are left out)."""
    accepting = sessions_accepting(service=service)
    if sessions is not None:
        accepting = accepting.filter(pk__in=[session.pk for session in sessions])
    waiting = list(applications_awaiting_seat(service=service))
    placements: list[Placement] = []
    loads: list[SessionLoad] = []
    for session in accepting:
        free = max(session.seats_free, 0)
        chosen, waiting = waiting[:free], waiting[free:]
        placements.extend(Placement(application=a, session=session) for a in chosen)
        loads.append(SessionLoad(session=session, placed=len(chosen)))
    return Plan(placements=placements, unplaced=waiting, sessions=loads)


def autofill_apply(
    *,
    service: Service,
    digest: str,
    actor: User,
    sessions: Iterable[ExamSession] | None = None,
) -> AutofillResult:
    """Apply the plan the committee previewed (same `service` and `sessions`), if it is still
    the same plan. Each placement is one seat_take; a refused one is reported and the rest go
    on. The service row is locked so that two applies of one service run one after the other:
    the second then sees a different plan and does nothing."""
    sessions = list(sessions) if sessions is not None else None
    with transaction.atomic():
        Service.objects.select_for_update().get(pk=service.pk)
        plan = autofill_plan(service=service, sessions=sessions)
        if plan.digest != digest:
            return AutofillResult(plan=plan, stale=True)
        result = AutofillResult(plan=plan)
        for placement in plan.placements:
            try:
                seat = services.seat_take(
                    session=placement.session, application=placement.application, actor=actor
                )
            except SchedulingError as exc:
                result.refused.append((placement, str(exc.message)))
            else:
                result.seated.append(seat)
    return result
