"""The reminder task through a real Celery worker over Redis: run twice (as beat and an operator
catching up might), each candidate still gets one reminder."""

from django.core import mail

from scheduling.models import Seat
from scheduling.tasks import send_exam_reminders
from tests.portal.test_celery_worker import pytestmark as worker_marks
from tests.portal.test_celery_worker import wait_for, worker  # noqa: F401 - the fixture
from tests.scheduling.test_reminders import FRIDAY_BEFORE, MONDAY, SUBJECT, at, seated

pytestmark = worker_marks


def test_the_worker_sends_each_reminder_once_when_the_task_runs_twice(worker, make_session):  # noqa: F811
    seats = [seated(make_session, MONDAY) for _ in range(3)]
    emails = sorted(seat.application.candidate.email for seat in seats)
    mail.outbox.clear()

    send_exam_reminders.delay(at(FRIDAY_BEFORE).isoformat())
    send_exam_reminders.delay(at(FRIDAY_BEFORE, 11).isoformat())

    def delivered():
        """two reminder runs and three delivered reminders"""
        reminders = [m for m in mail.outbox if m.subject.startswith(SUBJECT)]
        return worker.count("scheduling.tasks.send_exam_reminders") == 2 and len(reminders) >= 3

    wait_for(delivered)
    reminders = sorted(m.to[0] for m in mail.outbox if m.subject.startswith(SUBJECT))
    assert reminders == emails
    assert Seat.objects.filter(reminded_at=at(FRIDAY_BEFORE)).count() == 3
