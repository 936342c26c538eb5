"""Celery tasks of the scheduling app: thin wrappers around its services."""

from datetime import datetime

from celery import shared_task

from scheduling.reminders import seat_reminders_send


@shared_task
def send_exam_reminders(as_of: str | None = None) -> int:
    """Hourly from 07.00 to 21.00 WIB (beat). Safe to run twice: each seat is claimed before
    its mail is written. `as_of` (ISO 8601) sends what was due at that moment, to catch up
    after the workers were down for a whole reminder day."""
    return seat_reminders_send(now=datetime.fromisoformat(as_of) if as_of else None)
