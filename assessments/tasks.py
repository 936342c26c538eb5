"""Celery tasks of an institution's assessment: thin wrappers around assessments.services, each
safe to run twice (a re-run finds the work done). Each part appends its tasks under its own
heading."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


# --- E-registration reminders


@shared_task
def remind_incomplete_registrations() -> int:
    """Remind asesi whose e-registration is incomplete, 5 and 1 working days before their
    intake session; each reminder once (a re-run sends nothing twice)."""
    from assessments.services.eregistration import remind_incomplete_registrations as remind

    sent = remind()
    if sent:
        logger.info("E-registration reminders sent: %s", sent)
    return sent
