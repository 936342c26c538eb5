"""The exam reminder: one e-mail per seat on the last working day before the session.

Safe to run as often as beat likes (hourly) and from several workers at once: each seat is
claimed with a conditional UPDATE (reminded_at IS NULL) before its mail is written, in the same
transaction, so a seat is reminded once however many runs overlap (healthchecks' sendalerts
claims its flips the same way). Moving a seat clears reminded_at (scheduling.services), so the
new session gets its own reminder.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from portal.calendar import add_working_days, is_working_day
from portal.mail import from_email
from scheduling.candidate_selectors import exam_preparation
from scheduling.constants import SessionStatus
from scheduling.models import Seat

# Sessions still to be held; a cancelled session's seats were given back already.
REMINDED_STATUSES = (SessionStatus.OPEN, SessionStatus.CLOSED)


def reminder_dates(today: date) -> tuple[date, date] | None:
    """The session dates (first, last) whose reminder is due `today`: every day after today up
    to the next working day, since today is the last working day before each of them (Friday
    covers Saturday to Monday; the day before a holiday covers the holiday and the day after).
    None when today is not a working day: those sessions were reminded on the one before."""
    if not is_working_day(today):
        return None
    return today + timedelta(days=1), add_working_days(today, 1)


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def seat_reminders_send(*, now: datetime | None = None) -> int:
    """Send the reminders due now; returns how many this run sent."""
    now = now or timezone.now()
    dates = reminder_dates(timezone.localdate(now))
    if dates is None:
        return 0
    first, last = dates
    due = Seat.objects.filter(
        is_active=True,
        reminded_at__isnull=True,
        session__status__in=REMINDED_STATUSES,
        session__starts_at__gte=_local_midnight(first),
        session__starts_at__lt=_local_midnight(last + timedelta(days=1)),
    ).select_related("session__service__provider", "application__candidate")
    sent = 0
    for seat in due:
        with transaction.atomic():
            # Claim it: another run, or a move to another session (which clears reminded_at
            # and changes session_id), makes this update match nothing.
            claimed = Seat.objects.filter(
                pk=seat.pk,
                is_active=True,
                reminded_at__isnull=True,
                session_id=seat.session_id,
            ).update(reminded_at=now)
            if claimed != 1:
                continue
            _reminder_mail(seat)
        sent += 1
    return sent


def _reminder_mail(seat: Seat) -> None:
    """Through the outbox: stored in this transaction, delivered after it commits."""
    application = seat.application
    context = {
        "application": application,
        "session": seat.session,
        "preparation": exam_preparation(seat.session),
        "dashboard_url": f"{settings.PORTAL_BASE_URL}/dashboard/",
    }
    EmailMessage(
        subject=render_to_string("scheduling/email/reminder_subject.txt", context).strip(),
        body=render_to_string("scheduling/email/reminder_body.txt", context),
        from_email=from_email(provider=seat.session.service.provider),
        to=[application.candidate.email],
    ).send()
