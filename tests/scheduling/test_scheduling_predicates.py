""" "May this person do this now?" for sessions, seats and results: one predicate per rule in
scheduling.workflow, its truth table, and the screens showing a button exactly when the service
would accept it."""

from datetime import timedelta
from itertools import product

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.constants import Role
from portal.models import Service
from registration.constants import ApplicationStatus
from scheduling import workflow
from scheduling.constants import Attendance, Outcome, ResultStatus, SessionStatus
from scheduling.exceptions import (
    BookingClosed,
    InvalidTransition,
    NotHeadOfPanel,
    ResultsIncomplete,
    ResultsPublished,
    SchedulingError,
)
from scheduling.models import ExamSession, Result, Seat
from scheduling.result_selectors import RosterSummary
from scheduling.results import result_amend, result_publish, result_record
from scheduling.services import seat_attendance_mark, seat_take, session_transition
from tests.factories import SERVICE_SLUG, ApplicationFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
HOUR = timedelta(hours=1)


def a_session(**fields) -> ExamSession:
    """An unsaved session: the predicates read its fields only."""
    values = {
        "service": Service.objects.get(slug=SERVICE_SLUG),
        "status": SessionStatus.OPEN,
        "starts_at": NOW + 48 * HOUR,
        "booking_opens_at": NOW - 24 * HOUR,
        "booking_closes_at": NOW + 24 * HOUR,
        "results_published_at": None,
        **fields,
    }
    return ExamSession(**values)


@pytest.fixture
def people(make_user):
    return {
        "scheduler": make_user("penjadwal", Role.SCHEDULER),
        "head": make_user("ketua", Role.ASSESSOR),
        "assessor": make_user("asesor", Role.ASSESSOR),
        "verifier": make_user("verifikator", Role.VERIFIER),
        "former head": make_user("mantan-asesor"),  # named head, no longer an assessor
    }


# --- Who is who -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [("head", True), ("former head", False), ("assessor", False), ("scheduler", False)],
)
def test_the_head_of_panel_is_the_assessor_the_session_names_as_head(people, who, expected):
    session = a_session(head_assessor=people["head"])
    if who == "former head":
        session.head_assessor = people["former head"]

    assert workflow.is_head_of_panel(session, people[who]) is expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("head", True), ("assessor", True), ("scheduler", False), ("verifier", False)],
)
def test_the_panel_is_the_sessions_assessors_and_its_head(
    people, make_session, who, expected, make_user
):
    session = make_session(head_assessor=people["head"])
    session.assessors.add(people["assessor"], people["verifier"])  # a verifier is no assessor
    make_session().assessors.add(make_user("asesor-lain", Role.ASSESSOR))

    assert workflow.is_on_panel(session, people[who]) is expected


# --- Session transitions ----------------------------------------------------------------------

WHO = ["scheduler", "head", "assessor", "verifier"]


@pytest.mark.parametrize(
    ("start", "to", "who"), list(product(SessionStatus.values, SessionStatus.values, WHO))
)
def test_a_session_moves_only_along_the_table_by_whoever_the_table_names(people, start, to, who):
    session = a_session(status=start, head_assessor=people["head"])
    kinds = {Role.SCHEDULER} if who == "scheduler" else set()
    if who == "head":
        kinds = {workflow.HEAD_OF_PANEL}

    refusal = workflow.session_transition_refusal(session, to, people[who], now=NOW)

    expected = workflow.allowed(start, to) and bool(workflow.actor_kinds(start, to) & kinds)
    assert (refusal is None) is expected
    assert refusal is None or isinstance(refusal, InvalidTransition)
    assert (to in workflow.session_transitions(session, people[who], now=NOW)) is expected


@pytest.mark.parametrize(
    ("started", "seats", "allowed"), [(False, 2, True), (True, 0, True), (True, 2, False)]
)
def test_a_started_session_is_cancelled_only_when_nobody_holds_a_seat_in_it(
    people, started, seats, allowed
):
    session = a_session(starts_at=NOW - HOUR if started else NOW + HOUR)
    session.seats_taken = seats

    refusal = workflow.session_transition_refusal(
        session, SessionStatus.CANCELLED, people["scheduler"], now=NOW
    )

    assert (refusal is None) is allowed


def test_a_session_is_edited_until_it_is_held_or_cancelled():
    editable = {
        status
        for status in SessionStatus.values
        if workflow.session_editable(a_session(status=status))
    }

    assert editable == {SessionStatus.DRAFT, SessionStatus.OPEN, SessionStatus.CLOSED}


# --- Seats ------------------------------------------------------------------------------------

# (when, by the committee) -> allowed, for an open session.
BOOKING_WINDOW = [
    (NOW - 48 * HOUR, False, False),  # before booking opens
    (NOW - 48 * HOUR, True, True),
    (NOW, False, True),  # inside the window
    (NOW, True, True),
    (NOW + 30 * HOUR, False, False),  # booking closed, not started
    (NOW + 30 * HOUR, True, True),
    (NOW + 50 * HOUR, False, False),  # started
    (NOW + 50 * HOUR, True, False),
]


@pytest.mark.parametrize(("now", "by_committee", "expected"), BOOKING_WINDOW)
def test_a_seat_is_booked_inside_the_window_or_placed_by_the_committee_until_the_start(
    now, by_committee, expected
):
    refusal = workflow.seat_booking_refusal(a_session(), by_committee=by_committee, now=now)

    assert (refusal is None) is expected
    assert refusal is None or isinstance(refusal, BookingClosed)


@pytest.mark.parametrize(
    ("status", "by_committee"), list(product(SessionStatus.values, [False, True]))
)
def test_only_an_open_session_takes_bookings_and_the_committee_also_fills_closed_ones(
    status, by_committee
):
    refusal = workflow.seat_booking_refusal(
        a_session(status=status), by_committee=by_committee, now=NOW
    )

    allowed = {SessionStatus.OPEN, SessionStatus.CLOSED} if by_committee else {SessionStatus.OPEN}
    assert (refusal is None) is (status in allowed)


@pytest.mark.parametrize(
    ("status", "now", "by_committee"),
    list(product(SessionStatus.values, [NOW, NOW + 30 * HOUR, NOW + 50 * HOUR], [False, True])),
)
def test_a_seat_changes_before_the_start_and_for_the_candidate_before_booking_closes(
    status, now, by_committee
):
    refusal = workflow.seat_change_refusal(
        a_session(status=status), by_committee=by_committee, now=now
    )

    started = now >= NOW + 48 * HOUR
    closed = now >= NOW + 24 * HOUR
    over = status in (SessionStatus.HELD, SessionStatus.CANCELLED)
    assert (refusal is None) is (not over and not started and (by_committee or not closed))


# --- The exam day -----------------------------------------------------------------------------

# (status, started, published, seat active) -> attendance may be marked
DAY = list(
    product(
        [SessionStatus.CLOSED, SessionStatus.HELD, SessionStatus.CANCELLED],
        [False, True],
        [False, True],
        [False, True],
    )
)


@pytest.mark.parametrize(("status", "started", "published", "active"), DAY)
def test_attendance_is_marked_from_the_start_until_the_results_are_published(
    status, started, published, active
):
    session = a_session(
        status=status,
        starts_at=NOW - HOUR if started else NOW + HOUR,
        results_published_at=NOW if published else None,
    )
    seat = Seat(session=session, is_active=active)

    refusal = workflow.attendance_refusal(seat, now=NOW)

    expected = started and not published and active and status != SessionStatus.CANCELLED
    assert (refusal is None) is expected


@pytest.mark.parametrize(
    ("status", "started", "published", "active", "attendance"),
    list(
        product(
            [SessionStatus.CLOSED, SessionStatus.CANCELLED],
            *[[False, True]] * 3,
            ["", *Attendance.values],
        )
    ),
)
def test_a_draft_result_is_recorded_for_a_candidate_who_came_until_publication(
    status, started, published, active, attendance
):
    session = a_session(
        status=status,
        starts_at=NOW - HOUR if started else NOW + HOUR,
        results_published_at=NOW if published else None,
    )
    seat = Seat(session=session, is_active=active, attendance=attendance)

    refusal = workflow.result_record_refusal(seat, now=NOW)

    expected = (
        status != SessionStatus.CANCELLED
        and started
        and not published
        and active
        and attendance == Attendance.PRESENT
    )
    assert (refusal is None) is expected


def summary(*, seats=2, unmarked=0, missing=0) -> RosterSummary:
    return RosterSummary(
        seats=seats,
        present=seats - unmarked,
        absent=0,
        unmarked=unmarked,
        recorded=seats - unmarked - missing,
        missing=missing,
        passed=seats - unmarked - missing,
        failed=0,
    )


@pytest.mark.parametrize(
    ("who", "status", "started", "published", "roster", "refused_with"),
    [
        ("head", SessionStatus.CLOSED, True, False, summary(), None),
        ("head", SessionStatus.HELD, True, False, summary(), None),
        ("assessor", SessionStatus.CLOSED, True, False, summary(), NotHeadOfPanel),
        ("scheduler", SessionStatus.CLOSED, True, False, summary(), NotHeadOfPanel),
        ("head", SessionStatus.CLOSED, True, True, summary(), ResultsPublished),
        # Still marked open, but its booking closed by time at the start at the latest.
        ("head", SessionStatus.OPEN, True, False, summary(), None),
        ("head", SessionStatus.OPEN, False, False, summary(), SchedulingError),
        ("head", SessionStatus.DRAFT, True, False, summary(), SchedulingError),
        ("head", SessionStatus.CANCELLED, True, False, summary(), SchedulingError),
        ("head", SessionStatus.CLOSED, False, False, summary(), SchedulingError),
        ("head", SessionStatus.CLOSED, True, False, summary(seats=0), SchedulingError),
        ("head", SessionStatus.CLOSED, True, False, summary(unmarked=1), ResultsIncomplete),
        ("head", SessionStatus.CLOSED, True, False, summary(missing=1), ResultsIncomplete),
    ],
)
def test_the_head_of_panel_publishes_a_complete_started_closed_session_once(
    people, who, status, started, published, roster, refused_with
):
    session = a_session(
        status=status,
        head_assessor=people["head"],
        starts_at=NOW - HOUR if started else NOW + HOUR,
        results_published_at=NOW if published else None,
    )

    refusal = workflow.result_publish_refusal(session, user=people[who], summary=roster, now=NOW)

    if refused_with is None:
        assert refusal is None
    else:
        assert isinstance(refusal, refused_with)
        assert str(refusal.message)


@pytest.mark.parametrize(
    ("who", "status", "allowed"),
    [
        ("head", ResultStatus.PUBLISHED, True),
        ("head", ResultStatus.DRAFT, False),
        ("assessor", ResultStatus.PUBLISHED, False),
        ("scheduler", ResultStatus.PUBLISHED, False),
    ],
)
def test_the_head_of_panel_amends_a_published_result(people, who, status, allowed):
    session = a_session(head_assessor=people["head"])

    refusal = workflow.result_amend_refusal(
        Result(status=status), session=session, user=people[who]
    )

    assert (refusal is None) is allowed


# --- The screens show a button exactly when the service accepts ----------------------------------


class _Tried(Exception):
    pass


def accepted(call) -> bool:
    """Whether the service accepts the call (rolled back either way)."""
    try:
        with transaction.atomic():
            call()
            raise _Tried
    except _Tried:
        return True
    except SchedulingError:
        return False


def seated_session(make_session, people, *, seats=2, **fields) -> tuple[ExamSession, list[Seat]]:
    session = make_session(head_assessor=people["head"], **fields)
    session.assessors.add(people["assessor"])
    placed = [
        seat_take(
            session=session,
            application=ApplicationFactory(status=ApplicationStatus.VERIFIED),
            actor=people["scheduler"],
        )
        for _ in range(seats)
    ]
    return session, placed


def move_to(session, *, status, started=False, published=False) -> ExamSession:
    now = timezone.now()
    fields = {"status": status}
    if started:
        fields.update(starts_at=now - HOUR, ends_at=now + HOUR, booking_closes_at=now - 24 * HOUR)
    if published:
        fields["results_published_at"] = now
        fields["results_published_by"] = session.head_assessor
    ExamSession.objects.filter(pk=session.pk).update(**fields)
    session.refresh_from_db()
    return session


STAGES = [
    (SessionStatus.DRAFT, False, False),
    (SessionStatus.OPEN, False, False),
    (SessionStatus.CLOSED, False, False),
    (SessionStatus.OPEN, True, False),
    (SessionStatus.CLOSED, True, False),
    (SessionStatus.HELD, True, True),
    (SessionStatus.CANCELLED, False, False),
]


@pytest.mark.parametrize(("status", "started", "published"), STAGES)
def test_the_session_page_offers_each_transition_exactly_when_the_service_accepts_it(
    client, make_session, people, status, started, published
):
    session, _seats = seated_session(make_session, people, seats=1)
    session = move_to(session, status=status, started=started, published=published)
    client.force_login(people["scheduler"])

    context = client.get(reverse("scheduling_session", args=[session.pk])).context
    offered = {to for to, _label in context["transitions"]}
    if context["can_cancel"]:
        offered.add(SessionStatus.CANCELLED)

    for to in SessionStatus.values:
        fresh = ExamSession.objects.get(pk=session.pk)
        assert (to in offered) is accepted(
            lambda fresh=fresh, to=to: session_transition(
                session=fresh, to=to, actor=people["scheduler"], note="Uji."
            )
        ), to


@pytest.mark.parametrize(("status", "started", "published"), STAGES)
def test_the_attendance_buttons_show_exactly_when_the_service_records_attendance(
    client, make_session, people, status, started, published
):
    session, (seat, *_rest) = seated_session(make_session, people)
    session = move_to(session, status=status, started=started, published=published)

    for who, url in (
        ("scheduler", reverse("scheduling_session", args=[session.pk])),
        ("assessor", reverse("results_session", args=[session.pk])),
    ):
        client.force_login(people[who])
        html = client.get(url).content.decode()
        shown = 'name="attendance" value="present"' in html
        fresh = Seat.objects.get(pk=seat.pk)

        assert shown is accepted(
            lambda fresh=fresh, who=who: seat_attendance_mark(
                seat=fresh, attendance=Attendance.PRESENT, actor=people[who]
            )
        ), who


@pytest.mark.parametrize("attendance", ["", Attendance.PRESENT, Attendance.ABSENT])
@pytest.mark.parametrize(("status", "started", "published"), STAGES)
def test_the_result_form_shows_exactly_when_the_service_records_a_draft(
    client, make_session, people, status, started, published, attendance
):
    session, (seat, *_rest) = seated_session(make_session, people, seats=1)
    Seat.objects.filter(pk=seat.pk).update(attendance=attendance)
    session = move_to(session, status=status, started=started, published=published)
    client.force_login(people["assessor"])

    html = client.get(reverse("results_session", args=[session.pk])).content.decode()
    shown = f'action="{reverse("results_record", args=[session.pk, seat.pk])}"' in html

    assert shown is accepted(
        lambda: result_record(
            seat=Seat.objects.get(pk=seat.pk), actor=people["assessor"], outcome=Outcome.PASSED
        )
    )


PUBLISH_CASES = [
    # (status, started, attendance of both seats, results recorded, who)
    (SessionStatus.CLOSED, True, Attendance.PRESENT, True, "head"),
    (SessionStatus.CLOSED, True, Attendance.PRESENT, True, "assessor"),
    (SessionStatus.OPEN, True, Attendance.PRESENT, True, "head"),
    (SessionStatus.CLOSED, True, Attendance.PRESENT, False, "head"),
    (SessionStatus.CLOSED, True, "", False, "head"),
    (SessionStatus.CLOSED, True, Attendance.ABSENT, False, "head"),
    (SessionStatus.CANCELLED, True, Attendance.PRESENT, True, "head"),
    (SessionStatus.CLOSED, False, "", False, "head"),
]


@pytest.mark.parametrize(("status", "started", "attendance", "recorded", "who"), PUBLISH_CASES)
def test_the_publish_button_shows_exactly_when_the_service_publishes(
    client, make_session, people, status, started, attendance, recorded, who
):
    session, seats = seated_session(make_session, people)
    Seat.objects.filter(session=session).update(attendance=attendance)
    if recorded:
        for seat in seats:
            Result.objects.create(seat=seat, outcome=Outcome.PASSED, recorded_by=people["head"])
    session = move_to(session, status=status, started=started)
    client.force_login(people[who])

    response = client.get(reverse("results_session", args=[session.pk]))
    shown = f'action="{reverse("results_publish", args=[session.pk])}"' in response.content.decode()

    assert shown is response.context["can_publish"]
    assert shown is accepted(
        lambda: result_publish(session=ExamSession.objects.get(pk=session.pk), actor=people[who])
    )


def test_a_started_session_still_marked_open_is_published_without_closing_it_first(
    client, make_session, people
):
    session, seats = seated_session(make_session, people)
    Seat.objects.filter(session=session).update(attendance=Attendance.PRESENT)
    for seat in seats:
        Result.objects.create(seat=seat, outcome=Outcome.PASSED, recorded_by=people["head"])
    session = move_to(session, status=SessionStatus.OPEN, started=True)
    client.force_login(people["head"])

    html = client.get(reverse("results_session", args=[session.pk])).content.decode()

    assert "Tutup pemesanan sesi terlebih dahulu." not in html
    assert f'action="{reverse("results_publish", args=[session.pk])}"' in html


@pytest.mark.parametrize("who", ["head", "assessor"])
@pytest.mark.parametrize("status", [ResultStatus.DRAFT, ResultStatus.PUBLISHED])
def test_the_amendment_form_shows_exactly_when_the_service_amends(
    client, make_session, people, who, status
):
    session, (seat, *_rest) = seated_session(make_session, people, seats=1)
    Seat.objects.filter(pk=seat.pk).update(attendance=Attendance.PRESENT)
    result = Result.objects.create(
        seat=seat, outcome=Outcome.FAILED, recorded_by=people["head"], status=status
    )
    session = move_to(
        session,
        status=SessionStatus.HELD if status == ResultStatus.PUBLISHED else SessionStatus.CLOSED,
        started=True,
        published=status == ResultStatus.PUBLISHED,
    )
    client.force_login(people[who])

    # The form comes when its seat's link is followed (?ralat=), and the link only with it.
    url = reverse("results_session", args=[session.pk])
    html = client.get(url, {"ralat": seat.pk}).content.decode()
    shown = f'action="{reverse("results_amend", args=[result.pk])}"' in html
    assert (f"?ralat={seat.pk}" in client.get(url).content.decode()) is shown

    assert shown is accepted(
        lambda: result_amend(
            result=Result.objects.get(pk=result.pk),
            actor=people[who],
            reason="Salah ketik nilai.",
            outcome=Outcome.FAILED,
            score=40,
        )
    )
