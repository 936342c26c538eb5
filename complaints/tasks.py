"""Celery tasks of the complaints app: thin wrappers around its services."""

from datetime import date

from celery import shared_task

from complaints.digest import digest_send


@shared_task
def send_complaint_digest(today: str | None = None) -> int:
    """Daily at 07.00 WIB (beat). Safe to run twice: the day is claimed before the mails are
    written. `today` (ISO date) sends that day's digest, to catch up after the workers were
    down for a whole morning."""
    return digest_send(today=date.fromisoformat(today) if today else None)
