"""The candidate's schedule page: choosing a session, moving, giving the seat back, and the
committee-assigned variant. Everything is looked up from the logged-in candidate."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.constants import SeatAssignment
from portal.events import event_list
from portal.models import Service
from registration.constants import ApplicationStatus
from scheduling.constants import SessionMode
from scheduling.models import ExamSession, Seat
from scheduling.services import seat_take
from tests.factories import SERVICE_SLUG, ApplicationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

PAGE = "/jadwal-ujian/"
TAKE = "/jadwal-ujian/pilih/"
MOVE = "/jadwal-ujian/ganti/"
RELEASE = "/jadwal-ujian/batalkan/"


@pytest.fixture
def application():
    return ApplicationFactory(status=ApplicationStatus.VERIFIED)


@pytest.fixture
def candidate_client(client, application):
    client.force_login(application.candidate)
    return client


@pytest.fixture
def committee_service():
    service = Service.objects.get(slug=SERVICE_SLUG)
    service.seat_assignment = SeatAssignment.COMMITTEE
    service.save(update_fields=["seat_assignment"])
    return service


def shown_messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_urls_are_where_the_candidate_expects_them():
    assert reverse("exam_schedule") == PAGE
    assert reverse("exam_seat_take") == TAKE
    assert reverse("exam_seat_move") == MOVE
    assert reverse("exam_seat_release") == RELEASE


def test_an_anonymous_visitor_is_sent_to_login(client):
    for path in (PAGE, RELEASE):
        response = client.get(path)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    assert client.post(TAKE).url.startswith(reverse("account_login"))


def test_staff_are_sent_to_their_own_home(client, verifier):
    client.force_login(verifier)

    response = client.get(PAGE)

    assert response.status_code == 302
    assert response.url == reverse("staff_home")


def test_a_verified_candidate_sees_the_open_sessions_in_wib(candidate_client, make_session):
    make_session(
        # 02.00 UTC is 09.00 WIB, on a Monday.
        starts_at=datetime(2030, 12, 2, 2, 0, tzinfo=UTC),
        ends_at=datetime(2030, 12, 2, 5, 0, tzinfo=UTC),
        capacity=5,
        platform="Zoom",
    )
    make_session(
        starts_at=datetime(2030, 12, 3, 1, 0, tzinfo=UTC),
        mode=SessionMode.OFFLINE,
        meeting_link="",
        platform="",
        venue="Gedung Perpustakaan Nasional, Lantai 4",
    )

    page = candidate_client.get(PAGE).content.decode()

    assert "Pilih jadwal ujian" in page
    assert "Senin, 2 Desember 2030" in page
    assert "09.00–12.00 WIB" in page  # noqa: RUF001 - the dash the page prints
    assert "Daring" in page
    assert "Zoom" in page
    assert "Luring" in page
    assert "Gedung Perpustakaan Nasional, Lantai 4" in page
    assert "5 dari 5" in page
    assert page.count("Pilih sesi ini") == 2
    # The link is the candidate's only once seated, and only just before the start.
    assert "zoom.example.test" not in page


def test_a_full_session_is_shown_disabled(candidate_client, make_session):
    full = make_session(capacity=1)
    other = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    seat_take(session=full, application=other, actor=other.candidate)

    page = candidate_client.get(PAGE).content.decode()

    assert "Penuh" in page
    assert "disabled" in page
    assert f'name="session" value="{full.pk}"' not in page


def test_a_session_whose_booking_has_not_opened_says_when_it_opens(candidate_client, make_session):
    now = timezone.now()
    make_session(booking_opens_at=now + timedelta(days=2))

    page = candidate_client.get(PAGE).content.decode()

    assert "Dibuka " in page
    assert "Pilih sesi ini" not in page


def test_choosing_a_session_takes_one_seat_and_shows_it_on_the_dashboard(
    candidate_client, application, make_session, django_capture_on_commit_callbacks
):
    session = make_session(
        starts_at=datetime(2030, 12, 2, 2, 0, tzinfo=UTC),
        ends_at=datetime(2030, 12, 2, 5, 0, tzinfo=UTC),
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = candidate_client.post(TAKE, {"session": session.pk})

    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    seat = Seat.objects.get(application=application)
    assert seat.session == session
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SCHEDULED
    assert len(mail.outbox) == 1
    dashboard = candidate_client.get(response.url).content.decode()
    assert "tersimpan" in dashboard  # the success message
    assert "Ujian Anda" in dashboard
    assert "Senin, 2 Desember 2030, 09.00–12.00 WIB" in dashboard  # noqa: RUF001


def test_a_double_click_keeps_one_seat_and_explains(candidate_client, application, make_session):
    first, second = make_session(), make_session()

    candidate_client.post(TAKE, {"session": first.pk})
    response = candidate_client.post(TAKE, {"session": second.pk})

    assert response.status_code == 302
    assert response.url == PAGE
    assert any("sudah mendapat kursi" in text for text in shown_messages(response))
    assert list(Seat.objects.filter(application=application).values_list("session", flat=True)) == [
        first.pk
    ]


def test_a_full_session_is_refused_with_a_message_not_an_error(
    candidate_client, application, make_session
):
    full = make_session(capacity=1)
    other = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    seat_take(session=full, application=other, actor=other.candidate)

    response = candidate_client.post(TAKE, {"session": full.pk})

    assert response.status_code == 302
    assert "Sesi ini sudah penuh. Pilih sesi lain." in shown_messages(response)
    assert not Seat.objects.filter(application=application).exists()


def test_a_session_of_another_service_cannot_be_chosen(candidate_client, application):
    other_service = ServiceFactory(name="Layanan lain", slug="layanan-lain")
    now = timezone.now()
    foreign = ExamSession.objects.create(
        service=other_service,
        starts_at=now + timedelta(days=14),
        ends_at=now + timedelta(days=14, hours=3),
        mode=SessionMode.ONLINE,
        capacity=5,
        booking_opens_at=now - timedelta(days=1),
        booking_closes_at=now + timedelta(days=7),
        status="open",
    )

    response = candidate_client.post(TAKE, {"session": foreign.pk})

    assert "Sesi yang dipilih tidak ditemukan." in shown_messages(response)
    assert not Seat.objects.exists()


def test_a_candidate_without_a_verified_application_cannot_choose_yet(client, make_session):
    application = ApplicationFactory(submitted=True)
    session = make_session()
    client.force_login(application.candidate)

    page = client.get(PAGE).content.decode()
    response = client.post(TAKE, {"session": session.pk})

    assert "setelah berkas pengajuan Anda diverifikasi" in page
    assert "Pilih sesi ini" not in page
    assert response.status_code == 302
    assert any("terverifikasi" in text for text in shown_messages(response))
    assert not Seat.objects.exists()


def test_a_seated_candidate_moves_to_another_session(candidate_client, application, make_session):
    first = make_session()
    second = make_session(starts_at=datetime(2030, 12, 3, 2, 0, tzinfo=UTC))
    seat = seat_take(session=first, application=application, actor=application.candidate)

    page = candidate_client.get(PAGE).content.decode()
    response = candidate_client.post(MOVE, {"session": second.pk})

    assert "Ganti jadwal" in page
    assert "Pindah ke sesi ini" in page
    assert f'name="session" value="{first.pk}"' not in page  # not offered its own session
    assert response.status_code == 302
    assert any("Selasa, 3 Desember 2030" in text for text in shown_messages(response))
    seat.refresh_from_db()
    assert seat.session == second
    assert Seat.objects.filter(application=application).count() == 1


def test_a_seated_candidate_gives_the_seat_back_with_a_reason(
    candidate_client, application, make_session, django_capture_on_commit_callbacks
):
    seat = seat_take(session=make_session(), application=application, actor=application.candidate)

    confirm = candidate_client.get(RELEASE)
    with django_capture_on_commit_callbacks(execute=True):
        response = candidate_client.post(RELEASE, {"reason": "Dinas luar kota"})

    assert confirm.status_code == 200
    assert "Ya, batalkan kursi" in confirm.content.decode()
    assert response.status_code == 302
    assert not Seat.objects.filter(pk=seat.pk).exists()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.VERIFIED
    released = event_list(subject=application).get(kind="seat_released")
    assert "Dinas luar kota" in released.note
    (message,) = mail.outbox
    assert "Dinas luar kota" in message.body


def test_after_the_booking_window_the_seat_can_no_longer_be_changed(
    candidate_client, application, make_session
):
    session = make_session()
    seat = seat_take(session=session, application=application, actor=application.candidate)
    ExamSession.objects.filter(pk=session.pk).update(
        booking_closes_at=timezone.now() - timedelta(hours=1)
    )
    other = make_session()

    page = candidate_client.get(PAGE).content.decode()
    confirm = candidate_client.get(RELEASE)
    release = candidate_client.post(RELEASE, {"reason": ""})
    move = candidate_client.post(MOVE, {"session": other.pk})

    assert "Hubungi panitia bila berhalangan" in page
    assert RELEASE not in page
    assert "Pindah ke sesi ini" not in page
    assert confirm.status_code == 302
    assert release.status_code == 302
    assert any("Hubungi panitia" in text for text in shown_messages(release))
    assert move.status_code == 302
    seat.refresh_from_db()
    assert seat.is_active
    assert seat.session == session


def test_another_candidate_can_neither_see_nor_change_someone_elses_seat(
    client, application, make_session
):
    session = make_session(meeting_link="https://zoom.example.test/j/rahasia")
    seat = seat_take(session=session, application=application, actor=application.candidate)
    intruder = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    client.force_login(intruder.candidate)

    page = client.get(PAGE).content.decode()
    release = client.post(RELEASE, {"reason": "iseng"})
    move = client.post(MOVE, {"session": make_session().pk})

    assert "Ujian Anda" not in page
    assert "Pilih sesi ini" in page  # the intruder's own choice, nothing of the other seat
    assert "rahasia" not in page
    assert release.status_code == 302
    assert move.status_code == 302
    seat.refresh_from_db()
    assert seat.is_active
    assert seat.session == session
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SCHEDULED


def test_with_committee_assignment_the_candidate_waits_and_cannot_choose(
    candidate_client, application, make_session, committee_service
):
    session = make_session()

    page = candidate_client.get(PAGE).content.decode()
    response = candidate_client.post(TAKE, {"session": session.pk})

    assert "Panitia akan menetapkan jadwal Anda dan memberi tahu lewat e-mail." in page
    assert "Pilih sesi ini" not in page
    assert "ditetapkan oleh panitia" in " ".join(shown_messages(response))
    assert not Seat.objects.exists()


def test_with_committee_assignment_a_new_schedule_needs_a_reason(
    candidate_client, application, make_session, committee_service, scheduler
):
    seat = seat_take(session=make_session(), application=application, actor=scheduler)

    page = candidate_client.get(PAGE).content.decode()
    refused = candidate_client.post(RELEASE, {"reason": "  "})
    accepted = candidate_client.post(RELEASE, {"reason": "Sakit, ada surat dokter"})

    assert "Minta jadwal ulang" in page
    assert "Ganti jadwal" not in page
    assert refused.status_code == 400
    assert "Tuliskan alasan Anda meminta jadwal ulang." in refused.content.decode()
    assert accepted.status_code == 302
    assert not Seat.objects.filter(pk=seat.pk).exists()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.VERIFIED
    released = event_list(subject=application).get(kind="seat_released")
    assert "meminta jadwal ulang: Sakit, ada surat dokter" in released.note


@pytest.mark.parametrize("count", [2, 8])
def test_the_page_takes_the_same_queries_however_many_sessions(
    candidate_client, make_session, count
):
    for _ in range(count):
        session = make_session(capacity=3)
        other = ApplicationFactory(status=ApplicationStatus.VERIFIED)
        seat_take(session=session, application=other, actor=other.candidate)

    with CaptureQueriesContext(connection) as queries:
        page = candidate_client.get(PAGE).content.decode()

    assert page.count("Pilih sesi ini") == count
    assert page.count("2 dari 3") == count
    # Session, user, service, application, sessions, absent result, waiting-list entry, roles,
    # and the hours and complaint channels of the service's provider (header and footer): for 2
    # or 8 alike.
    assert len(queries) <= 10


def test_an_absent_candidates_old_seat_does_not_take_a_place(candidate_client, make_session):
    session = make_session(capacity=2)
    absent = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    Seat.objects.create(
        session=session, application=absent, is_active=False, created_by=absent.candidate
    )

    page = candidate_client.get(PAGE).content.decode()

    assert "2 dari 2" in page
