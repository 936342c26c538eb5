"""Celery tasks of the scheduling app: thin wrappers around its services."""

from celery import shared_task

from scheduling.reminders import seat_reminders_send


@shared_task
def send_exam_reminders() -> int:
    """Hourly from 07.00 to 21.00 WIB (beat). Safe to run twice: each seat is claimed before
    its mail is written."""
    return seat_reminders_send()
