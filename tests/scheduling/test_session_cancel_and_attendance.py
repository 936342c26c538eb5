"""Cancelling a session from its page (everyone seated is told why and waits for a new date)
and recording attendance, by the committee or an assessor of that session only."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from portal.constants import Role
from registration.constants import ApplicationStatus
from scheduling.constants import Attendance, SessionStatus
from scheduling.models import ExamSession, Seat
from scheduling.services import seat_take
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

REASON = "Ruang ujian dipakai untuk kegiatan lain; mohon maaf atas perubahan ini."


def transition_url(session) -> str:
    return reverse("scheduling_session_transition", args=[session.pk])


def attendance_url(session) -> str:
    return reverse("scheduling_attendance", args=[session.pk])


def seated(session, actor, count: int = 1) -> list[Seat]:
    return [
        seat_take(
            session=session,
            application=ApplicationFactory(status=ApplicationStatus.VERIFIED),
            actor=actor,
        )
        for _ in range(count)
    ]


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- Cancel -----------------------------------------------------------------------------------


def test_cancelling_returns_everyone_to_awaiting_schedule_and_mails_the_reason(
    client, scheduler, make_session, django_capture_on_commit_callbacks
):
    session = make_session()
    seats = seated(session, scheduler, 3)
    applications = [seat.application for seat in seats]
    client.force_login(scheduler)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            transition_url(session), {"to": SessionStatus.CANCELLED, "note": REASON}, follow=True
        )

    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert not Seat.objects.filter(session=session).exists()
    for application in applications:
        application.refresh_from_db()
        assert application.status == ApplicationStatus.VERIFIED
    assert (
        "Sesi dibatalkan. 3 peserta diberi tahu lewat e-mail dan kembali menunggu jadwal."
        in messages_of(response)
    )
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        application.candidate.email for application in applications
    )
    for message in mail.outbox:
        assert REASON in message.body
        (attachment,) = message.attachments
        calendar = Calendar.from_ical(attachment.content)
        assert str(calendar["METHOD"]) == "CANCEL"


def test_cancelling_without_a_reason_is_refused(client, scheduler, make_session):
    session = make_session()
    seated(session, scheduler)
    client.force_login(scheduler)

    response = client.post(transition_url(session), {"to": SessionStatus.CANCELLED, "note": " "})

    assert response.status_code == 200
    assert "Tuliskan alasan pembatalan" in response.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN
    assert Seat.objects.filter(session=session).count() == 1


def test_the_cancel_form_says_who_will_be_told(client, scheduler, make_session):
    session = make_session()
    seated(session, scheduler, 2)
    client.force_login(scheduler)

    html = client.get(reverse("scheduling_session", args=[session.pk])).content.decode()

    assert "Semua 2 peserta yang sudah mendapat kursi akan diberi tahu" in html
    assert "menunggu jadwal" in html


# --- Attendance -------------------------------------------------------------------------------


@pytest.fixture
def started(make_session, scheduler, assessor, head_assessor):
    """A session that began an hour ago, with one seated candidate and its panel."""
    session = make_session()
    (seat,) = seated(session, scheduler)
    session.assessors.add(assessor)
    session.head_assessor = head_assessor
    session.save(update_fields=["head_assessor"])
    ExamSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=1), status=SessionStatus.CLOSED
    )
    session.refresh_from_db()
    return session, seat


def test_attendance_waits_for_the_session_to_start(client, scheduler, make_session):
    session = make_session()
    (seat,) = seated(session, scheduler)
    client.force_login(scheduler)

    page = client.get(reverse("scheduling_session", args=[session.pk]))
    response = client.post(
        attendance_url(session), {"seat": seat.pk, "attendance": "present"}, follow=True
    )

    assert page.context["can_mark_attendance"] is False
    assert "Kehadiran dicatat setelah sesi uji dimulai." in messages_of(response)
    seat.refresh_from_db()
    assert seat.attendance == ""


def test_the_committee_marks_attendance_once_the_session_started(client, scheduler, started):
    session, seat = started
    client.force_login(scheduler)

    page = client.get(reverse("scheduling_session", args=[session.pk]))
    response = client.post(attendance_url(session), {"seat": seat.pk, "attendance": "absent"})

    assert page.context["can_mark_attendance"] is True
    assert 'value="present"' in page.content.decode()
    assert response.status_code == 302
    assert response.url == reverse("scheduling_session", args=[session.pk]) + "#peserta"
    seat.refresh_from_db()
    assert (seat.attendance, seat.attendance_marked_by) == (Attendance.ABSENT, scheduler)


@pytest.mark.parametrize("who", ["assessor", "head_assessor"])
def test_an_assessor_of_the_session_marks_attendance_and_goes_back(client, request, started, who):
    session, seat = started
    member = request.getfixturevalue(who)
    client.force_login(member)

    response = client.post(
        attendance_url(session),
        {"seat": seat.pk, "attendance": "present", "next": "/penilaian/sesi/7/"},
    )

    assert response.status_code == 302
    assert response.url == "/penilaian/sesi/7/"
    seat.refresh_from_db()
    assert (seat.attendance, seat.attendance_marked_by) == (Attendance.PRESENT, member)


def test_a_next_address_on_another_site_is_ignored(client, scheduler, started):
    session, seat = started
    client.force_login(scheduler)

    response = client.post(
        attendance_url(session),
        {"seat": seat.pk, "attendance": "present", "next": "https://phishing.example/"},
    )

    assert response.url == reverse("scheduling_session", args=[session.pk]) + "#peserta"


def test_an_assessor_of_another_session_is_refused(client, started, make_user):
    session, seat = started
    stranger = make_user("asesor-sesi-lain", Role.ASSESSOR)
    client.force_login(stranger)

    response = client.post(attendance_url(session), {"seat": seat.pk, "attendance": "present"})

    assert response.status_code == 404
    seat.refresh_from_db()
    assert seat.attendance == ""


def test_a_candidate_cannot_mark_attendance(client, started):
    session, seat = started
    client.force_login(seat.application.candidate)

    response = client.post(attendance_url(session), {"seat": seat.pk, "attendance": "present"})

    assert response.status_code == 403
    seat.refresh_from_db()
    assert seat.attendance == ""


def test_a_seat_of_another_session_is_not_found(client, scheduler, started, make_session):
    session, _ = started
    other = make_session()
    (elsewhere,) = seated(other, scheduler)
    client.force_login(scheduler)

    response = client.post(attendance_url(session), {"seat": elsewhere.pk, "attendance": "absent"})

    assert response.status_code == 404


def test_an_unknown_attendance_value_is_a_message(client, scheduler, started):
    session, seat = started
    client.force_login(scheduler)

    response = client.post(
        attendance_url(session), {"seat": seat.pk, "attendance": "late"}, follow=True
    )

    assert "Pilihan kehadiran tidak dikenal." in messages_of(response)


def test_after_the_sitting_absent_seats_are_shown_greyed(client, scheduler, started):
    session, seat = started
    Seat.objects.filter(pk=seat.pk).update(is_active=False, attendance=Attendance.ABSENT)
    client.force_login(scheduler)

    response = client.get(reverse("scheduling_session", args=[session.pk]))

    assert response.context["seats"] == [seat]
    html = response.content.decode()
    assert '<tr class="muted">' in html
    assert "Kursi tidak berlaku lagi" in html
