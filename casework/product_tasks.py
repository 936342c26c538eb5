"""Celery tasks of the engine's products: thin wrappers around casework.products, safe to run
twice (the store function locks the row and stops when the PDF is stored already).

Only errors that can pass are retried (a database lock or connection, storage unreachable);
anything else (a missing signing key) leaves the PDF missing, and the periodic re-drive tries
again, so a document is delayed but never lost."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from casework import products

RENDER_OPTIONS = {
    "acks_late": True,  # a worker killed mid-render leaves the message for another worker
    "autoretry_for": (OperationalError, InterfaceError, OSError),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "max_retries": 5,
    # A hung render must not hold the document's row lock for ever.
    "soft_time_limit": 120,
}


@shared_task(**RENDER_OPTIONS)
def render_issued_document(document_id: int) -> bool:
    """Render, sign and store the PDF of an issued document (Surat Keterangan Hasil)."""
    return products.issued_document_store(document_id=document_id)


@shared_task(acks_late=True)
def redrive_issued_documents() -> int:
    """Periodically (beat): queue again the issued documents a dead worker or broker left
    without their PDF."""
    return products.issued_documents_redrive()
