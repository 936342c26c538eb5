"""Celery tasks of the engine: thin wrappers around the services, each safe to run twice.

Only errors that can pass are retried (a database lock or connection, storage unreachable);
anything else (no signing key yet) leaves the PDF unstored and the re-drive tries again."""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from casework import letters, products

logger = logging.getLogger(__name__)

RENDER_OPTIONS = {
    "acks_late": True,  # a worker killed mid-render leaves the message for another worker
    "autoretry_for": (OperationalError, InterfaceError, OSError),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "max_retries": 5,
    # A hung render must not hold the letter's row lock for ever.
    "soft_time_limit": 120,
}


# --- Decision letters (casework.services.decisions) -------------------------------------------


@shared_task(**RENDER_OPTIONS)
def render_decision_letter(letter_id: int) -> bool:
    """Render, sign and store a decision letter; returns early when it is stored already."""
    return letters.decision_letter_store(letter_id=letter_id)


@shared_task(acks_late=True)
def redrive_decision_letters() -> int:
    """Periodically: queue again the letters a dead worker or broker left unsigned."""
    pending = letters.decision_letters_pending()
    for pk in pending:
        render_decision_letter.delay(pk)
    return len(pending)


# --- Products (casework.products): the Surat Keterangan Hasil ---------------------------------


@shared_task(**RENDER_OPTIONS)
def render_issued_document(document_id: int) -> bool:
    """Render, sign and store the PDF of an issued document (Surat Keterangan Hasil)."""
    return products.issued_document_store(document_id=document_id)


@shared_task(acks_late=True)
def redrive_issued_documents() -> int:
    """Periodically (beat): queue again the issued documents a dead worker or broker left
    without their PDF."""
    pending = products.issued_documents_pending()
    for pk in pending:
        render_issued_document.delay(pk)
    if pending:
        logger.warning("Re-driving %s issued documents without a PDF", len(pending))
    return len(pending)
