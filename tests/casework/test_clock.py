"""The engine's clocks on real 2026 dates: Nyepi and Idul Fitri with their cuti bersama in March,
Imlek with its cuti bersama in February, Good Friday and Labour Day. Counting follows
portal.deadlines: the anchor day itself is never counted; a pause from day p to day q covers the
working days d with p < d <= q."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.clock import completion_clock, pauses_of, step_clock
from casework.models import CasePause, ExamSession
from casework.selectors import case_timeline
from casework.services.engine import case_return, case_step_complete, case_submit
from casework.workflow import Action
from portal.constants import Role, StepKind

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=9):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def test_completion_range_is_due_at_the_minimum_and_overdue_past_the_maximum(
    make_case, operator, bkpsdm_staff, certification
):
    """Declared complete and correct on Friday 13 March 2026: 14 working days skip Nyepi, Idul
    Fitri, their cuti bersama (18-24 March) and Good Friday (3 April): due Friday 10 April.
    30 working days also skip Labour Day (1 May): overdue after Tuesday 5 May."""
    case = make_case()
    case.clock_started_at = at(2026, 3, 13)
    limit_row = certification.completion_limit

    on_due = completion_clock(case, limit_row=limit_row, pauses=[], as_of=at(2026, 4, 10))
    assert on_due.reading.due == datetime.date(2026, 4, 10)
    assert on_due.reading.due_latest == datetime.date(2026, 5, 5)
    assert not on_due.reading.past_due

    late = completion_clock(case, limit_row=limit_row, pauses=[], as_of=at(2026, 4, 13))
    assert late.reading.past_due and not late.reading.overdue

    overdue = completion_clock(case, limit_row=limit_row, pauses=[], as_of=at(2026, 5, 6))
    assert overdue.reading.overdue
    assert on_due.limit_text.startswith("14 (empat belas) sampai dengan 30 (tiga puluh)")


def test_completion_clock_has_no_date_before_the_file_is_complete(make_case, certification):
    clock = completion_clock(make_case(), limit_row=certification.completion_limit, pauses=[])
    assert clock.reading is None
    assert "sejak berkas dinyatakan lengkap dan benar" in clock.limit_text


def test_a_return_pauses_the_step_clock_over_imlek(
    make_case, operator, bkpsdm_staff, certification
):
    """A completeness check limited (by the provider) to 3 working days, started on Thursday 12
    February 2026: due Thursday 19 February (16 Feb cuti bersama, 17 Feb Imlek). Returned on
    the 13th and resubmitted on the 19th, the office waited 2 working days (18, 19 Feb):
    due Monday 23 February."""
    certification.steps.filter(kind=StepKind.COMPLETENESS_CHECK).update(
        limit_unit="working_days", limit_amount=3
    )
    verifier = bkpsdm_staff[Role.VERIFIER]
    case = case_submit(case=make_case(), actor=operator)
    run = case.runs.get(finished_at__isnull=True)
    run.started_at = at(2026, 2, 12)
    run.save()

    unpaused = step_clock(run, case=case, pauses=[], as_of=at(2026, 2, 12))
    assert unpaused.reading.due == datetime.date(2026, 2, 19)

    case = case_return(case=case, actor=verifier, reason="SKP terakhir belum dilampirkan.")
    CasePause.objects.filter(case=case).update(started_at=at(2026, 2, 13))
    waiting = step_clock(run, case=case, pauses=pauses_of(case.pauses.all()), as_of=at(2026, 2, 18))
    assert waiting.reading.paused

    case = case_submit(case=case, actor=operator)
    CasePause.objects.filter(case=case).update(ended_at=at(2026, 2, 19, 14))
    resumed = step_clock(run, case=case, pauses=pauses_of(case.pauses.all()), as_of=at(2026, 2, 20))
    assert not resumed.reading.paused
    assert resumed.reading.paused_for == 2
    assert resumed.reading.due == datetime.date(2026, 2, 23)


def test_a_limit_before_the_exam_reads_from_the_session(
    make_case, operator, bkpsdm_staff, certification
):
    """ "Paling lambat 5 hari kerja sebelum kegiatan": for an exam on Thursday 26 March 2026 the
    five working days are 26, 25, 17, 16 and 13 March (18-24 March are Nyepi, Idul Fitri and
    their cuti bersama): done by Thursday 12 March."""
    certification.steps.filter(kind=StepKind.DECISION).update(
        limit_unit="working_days", limit_amount=5, limit_anchor="before", limit_event="kegiatan"
    )
    verifier = bkpsdm_staff[Role.VERIFIER]
    case = case_submit(case=make_case(), actor=operator)
    case = case_step_complete(case=case, actor=verifier, action=Action.ACCEPT)
    case = case_step_complete(case=case, actor=verifier, action=Action.ACCEPT)
    run = case.runs.get(finished_at__isnull=True)
    assert run.step.kind == StepKind.DECISION

    assert step_clock(run, case=case, pauses=[]).reading is None  # no session yet

    case.exam_session = ExamSession.objects.create(
        service=certification,
        organiser="LSP Contoh",
        scheme="Pranata Komputer",
        starts_at=at(2026, 3, 26),
        place="TUK BKPSDM",
    )
    clock = step_clock(run, case=case, pauses=[], as_of=at(2026, 3, 12))
    assert clock.reading.due == datetime.date(2026, 3, 12)
    assert not clock.reading.overdue
    assert step_clock(run, case=case, pauses=[], as_of=at(2026, 3, 13)).reading.overdue
    assert clock.limit_text == "paling lambat 5 (lima) hari kerja sebelum kegiatan"


def test_timeline_lists_every_step_and_shows_the_pause(make_case, operator, bkpsdm_staff):
    verifier = bkpsdm_staff[Role.VERIFIER]
    case = case_submit(case=make_case(), actor=operator)
    case = case_return(case=case, actor=verifier, reason="Pas foto buram.")
    timeline = case_timeline(case=case)
    assert len(timeline.steps) == 9
    current = [entry for entry in timeline.steps if entry.current]
    assert [entry.step.kind for entry in current] == [StepKind.COMPLETENESS_CHECK]
    assert [pause.reason for pause in current[0].pauses] == ["Pas foto buram."]
    assert timeline.steps[0].done and not timeline.steps[2].runs


def test_timeline_costs_the_same_queries_for_a_longer_history(
    make_case, operator, bkpsdm_staff, django_assert_num_queries
):
    verifier = bkpsdm_staff[Role.VERIFIER]
    short = case_submit(case=make_case(), actor=operator)
    long = case_submit(case=make_case(nip="197505101999031002"), actor=operator)
    for _ in range(3):
        long = case_return(case=long, actor=verifier, reason="Perbaiki.")
        long = case_submit(case=long, actor=operator)
    long = case_step_complete(case=long, actor=verifier, action=Action.ACCEPT)
    with CaptureQueriesContext(connection) as short_queries:
        case_timeline(case=short)
    with django_assert_num_queries(len(short_queries.captured_queries)):
        case_timeline(case=long)
