"""Exam results: assessors record drafts, the head of panel publishes them, amendments."""

import functools
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from portal.constants import Role
from portal.events import event_list
from portal.models import CompetencyUnit
from registration.constants import ApplicationStatus
from scheduling.constants import Attendance, Outcome, ResultStatus, SessionStatus, UnitOutcome
from scheduling.exceptions import SchedulingError
from scheduling.models import ExamSession, Result, ResultAmendment, Seat
from scheduling.results import (
    NotHeadOfPanel,
    NotOnPanel,
    ResultError,
    ResultsIncomplete,
    ResultsPublished,
    result_amend,
    result_publish,
    result_record,
)
from scheduling.services import seat_attendance_mark, seat_take
from tests.factories import ApplicationFactory
from tests.module_data import module_data
from tests.scheduling.conftest import session_make
from tests.users import PASSWORD, user_make

pytestmark = pytest.mark.django_db


def seat_candidates(session: ExamSession, count: int, actor) -> list[Seat]:
    seats = []
    for _ in range(count):
        application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
        seats.append(seat_take(session=session, application=application, actor=actor))
    return seats


def start(session: ExamSession, *, status: str = SessionStatus.CLOSED) -> ExamSession:
    """Move the session's start into the past (a seat cannot be taken in a started session)."""
    now = timezone.now()
    ExamSession.objects.filter(pk=session.pk).update(
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=2),
        booking_closes_at=now - timedelta(days=1),
        status=status,
    )
    session.refresh_from_db()
    return session


def panel_session(make_session, scheduler, *, head, assessors=(), seats=2, **fields):
    """A started, closed session with `seats` scheduled candidates, its panel and head."""
    session = make_session(head_assessor=head, **fields)
    session.assessors.add(*assessors)
    seated = seat_candidates(session, seats, scheduler)
    return start(session), seated


def mark(seats, attendance, actor) -> None:
    for seat in seats:
        seat_attendance_mark(seat=seat, attendance=attendance, actor=actor)


@pytest.fixture
def units(make_session):
    service = make_session().service
    return [
        CompetencyUnit.objects.create(service=service, code="PUS.01", order=1, title="Koleksi"),
        CompetencyUnit.objects.create(service=service, code="PUS.02", order=2, title="Layanan"),
    ]


@pytest.fixture(scope="module")
def _panel_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The scheduler, the assessor, the head of panel and their started session with three
    seated candidates, made once for the module (tests/module_data.py; seating them took most
    of a test): their primary keys."""

    def make(_media) -> dict:
        make_user = functools.partial(user_make, password=PASSWORD)
        users = {
            "scheduler": make_user("penjadwal", Role.SCHEDULER),
            "assessor": make_user("asesor", Role.ASSESSOR, first_name="Dewi Lestari"),
            "head_assessor": make_user("ketua-panel", Role.ASSESSOR, first_name="Bambang Sutrisno"),
        }
        session, seats = panel_session(
            session_make,
            users["scheduler"],
            head=users["head_assessor"],
            assessors=[users["assessor"]],
            seats=3,
        )
        return {
            **{name: user.pk for name, user in users.items()},
            "session": session.pk,
            "seats": [seat.pk for seat in seats],
        }

    yield from module_data(django_db_blocker, tmp_path_factory.mktemp("panel"), make)


# Each test reads the module's rows anew: what it changes or caches on them stays its own.


@pytest.fixture
def scheduler(_panel_once):
    return get_user_model().objects.get(pk=_panel_once["scheduler"])


@pytest.fixture
def assessor(_panel_once):
    return get_user_model().objects.get(pk=_panel_once["assessor"])


@pytest.fixture
def head_assessor(_panel_once):
    """The head of the panel (ketua panel): an assessor who also publishes the results."""
    return get_user_model().objects.get(pk=_panel_once["head_assessor"])


@pytest.fixture
def panel(_panel_once):
    """A started, closed session with three scheduled candidates, its panel and head."""
    seats = Seat.objects.in_bulk(_panel_once["seats"])
    return (
        ExamSession.objects.get(pk=_panel_once["session"]),
        [seats[pk] for pk in _panel_once["seats"]],
    )


# Recording ------------------------------------------------------------------------------------


def test_an_assessor_of_the_session_records_a_draft(panel, assessor, units):
    session, (seat, *_rest) = panel
    mark([seat], Attendance.PRESENT, assessor)

    result = result_record(
        seat=seat,
        actor=assessor,
        outcome=Outcome.PASSED,
        score="87.5",
        unit_outcomes={"PUS.01": UnitOutcome.COMPETENT},
        notes=" Baik sekali ",
    )

    result.refresh_from_db()
    assert (result.status, result.outcome, result.score) == (
        ResultStatus.DRAFT,
        Outcome.PASSED,
        Decimal("87.50"),
    )
    assert result.unit_outcomes == {"PUS.01": "competent"}
    assert result.notes == "Baik sekali"
    assert result.recorded_by == assessor
    (event,) = event_list(subject=session).filter(kind="result_recorded")
    assert event.actor == assessor
    assert "Lulus" in event.note


def test_recording_again_updates_the_same_draft(panel, assessor, head_assessor):
    _session, (seat, *_rest) = panel
    mark([seat], Attendance.PRESENT, assessor)
    result_record(seat=seat, actor=assessor, outcome=Outcome.PASSED)

    result_record(seat=seat, actor=head_assessor, outcome=Outcome.FAILED, score=40)

    result = Result.objects.get(seat=seat)
    assert (result.outcome, result.score, result.recorded_by) == (
        Outcome.FAILED,
        Decimal("40.00"),
        head_assessor,
    )


def test_an_assessor_of_another_session_may_not_record(panel, make_user):
    _session, (seat, *_rest) = panel
    stranger = make_user("asesor-lain", Role.ASSESSOR)

    with pytest.raises(NotOnPanel) as refused:
        result_record(seat=seat, actor=stranger, outcome=Outcome.PASSED)

    assert refused.value.message == "Anda bukan asesor sesi uji ini."
    assert not Result.objects.exists()


def test_a_scheduler_who_is_not_an_assessor_may_not_record_or_publish(panel, scheduler, assessor):
    session, seats = panel
    mark(seats, Attendance.PRESENT, scheduler)
    # Even when listed on the panel, the scheduler lacks the assessor role.
    session.assessors.add(scheduler)

    with pytest.raises(NotOnPanel):
        result_record(seat=seats[0], actor=scheduler, outcome=Outcome.PASSED)
    with pytest.raises(NotHeadOfPanel):
        result_publish(session=session, actor=scheduler)

    assert not Result.objects.exists()


def test_results_are_not_recorded_before_the_session_starts(
    make_session, scheduler, assessor, head_assessor
):
    session = make_session(head_assessor=head_assessor, status=SessionStatus.CLOSED)
    session.assessors.add(assessor)
    (seat,) = seat_candidates(session, 1, scheduler)

    with pytest.raises(ResultError) as refused:
        result_record(seat=seat, actor=assessor, outcome=Outcome.PASSED)

    assert "setelah sesi uji dimulai" in refused.value.message


def test_an_absent_or_unmarked_candidate_gets_no_pass_or_fail(panel, assessor):
    _session, (absent, unmarked, *_rest) = panel
    mark([absent], Attendance.ABSENT, assessor)

    for seat in (absent, unmarked):
        with pytest.raises(ResultError) as refused:
            result_record(seat=seat, actor=assessor, outcome=Outcome.FAILED)
        assert "Catat dahulu bahwa peserta ini hadir" in refused.value.message
    assert not Result.objects.exists()


def test_absent_is_not_recorded_as_an_outcome(panel, assessor):
    _session, (seat, *_rest) = panel
    mark([seat], Attendance.PRESENT, assessor)

    with pytest.raises(ResultError):
        result_record(seat=seat, actor=assessor, outcome=Outcome.ABSENT)


@pytest.mark.parametrize(
    ("unit_outcomes", "message"),
    [
        ({"XYZ.99": UnitOutcome.COMPETENT}, "XYZ.99 tidak termasuk dalam layanan ini"),
        ({"PUS.01": "excellent"}, "harus “Kompeten” atau “Belum kompeten”"),
    ],
    ids=["unknown-unit", "unknown-value"],
)
def test_unit_results_must_be_the_services_units(panel, assessor, units, unit_outcomes, message):
    _session, (seat, *_rest) = panel
    mark([seat], Attendance.PRESENT, assessor)

    with pytest.raises(ResultError) as refused:
        result_record(
            seat=seat, actor=assessor, outcome=Outcome.PASSED, unit_outcomes=unit_outcomes
        )

    assert message in refused.value.message
    assert not Result.objects.exists()


@pytest.mark.parametrize("score", ["100.5", "-1", "abc"])
def test_a_score_outside_0_to_100_is_refused(panel, assessor, score):
    _session, (seat, *_rest) = panel
    mark([seat], Attendance.PRESENT, assessor)

    with pytest.raises(ResultError) as refused:
        result_record(seat=seat, actor=assessor, outcome=Outcome.PASSED, score=score)

    assert refused.value.message == "Nilai harus berupa angka 0 sampai 100."


def test_results_are_not_recorded_in_a_cancelled_session(panel, assessor):
    session, (seat, *_rest) = panel
    mark([seat], Attendance.PRESENT, assessor)
    ExamSession.objects.filter(pk=session.pk).update(status=SessionStatus.CANCELLED)

    with pytest.raises(ResultError) as refused:
        result_record(seat=seat, actor=assessor, outcome=Outcome.PASSED)

    assert "dibatalkan" in refused.value.message


def test_a_draft_never_reaches_the_candidates_timeline(panel, assessor):
    _session, (seat, *_rest) = panel
    mark([seat], Attendance.PRESENT, assessor)
    before = list(event_list(subject=seat.application).values_list("pk", flat=True))

    result_record(seat=seat, actor=assessor, outcome=Outcome.FAILED, notes="Rahasia panel")

    timeline = event_list(subject=seat.application)
    assert list(timeline.values_list("pk", flat=True)) == before
    assert not timeline.filter(kind__startswith="result").exists()
    assert not any("Rahasia panel" in e.note or "Tidak lulus" in e.note for e in timeline)
    seat.application.refresh_from_db()
    assert seat.application.status == ApplicationStatus.SCHEDULED


# Publishing -----------------------------------------------------------------------------------


def complete(panel, assessor):
    """Passed, failed and absent: one of each."""
    session, (passed, failed, absent) = panel
    mark([passed, failed], Attendance.PRESENT, assessor)
    mark([absent], Attendance.ABSENT, assessor)
    result_record(seat=passed, actor=assessor, outcome=Outcome.PASSED, score=88)
    result_record(seat=failed, actor=assessor, outcome=Outcome.FAILED, score=51)
    return session, passed, failed, absent


def test_only_the_head_of_panel_publishes(panel, assessor):
    session, *_seats = complete(panel, assessor)

    with pytest.raises(NotHeadOfPanel) as refused:
        result_publish(session=session, actor=assessor)

    assert refused.value.message == "Hanya ketua panel sesi ini yang dapat melakukannya."
    session.refresh_from_db()
    assert session.results_published_at is None


def test_publishing_refuses_missing_attendance_and_results_with_counts(
    panel, assessor, head_assessor
):
    session, (present, _unmarked, recorded) = panel
    mark([present, recorded], Attendance.PRESENT, assessor)
    result_record(seat=recorded, actor=assessor, outcome=Outcome.PASSED)

    with pytest.raises(ResultsIncomplete) as refused:
        result_publish(session=session, actor=head_assessor)

    assert refused.value.message == (
        "Hasil belum dapat diumumkan: kehadiran 1 peserta belum dicatat dan hasil 1 peserta "
        "yang hadir belum diisi."
    )
    assert Result.objects.get().status == ResultStatus.DRAFT


def test_an_open_session_whose_booking_time_is_over_is_published_without_closing_it_first(
    make_session, scheduler, head_assessor
):
    session, seats = panel_session(make_session, scheduler, head=head_assessor, seats=1)
    ExamSession.objects.filter(pk=session.pk).update(status=SessionStatus.OPEN)
    mark(seats, Attendance.ABSENT, head_assessor)

    assert result_publish(session=session, actor=head_assessor) == 1

    session.refresh_from_db()
    assert session.status == SessionStatus.HELD
    changes = event_list(subject=session).filter(kind="status").order_by("pk")
    assert [(e.from_state, e.to_state, e.actor) for e in changes] == [
        (SessionStatus.OPEN, SessionStatus.CLOSED, None),
        (SessionStatus.CLOSED, SessionStatus.HELD, head_assessor),
    ]


def test_an_open_session_before_its_booking_closes_is_not_published(make_session, head_assessor):
    session = make_session(head_assessor=head_assessor)

    with pytest.raises(ResultError) as refused:
        result_publish(session=session, actor=head_assessor)

    assert refused.value.message == "Tutup pemesanan sesi terlebih dahulu."


def test_publishing_moves_every_application_and_mails_each_candidate_once(
    panel, assessor, head_assessor, django_capture_on_commit_callbacks
):
    session, passed, failed, absent = complete(panel, assessor)

    with django_capture_on_commit_callbacks(execute=True):
        count = result_publish(session=session, actor=head_assessor)

    assert count == 3
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD
    assert session.results_published_by == head_assessor
    assert session.results_published_at is not None
    statuses = {}
    for seat in (passed, failed, absent):
        seat.refresh_from_db()
        seat.application.refresh_from_db()
        statuses[seat.pk] = (seat.application.status, seat.is_active, seat.result.outcome)
        assert seat.result.status == ResultStatus.PUBLISHED
        assert seat.result.published_at == session.results_published_at
    assert statuses == {
        passed.pk: (ApplicationStatus.PASSED, True, Outcome.PASSED),
        failed.pk: (ApplicationStatus.FAILED, True, Outcome.FAILED),
        absent.pk: (ApplicationStatus.VERIFIED, False, Outcome.ABSENT),
    }
    (published,) = event_list(subject=absent.application).filter(kind="result_published")
    assert "Tidak hadir" in published.note

    results_mail = [m for m in mail.outbox if m.subject == "Hasil uji kompetensi Anda"]
    by_recipient = {message.to[0]: message for message in results_mail}
    assert len(results_mail) == 3
    # ...and the candidate who passed is asked to check the certificate data.
    assert [m.to[0] for m in mail.outbox if m not in results_mail] == [
        passed.application.candidate.email
    ]
    assert set(by_recipient) == {s.application.candidate.email for s in (passed, failed, absent)}
    passed_mail = by_recipient[passed.application.candidate.email]
    assert passed_mail.subject == "Hasil uji kompetensi Anda"
    assert "Hasil: Lulus" in passed_mail.body
    assert "Nilai: 88" in passed_mail.body
    assert "periksa dan konfirmasi di dasbor" in passed_mail.body
    assert "/dashboard/" in passed_mail.body
    assert "mengajukan uji kompetensi kembali" in (
        by_recipient[failed.application.candidate.email].body
    )
    assert "memilih jadwal ujian" in by_recipient[absent.application.candidate.email].body


def test_an_absent_candidate_may_be_seated_again_after_publication(
    panel, assessor, head_assessor, make_session, scheduler
):
    session, _passed, _failed, absent = complete(panel, assessor)
    result_publish(session=session, actor=head_assessor)

    seat = seat_take(session=make_session(), application=absent.application, actor=scheduler)

    assert seat.is_active
    assert Seat.objects.filter(application=absent.application).count() == 2


def test_publishing_twice_is_refused_and_sends_nothing_more(
    panel, assessor, head_assessor, django_capture_on_commit_callbacks
):
    session, *_seats = complete(panel, assessor)
    with django_capture_on_commit_callbacks(execute=True):
        result_publish(session=session, actor=head_assessor)
    mail.outbox.clear()

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ResultsPublished) as refused,
    ):
        result_publish(session=session, actor=head_assessor)

    assert refused.value.message == "Hasil sesi ini sudah diumumkan."
    assert mail.outbox == []


def test_a_published_session_is_locked_for_drafts(panel, assessor, head_assessor):
    session, passed, *_seats = complete(panel, assessor)
    result_publish(session=session, actor=head_assessor)

    with pytest.raises(SchedulingError):
        result_record(seat=passed, actor=head_assessor, outcome=Outcome.FAILED)

    passed.result.refresh_from_db()
    assert passed.result.outcome == Outcome.PASSED


# Amendments -----------------------------------------------------------------------------------


@pytest.fixture
def published(panel, assessor, head_assessor):
    session, passed, failed, absent = complete(panel, assessor)
    result_publish(session=session, actor=head_assessor)
    for seat in (passed, failed, absent):
        seat.refresh_from_db()
    return session, passed, failed, absent


def test_an_amendment_needs_a_reason(published, head_assessor):
    _session, passed, *_seats = published

    with pytest.raises(ResultError) as refused:
        result_amend(result=passed.result, actor=head_assessor, reason="  ", outcome=Outcome.FAILED)

    assert refused.value.message == "Tuliskan alasan ralat."
    assert not ResultAmendment.objects.exists()


def test_only_the_head_of_panel_amends(published, assessor):
    _session, passed, *_seats = published

    with pytest.raises(NotHeadOfPanel):
        result_amend(result=passed.result, actor=assessor, reason="Salah", outcome=Outcome.FAILED)


def test_a_draft_is_not_amended(panel, assessor, head_assessor):
    _session, passed, *_seats = complete(panel, assessor)

    with pytest.raises(ResultError) as refused:
        result_amend(
            result=passed.result, actor=head_assessor, reason="Salah", outcome=Outcome.FAILED
        )

    assert "belum diumumkan" in refused.value.message


def test_amending_fail_to_pass_keeps_history_moves_the_application_and_mails(
    published, head_assessor, django_capture_on_commit_callbacks
):
    _session, _passed, failed, _absent = published
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        amendment = result_amend(
            result=failed.result,
            actor=head_assessor,
            reason="Salah jumlah nilai lembar kedua.",
            outcome=Outcome.PASSED,
            score="76",
            notes="Dihitung ulang",
        )

    assert amendment.before == {
        "outcome": "failed",
        "score": "51.00",
        "unit_outcomes": {},
        "notes": "",
    }
    assert amendment.after == {
        "outcome": "passed",
        "score": "76.00",
        "unit_outcomes": {},
        "notes": "Dihitung ulang",
    }
    assert amendment.actor == head_assessor
    failed.result.refresh_from_db()
    assert (failed.result.outcome, failed.result.status) == (Outcome.PASSED, ResultStatus.PUBLISHED)
    failed.application.refresh_from_db()
    assert failed.application.status == ApplicationStatus.PASSED
    (event,) = event_list(subject=failed.application).filter(kind="result_amended")
    assert (event.from_state, event.to_state) == (Outcome.FAILED, Outcome.PASSED)
    assert "Salah jumlah nilai lembar kedua." in event.note
    (message,) = [m for m in mail.outbox if m.subject == "Ralat hasil uji kompetensi Anda"]
    assert message.to == [failed.application.candidate.email]
    assert "Hasil: Lulus" in message.body
    assert "Alasan ralat: Salah jumlah nilai lembar kedua." in message.body


def test_amending_only_the_score_leaves_the_application(published, head_assessor):
    _session, passed, *_seats = published

    result_amend(
        result=passed.result, actor=head_assessor, reason="Typo", outcome=Outcome.PASSED, score=90
    )

    passed.application.refresh_from_db()
    assert passed.application.status == ApplicationStatus.PASSED
    assert (
        not event_list(subject=passed.application)
        .filter(kind="status", from_state=ApplicationStatus.PASSED)
        .exists()
    )


@pytest.mark.parametrize(
    ("which", "outcome"),
    [("absent", Outcome.PASSED), ("passed", Outcome.ABSENT)],
    ids=["absent-to-passed", "passed-to-absent"],
)
def test_attendance_is_not_amended_through_the_outcome(published, head_assessor, which, outcome):
    _session, passed, _failed, absent = published
    seat = {"absent": absent, "passed": passed}[which]

    with pytest.raises(ResultError) as refused:
        result_amend(result=seat.result, actor=head_assessor, reason="Salah", outcome=outcome)

    assert "Kehadiran peserta sudah diumumkan" in refused.value.message
    assert not ResultAmendment.objects.exists()


def test_an_amendment_that_changes_nothing_is_refused(published, head_assessor):
    _session, passed, *_seats = published

    with pytest.raises(ResultError):
        result_amend(
            result=passed.result,
            actor=head_assessor,
            reason="Tidak ada",
            outcome=Outcome.PASSED,
            score=88,
        )


def test_a_fail_is_not_amended_to_pass_once_a_new_application_is_open(published, head_assessor):
    _session, _passed, failed, _absent = published
    ApplicationFactory(candidate=failed.application.candidate, status=ApplicationStatus.SUBMITTED)

    with pytest.raises(ResultError) as refused:
        result_amend(
            result=failed.result, actor=head_assessor, reason="Salah", outcome=Outcome.PASSED
        )

    assert "pengajuan baru" in refused.value.message
    failed.result.refresh_from_db()
    assert failed.result.outcome == Outcome.FAILED
    assert not ResultAmendment.objects.exists()
