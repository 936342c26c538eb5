"""A published pass opens the candidate's certificate; an amendment between pass and fail takes
an unnumbered certificate back, refuses to touch a numbered one, or opens one."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from certificates.constants import CertificateStatus
from certificates.models import Certificate
from portal.events import event_list
from registration.constants import ApplicationStatus
from scheduling.constants import Attendance, Outcome, SessionStatus
from scheduling.models import ExamSession, Result, ResultAmendment
from scheduling.results import ResultError, result_amend, result_publish, result_record
from scheduling.services import seat_attendance_mark, seat_take
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(make_session, scheduler, assessor, head_assessor):
    """A session whose results are published: one passed, one failed, one absent."""
    session = make_session(head_assessor=head_assessor)
    session.assessors.add(assessor)
    seats = [
        seat_take(
            session=session,
            application=ApplicationFactory(status=ApplicationStatus.VERIFIED),
            actor=scheduler,
        )
        for _ in range(3)
    ]
    now = timezone.now()
    ExamSession.objects.filter(pk=session.pk).update(
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=2),
        booking_closes_at=now - timedelta(days=1),
        status=SessionStatus.CLOSED,
    )
    passed, failed, absent = seats
    for seat, attendance in zip(
        seats, (Attendance.PRESENT, Attendance.PRESENT, Attendance.ABSENT), strict=True
    ):
        seat_attendance_mark(seat=seat, attendance=attendance, actor=assessor)
    result_record(seat=passed, actor=assessor, outcome=Outcome.PASSED, score=88)
    result_record(seat=failed, actor=assessor, outcome=Outcome.FAILED, score=51)
    session.refresh_from_db()
    return session, passed, failed, absent


def publish(session, head_assessor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result_publish(session=session, actor=head_assessor)


def test_publishing_opens_a_certificate_for_each_pass_only(
    published, head_assessor, django_capture_on_commit_callbacks
):
    session, passed, failed, absent = published
    mail.outbox.clear()

    publish(session, head_assessor, django_capture_on_commit_callbacks)

    certificate = Certificate.objects.get()
    assert certificate.application == passed.application
    assert certificate.status == CertificateStatus.DATA_CHECK
    assert certificate.name == passed.application.candidate.profile.full_name
    (event,) = event_list(subject=passed.application).filter(kind="certificate_opened")
    assert event.actor == head_assessor
    for seat in (failed, absent):
        assert not event_list(subject=seat.application).filter(kind="certificate_opened").exists()
    opened = [m for m in mail.outbox if m.subject == "Periksa data sertifikat Anda"]
    assert [m.to for m in opened] == [[passed.application.candidate.email]]


def test_a_pass_opens_its_certificate_from_the_verified_data_not_the_profile(
    published, head_assessor, django_capture_on_commit_callbacks
):
    session, passed, *_others = published
    verified_name = passed.application.candidate.profile.full_name
    passed.application.candidate.profile.delete()  # nothing printed depends on it any more

    publish(session, head_assessor, django_capture_on_commit_callbacks)

    certificate = Certificate.objects.get()
    assert certificate.application == passed.application
    assert certificate.name == verified_name
    assert Result.objects.filter(published_at__isnull=False).count() == 3


@pytest.fixture
def after_publishing(published, head_assessor, django_capture_on_commit_callbacks):
    session, passed, failed, _absent = published
    publish(session, head_assessor, django_capture_on_commit_callbacks)
    for seat in (passed, failed):
        seat.refresh_from_db()
    mail.outbox.clear()
    return passed, failed


def test_a_pass_amended_to_a_fail_takes_back_the_unnumbered_certificate(
    after_publishing, head_assessor, django_capture_on_commit_callbacks
):
    passed, _failed = after_publishing

    with django_capture_on_commit_callbacks(execute=True):
        result_amend(
            result=passed.result,
            actor=head_assessor,
            reason="Nilai lembar kedua salah dijumlah.",
            outcome=Outcome.FAILED,
            score=55,
        )

    assert not Certificate.objects.exists()
    passed.application.refresh_from_db()
    assert passed.application.status == ApplicationStatus.FAILED
    (event,) = event_list(subject=passed.application).filter(kind="certificate_withdrawn")
    assert (event.actor, event.from_state) == (head_assessor, CertificateStatus.DATA_CHECK)
    assert "Nilai lembar kedua salah dijumlah." in event.note
    assert [m.subject for m in mail.outbox] == ["Ralat hasil uji kompetensi Anda"]


def test_a_pass_with_a_numbered_certificate_is_not_amended_to_a_fail(
    after_publishing, head_assessor
):
    passed, _failed = after_publishing
    Certificate.objects.filter(application=passed.application).update(
        status=CertificateStatus.SIGNING, number="UKP/2026/000001"
    )

    with pytest.raises(ResultError) as refused:
        result_amend(
            result=passed.result, actor=head_assessor, reason="Salah", outcome=Outcome.FAILED
        )

    assert refused.value.message == (
        "Sertifikat nomor UKP/2026/000001 sudah diterbitkan untuk peserta ini, sehingga hasilnya "
        "tidak dapat diralat menjadi tidak lulus. Hubungi administrator."
    )
    assert Certificate.objects.filter(application=passed.application).exists()
    passed.result.refresh_from_db()
    passed.application.refresh_from_db()
    assert passed.result.outcome == Outcome.PASSED
    assert passed.application.status == ApplicationStatus.PASSED
    assert not ResultAmendment.objects.exists()


def test_a_fail_amended_to_a_pass_opens_the_certificate(
    after_publishing, head_assessor, django_capture_on_commit_callbacks
):
    _passed, failed = after_publishing

    with django_capture_on_commit_callbacks(execute=True):
        result_amend(
            result=failed.result,
            actor=head_assessor,
            reason="Salah jumlah nilai.",
            outcome=Outcome.PASSED,
            score=76,
        )

    certificate = Certificate.objects.get(application=failed.application)
    assert certificate.status == CertificateStatus.DATA_CHECK
    assert event_list(subject=failed.application).filter(kind="certificate_opened").exists()
    assert sorted(m.subject for m in mail.outbox) == [
        "Periksa data sertifikat Anda",
        "Ralat hasil uji kompetensi Anda",
    ]


def test_a_score_amendment_leaves_the_certificate(after_publishing, head_assessor):
    passed, _failed = after_publishing
    before = Certificate.objects.get()

    result_amend(
        result=passed.result, actor=head_assessor, reason="Typo", outcome=Outcome.PASSED, score=90
    )

    assert list(Certificate.objects.values_list("pk", flat=True)) == [before.pk]
