"""Every seat change e-mails the candidate a calendar invitation: 09.00 WIB stays 09.00 in
Asia/Jakarta, and a later change updates the same invitation (same UID, higher SEQUENCE)."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from icalendar import Calendar

from registration.constants import ApplicationStatus
from scheduling.services import seat_move, seat_release, seat_take
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def invitation(message) -> tuple[Calendar, object]:
    # The exam card (scheduling.exam_card) may ride along: the invitation is the .ics one.
    (attachment,) = [a for a in message.attachments if a.filename.endswith(".ics")]
    assert attachment.filename == "undangan-uji-kompetensi.ics"
    assert attachment.mimetype == "text/calendar"
    calendar = Calendar.from_ical(attachment.content)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_taking_a_seat_mails_an_invitation_at_the_right_hour_in_wib(
    make_session, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    # 02.00 UTC is 09.00 WIB.
    session = make_session(
        starts_at=datetime(2026, 12, 10, 2, 0, tzinfo=UTC),
        ends_at=datetime(2026, 12, 10, 5, 0, tzinfo=UTC),
    )

    with django_capture_on_commit_callbacks(execute=True):
        seat_take(session=session, application=application, actor=application.candidate)

    (message,) = mail.outbox
    assert message.to == [application.candidate.email]
    assert "09.00–12.00 WIB" in message.body  # noqa: RUF001 - the dash the e-mail prints
    calendar, event = invitation(message)
    assert str(calendar["METHOD"]) == "REQUEST"
    start = event.decoded("DTSTART")
    assert start == datetime(2026, 12, 10, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert event["DTSTART"].params["TZID"] == "Asia/Jakarta"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Asia/Jakarta"
    assert str(event["UID"]).startswith(str(application.public_id))


def test_a_later_change_updates_the_same_invitation(
    make_session, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    first, second = make_session(), make_session()

    with django_capture_on_commit_callbacks(execute=True):
        seat = seat_take(session=first, application=application, actor=application.candidate)
    with django_capture_on_commit_callbacks(execute=True):
        seat_release(seat=seat, actor=application.candidate)
    with django_capture_on_commit_callbacks(execute=True):
        seat_take(session=second, application=application, actor=application.candidate)

    taken, released, taken_again = (invitation(message) for message in mail.outbox)
    uids = {str(event["UID"]) for _, event in (taken, released, taken_again)}
    assert len(uids) == 1
    assert [int(event["SEQUENCE"]) for _, event in (taken, released, taken_again)] == [1, 2, 3]
    assert str(released[0]["METHOD"]) == "CANCEL"
    assert str(released[1]["STATUS"]) == "CANCELLED"
    assert str(taken_again[0]["METHOD"]) == "REQUEST"


def test_moving_a_seat_sends_one_updated_invitation(
    make_session, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    first, second = make_session(), make_session()
    with django_capture_on_commit_callbacks(execute=True):
        seat = seat_take(session=first, application=application, actor=application.candidate)

    with django_capture_on_commit_callbacks(execute=True):
        seat_move(seat=seat, to_session=second, actor=application.candidate)

    (_, first_event), (moved_calendar, moved_event) = (invitation(m) for m in mail.outbox)
    assert moved_event["UID"] == first_event["UID"]
    assert int(moved_event["SEQUENCE"]) == 2
    assert str(moved_calendar["METHOD"]) == "REQUEST"
    assert moved_event.decoded("DTSTART") == second.starts_at.replace(microsecond=0)
    seat.refresh_from_db()
    assert seat.session == second
