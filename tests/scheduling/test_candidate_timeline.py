"""The candidate's timeline (/pengajuan/) tells the exam in words: booked, moved, the session
changed, the result published and corrected; drafts and attendance never appear before the
results are published, and no event shows as a raw code."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from registration.constants import ApplicationStatus
from scheduling.constants import Attendance, Outcome, SessionStatus
from scheduling.models import ExamSession
from scheduling.results import result_amend, result_publish, result_record
from scheduling.services import seat_attendance_mark, seat_move, seat_take, session_save
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def timeline_titles(client, candidate) -> list[str]:
    client.force_login(candidate)
    page = client.get("/pengajuan/").text
    return re.findall(r'<p class="timeline__title">([^<]+)</p>', page)


def test_the_exam_in_the_candidate_timeline(
    client, make_session, scheduler, assessor, head_assessor
):
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    candidate = application.candidate
    first, second = make_session(), make_session()
    second.assessors.add(assessor, head_assessor)
    second.head_assessor = head_assessor
    second.save()

    seat = seat_take(session=first, application=application, actor=candidate)
    seat = seat_move(seat=seat, to_session=second, actor=candidate)
    second.starts_at += timedelta(hours=1)
    second.ends_at += timedelta(hours=1)
    session_save(session=second, fields=["starts_at", "ends_at"], actor=scheduler)  # same panel
    # The exam day: the session has started and booking is closed.
    now = timezone.now()
    ExamSession.objects.filter(pk=second.pk).update(
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
        booking_opens_at=now - timedelta(days=3),
        booking_closes_at=now - timedelta(days=1),
        status=SessionStatus.CLOSED,
    )
    second.refresh_from_db()
    seat.refresh_from_db()
    seat_attendance_mark(seat=seat, attendance=Attendance.PRESENT, actor=assessor)
    result = result_record(seat=seat, actor=assessor, outcome=Outcome.FAILED, score=55)

    before = timeline_titles(client, candidate)
    assert "Terjadwal ujian" in before
    assert "Jadwal ujian dipindah" in before
    assert "Jadwal ujian diubah panitia" in before
    assert not any("Tidak lulus" in title or "hasil" in title.lower() for title in before)

    result_publish(session=second, actor=head_assessor)
    result.refresh_from_db()
    result_amend(
        result=result,
        actor=head_assessor,
        reason="Salah ketik nilai unit 3.",
        outcome=Outcome.PASSED,
        score=75,
    )

    after = timeline_titles(client, candidate)
    # Newest first: the amendment (with the status change it brought and the certificate it
    # opened), then the publication.
    assert set(after[:3]) == {
        "Hasil ujian diralat",
        "Lulus uji kompetensi",
        "Data sertifikat siap diperiksa",
    }
    assert after[3] == "Tidak lulus uji kompetensi"
    assert all(re.fullmatch(r"[a-z_]+", title) is None for title in after)  # no raw event kinds
