"""The dashboard's exam part: the seat with its time in WIB, the meeting link only just before
the exam, what to prepare, and the published result (never a draft) with what comes next."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.constants import SeatAssignment
from portal.events import event_record
from portal.models import CompetencyUnit, Service
from registration.constants import ApplicationStatus
from scheduling.candidate_selectors import LINK_VISIBLE_BEFORE, result_published_latest
from scheduling.constants import Outcome, ResultStatus, SessionStatus, UnitOutcome
from scheduling.models import ExamSession, Result, Seat
from scheduling.services import seat_move, seat_take
from tests.factories import SERVICE_SLUG, ApplicationFactory

pytestmark = pytest.mark.django_db

LINK = "https://zoom.example.test/j/55501"


def dashboard(client, application) -> str:
    client.force_login(application.candidate)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def scheduled(make_session, **session_fields):
    """A candidate seated in a new session. A start already past is set after the seat is
    taken: booking closes at the start at the latest."""
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    starts_at = session_fields.get("starts_at")
    started = starts_at is not None and starts_at <= timezone.now()
    if started:
        del session_fields["starts_at"]
    session = make_session(meeting_link=LINK, **session_fields)
    seat_take(session=session, application=application, actor=application.candidate)
    if started:
        ExamSession.objects.filter(pk=session.pk).update(
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=3),
            booking_closes_at=min(session.booking_closes_at, starts_at),
        )
    application.refresh_from_db()
    return application


def sat(application, make_session, recorder, *, outcome, published=True, **fields) -> Result:
    """A sitting two days ago with its result, published or still a draft."""
    session = make_session(starts_at=timezone.now() - timedelta(days=2), status=SessionStatus.HELD)
    seat = Seat.objects.create(
        session=session,
        application=application,
        created_by=application.candidate,
        is_active=outcome != Outcome.ABSENT,
        attendance="absent" if outcome == Outcome.ABSENT else "present",
    )
    return Result.objects.create(
        seat=seat,
        outcome=outcome,
        status=ResultStatus.PUBLISHED if published else ResultStatus.DRAFT,
        published_at=timezone.now() if published else None,
        recorded_by=recorder,
        **fields,
    )


def test_the_exam_is_shown_with_its_day_and_hours_in_wib(client, make_session):
    application = scheduled(
        make_session,
        # 02.00 to 05.00 UTC is 09.00 to 12.00 WIB, on a Monday.
        starts_at=datetime(2030, 12, 2, 2, 0, tzinfo=UTC),
        ends_at=datetime(2030, 12, 2, 5, 0, tzinfo=UTC),
        platform="Zoom",
    )

    page = dashboard(client, application)

    assert "Ujian Anda" in page
    assert "Senin, 2 Desember 2030, 09.00–12.00 WIB" in page  # noqa: RUF001
    assert "Daring · Zoom" in page
    assert "Tautan ujian tampil 60 menit sebelum ujian dimulai." in page
    assert LINK not in page
    # The service's preparation text, line by line.
    assert "KTP dan Kartu Pegawai asli untuk pencocokan identitas." in page
    assert f'href="{reverse("exam_schedule")}"' in page
    assert "Ganti jadwal" in page
    assert "Terjadwal" in page


def test_the_sessions_own_preparation_replaces_the_services(client, make_session):
    application = scheduled(make_session, instructions="Bawa laptop sendiri.\nDatang 08.30.")

    page = dashboard(client, application)

    assert "Bawa laptop sendiri.<br>Datang 08.30." in page
    assert "KTP dan Kartu Pegawai asli" not in page


def test_an_exam_at_a_venue_shows_the_venue(client, make_session):
    application = scheduled(
        make_session, mode="offline", platform="", venue="Gedung Perpusnas, Ruang Uji 2"
    )

    page = dashboard(client, application)

    assert "Luring" in page
    assert "Gedung Perpusnas, Ruang Uji 2" in page


@pytest.mark.parametrize(
    ("starts_in", "shown"),
    [
        (LINK_VISIBLE_BEFORE + timedelta(minutes=2), False),
        (LINK_VISIBLE_BEFORE - timedelta(minutes=2), True),
        (timedelta(minutes=-30), True),  # under way
        (timedelta(hours=-4), False),  # over (it lasts three hours)
    ],
    ids=["62-minutes-before", "58-minutes-before", "during", "after"],
)
def test_the_meeting_link_shows_only_from_60_minutes_before_until_the_end(
    client, make_session, starts_in, shown
):
    application = scheduled(make_session, starts_at=timezone.now() + starts_in)

    page = dashboard(client, application)

    assert (f'href="{LINK}"' in page) is shown
    if starts_in > LINK_VISIBLE_BEFORE:
        assert "Tautan ujian tampil 60 menit sebelum ujian dimulai." in page
    if starts_in < -timedelta(hours=3):
        assert "Sesi ujian sudah selesai." in page


def test_a_verified_candidate_is_asked_to_choose_a_session(client):
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED)

    page = dashboard(client, application)

    assert "Pilih jadwal ujian" in page
    assert f'class="btn" href="{reverse("exam_schedule")}"' in page


def test_with_committee_assignment_the_candidate_is_told_to_wait(client):
    Service.objects.filter(slug=SERVICE_SLUG).update(seat_assignment=SeatAssignment.COMMITTEE)
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED)

    page = dashboard(client, application)

    assert "Pilih jadwal ujian" not in page
    assert "panitia akan menetapkan jadwal Anda" in page


def test_a_draft_result_is_never_shown(client, make_session, assessor):
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    absent = sat(application, make_session, assessor, outcome=Outcome.ABSENT)
    seat = seat_take(session=make_session(), application=application, actor=application.candidate)
    draft = Result.objects.create(
        seat=seat,
        outcome=Outcome.FAILED,
        score=Decimal("41.37"),
        notes="Catatan draf asesor",
        recorded_by=assessor,
    )

    page = dashboard(client, application)

    assert "Hasil uji kompetensi" not in page
    assert "Catatan draf asesor" not in page
    assert "41,37" not in page
    assert "Tidak lulus" not in page
    # The newer sitting's draft is not the "latest result" either: the published one is.
    assert draft.seat.session.starts_at > absent.seat.session.starts_at
    assert result_published_latest(application=application) == absent


def test_a_published_pass_is_shown_with_units_score_notes_and_the_next_step(
    client, make_session, assessor
):
    service = Service.objects.get(slug=SERVICE_SLUG)
    CompetencyUnit.objects.create(
        service=service, code="PUS.01", order=1, title="Mengembangkan koleksi"
    )
    CompetencyUnit.objects.create(
        service=service, code="PUS.02", order=2, title="Melayani pemustaka"
    )
    application = ApplicationFactory(status=ApplicationStatus.PASSED)
    sat(
        application,
        make_session,
        assessor,
        outcome=Outcome.PASSED,
        score=Decimal("87.50"),
        unit_outcomes={"PUS.02": UnitOutcome.NOT_YET_COMPETENT, "PUS.01": UnitOutcome.COMPETENT},
        notes="Presentasi sangat baik.",
    )

    page = dashboard(client, application)

    result = page[page.index('id="hasil-ujian"') :]
    assert "Lulus" in result
    assert "87,50" in result
    assert result.index("Mengembangkan koleksi") < result.index("Melayani pemustaka")
    assert "Kompeten" in result
    assert "Belum kompeten" in result
    assert "Presentasi sangat baik." in result
    assert "Lulus — tahap berikutnya: validasi data sertifikat" in result


def test_a_failed_candidate_sees_the_result_and_may_start_again(client, make_session, assessor):
    application = ApplicationFactory(status=ApplicationStatus.FAILED)
    sat(application, make_session, assessor, outcome=Outcome.FAILED, score=Decimal("52"))

    page = dashboard(client, application)

    assert "Tidak lulus" in page
    assert "52" in page[page.index('id="hasil-ujian"') :]
    assert "Anda dapat mengajukan uji kompetensi kembali" in page
    assert "Mulai pengajuan baru" in page
    assert f'class="btn" href="{reverse("application")}">Mulai pengajuan baru' in page


def test_once_a_new_application_starts_the_old_failure_leaves_the_dashboard(
    client, make_session, assessor
):
    failed = ApplicationFactory(status=ApplicationStatus.FAILED)
    sat(failed, make_session, assessor, outcome=Outcome.FAILED, notes="Ulangi unit 2.")
    ApplicationFactory(candidate=failed.candidate)  # a new draft

    page = dashboard(client, failed)

    assert "Mulai pengajuan baru" not in page
    assert "Ulangi unit 2." not in page
    assert "Lanjutkan pengajuan" in page


def test_an_absent_candidate_is_told_and_may_choose_a_new_session(client, make_session, assessor):
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    sat(application, make_session, assessor, outcome=Outcome.ABSENT)

    page = dashboard(client, application)

    assert "Anda tercatat tidak hadir" in page
    assert f'href="{reverse("exam_schedule")}">pilih sesi ujian baru' in page


def test_an_absent_result_stays_off_the_page_once_a_new_seat_is_taken(
    client, make_session, assessor
):
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    sat(application, make_session, assessor, outcome=Outcome.ABSENT)
    seat_take(session=make_session(), application=application, actor=application.candidate)

    page = dashboard(client, application)

    assert "Ujian Anda" in page
    assert "Anda tercatat tidak hadir" not in page


def _queries(client, application) -> int:
    client.force_login(application.candidate)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("dashboard")).status_code == 200
    return len(queries)


def test_the_dashboard_queries_do_not_grow_with_seats_and_events(client, make_session, assessor):
    def candidate_with(history: int):
        """A candidate absent `history` times, then seated and moved `history` times."""
        application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
        for _ in range(history):
            sat(application, make_session, assessor, outcome=Outcome.ABSENT)
            event_record(subject=application, kind="session_changed", note="riwayat")
        seat = seat_take(
            session=make_session(), application=application, actor=application.candidate
        )
        for _ in range(history):
            seat = seat_move(seat=seat, to_session=make_session(), actor=application.candidate)
        return application

    def absent_with(history: int):
        application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
        for _ in range(history):
            sat(application, make_session, assessor, outcome=Outcome.ABSENT)
        return application

    assert _queries(client, candidate_with(1)) == _queries(client, candidate_with(6))
    assert _queries(client, absent_with(1)) == _queries(client, absent_with(6))
