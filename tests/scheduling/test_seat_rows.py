"""The committee's session page writes its seat table's rows in Python (scheduling.seat_rows,
issue 19): they must be what the template loop it replaced wrote, byte for byte
(session_seats_reference.html, kept here as it was), for every state a row and the page can be
in (active or not, attendance present, absent or not recorded, seats that can be moved or not,
with and without sessions to move to), and in both languages."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone, translation

from registration.constants import ApplicationStatus
from scheduling import rosters
from scheduling.constants import Attendance, SessionMode
from scheduling.models import Seat
from scheduling.services import seat_take
from tests.factories import ApplicationFactory, ProfileFactory

pytestmark = pytest.mark.django_db

REFERENCE = (Path(__file__).parent / "session_seats_reference.html").read_text()
TOKEN = "a" * 32 + "<&>"  # escaped in both


@pytest.fixture
def page(make_session, scheduler):
    """A session with five seats: one with WhatsApp and an odd name, one present, one absent,
    one without a profile, one given up (inactive); and two other sessions to move to."""
    session = make_session(capacity=1500)
    seats = []
    for index in range(5):
        application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
        seats.append(seat_take(session=session, application=application, actor=scheduler))
        if index == 0:
            ProfileFactory._meta.model.objects.filter(user=application.candidate).update(
                whatsapp="0812 <3456>"
            )
            snapshot = application.snapshot
            if snapshot is not None:
                snapshot.name, snapshot.work_unit = "Sri & <b>Dewi</b>", 'Bidang "A"'
                snapshot.save()
    Seat.objects.filter(pk=seats[1].pk).update(attendance=Attendance.PRESENT)
    Seat.objects.filter(pk=seats[2].pk).update(attendance=Attendance.ABSENT)
    ProfileFactory._meta.model.objects.filter(user=seats[3].application.candidate).delete()
    Seat.objects.filter(pk=seats[4].pk).update(is_active=False)
    make_session(starts_at=timezone.now() + timedelta(days=20), capacity=1200)
    make_session(starts_at=timezone.now() + timedelta(days=21), mode=SessionMode.OFFLINE)
    return session


def _contexts(session):
    loaded = list(rosters.session_roster(session=session, include_inactive=True))
    targets = rosters.seat_move_targets(session=session)
    assert len(targets) == 2
    marks = [True, False, True, False, False]
    for seat, markable in zip(loaded, marks, strict=True):
        seat.session = session
        seat.attendance_markable = markable
    request = RequestFactory().get(f"/penjadwalan/sesi/{session.pk}/?x=<y>")
    base = {"session": session, "seats": loaded, "request": request, "csrf_token": TOKEN}
    yield {**base, "can_change_seats": True, "can_mark_attendance": True, "move_targets": targets}
    yield {**base, "can_change_seats": True, "can_mark_attendance": False, "move_targets": []}
    yield {**base, "can_change_seats": False, "can_mark_attendance": True, "move_targets": []}
    yield {**base, "can_change_seats": False, "can_mark_attendance": False, "move_targets": []}
    yield {
        **base,
        "can_change_seats": True,
        "can_mark_attendance": True,
        "move_targets": targets,
        "csrf_token": None,
    }


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_row_is_what_the_template_wrote(page, language):
    template = engines["django"].from_string(REFERENCE)
    rows = engines["django"].from_string("{% load session_page %}{% seat_rows %}")
    with translation.override(language):
        for context in _contexts(page):
            expected = template.render(context)
            assert "<tr" in expected
            assert rows.render(context) + "\n" == expected, sorted(context.items())
