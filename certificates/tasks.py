"""Celery tasks of the certificates app: thin wrappers around certificates.documents, each safe
to run twice (the store functions lock the row and stop when the PDF is stored already).

Only errors that can pass are retried (a database lock or connection, storage unreachable);
anything else leaves the PDF pending and the periodic re-drive tries again, so a missing
signing key delays certificates but never loses one."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from certificates import bulk, documents

RENDER_OPTIONS = {
    "acks_late": True,  # a worker killed mid-render leaves the message for another worker
    "autoretry_for": (OperationalError, InterfaceError, OSError),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "max_retries": 5,
    # A hung render must not hold the certificate's row lock for ever.
    "soft_time_limit": 120,
}


@shared_task(**RENDER_OPTIONS)
def render_certificate(certificate_id: int) -> bool:
    """Render, sign and store the certificate once it is signed by the official."""
    return documents.certificate_pdf_store(certificate_id=certificate_id)


@shared_task(**RENDER_OPTIONS)
def render_legalised(certificate_id: int) -> bool:
    """Render, sign and store the legalised copy."""
    return documents.legalised_pdf_store(certificate_id=certificate_id)


@shared_task(**RENDER_OPTIONS)
def render_result_letter(result_id: int) -> bool:
    """Render, sign and store the letter of a published result (creating its row if needed)."""
    return documents.result_letter_store(result_id=result_id)


@shared_task(acks_late=True)
def redrive_documents() -> dict[str, int]:
    """Every 5 minutes (beat): queue again the PDFs a dead worker or broker left pending, and
    the bulk downloads a dead worker left; delete the expired bulk downloads."""
    counts = documents.documents_redrive()
    counts.update({f"bulk_{name}": count for name, count in bulk.bulk_maintain().items()})
    return counts


@shared_task(acks_late=True, soft_time_limit=1800)
def build_bulk_download(job_id: int) -> bool:
    """Build a bulk download's ZIP (certificates.bulk); a second run of a job held or done
    does nothing."""
    return bulk.bulk_build(job_id=job_id)
