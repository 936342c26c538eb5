"""Celery tasks of an institution's assessment: thin wrappers around assessments.services, each
safe to run twice (a re-run finds the work done). Each part appends its tasks under its own
heading."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


# --- E-registration reminders


@shared_task
def remind_incomplete_registrations() -> int:
    """Invite the asesi still waiting for their invitation once the SPK is fully signed, then
    remind those whose e-registration is incomplete, 5 and 1 working days before their intake
    session; each once (a re-run sends nothing twice)."""
    from assessments.services import eregistration

    invited = eregistration.invitations_send_pending()
    sent = eregistration.remind_incomplete_registrations()
    if invited or sent:
        logger.info("E-registration: %s invited, %s reminded", invited, sent)
    return invited + sent
