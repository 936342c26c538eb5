"""Celery tasks of the scheduling app: thin wrappers around its services."""

from datetime import datetime

from celery import shared_task

from scheduling.reminders import seat_reminders_send
from scheduling.services import session_bookings_close_due, waitlist_redrive


@shared_task
def send_exam_reminders(as_of: str | None = None) -> int:
    """Hourly from 07.00 to 21.00 WIB (beat). Safe to run twice: each seat is claimed before
    its mail is written. `as_of` (ISO 8601) sends what was due at that moment, to catch up
    after the workers were down for a whole reminder day."""
    return seat_reminders_send(now=datetime.fromisoformat(as_of) if as_of else None)


@shared_task
def close_due_bookings() -> int:
    """Every five minutes (beat): open sessions whose booking time is over are marked closed.
    Safe to run twice: each session is re-read under its lock and closed once. Candidates could
    not book them since that moment anyway (the service checks the time), so a late run only
    delays what the committee's pages show."""
    return session_bookings_close_due()


@shared_task
def drive_waiting_lists() -> list[int]:
    """Every five minutes (beat): offers past their deadline expire and their seats go to the
    next ones waiting; any place still free is offered. Safe to run twice: each offer is claimed
    by a conditional UPDATE and free places are counted under the sessions' locks."""
    return list(waitlist_redrive())
