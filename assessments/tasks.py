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


# --- Payment and reports ----------------------------------------------------------------------

from django.db import InterfaceError, OperationalError  # noqa: E402

from assessments import documents  # noqa: E402
from assessments.services import payments  # noqa: E402

PDF_OPTIONS = {
    "acks_late": True,
    "autoretry_for": (OperationalError, InterfaceError, OSError),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "max_retries": 5,
    "soft_time_limit": 120,
}


@shared_task(**PDF_OPTIONS)
def render_invoice(invoice_id: int) -> bool:
    """Render and store an invoice's PDF; returns early when it is stored already."""
    return documents.invoice_store(invoice_id=invoice_id)


@shared_task(acks_late=True)
def flag_overdue_payments() -> int:
    """Daily: flag (once) the invoices unpaid after the SPK's payment date."""
    flagged = payments.payments_flag_overdue()
    if flagged:
        logger.info("Flagged %s overdue invoices", flagged)
    return flagged
