"""Downloading many signed PDFs at once: a ZIP built by a Celery task, with a progress page.

A certificate officer asks from a queue (its stage is the filter) for the signed certificates
or the result letters of one provider's certificates there; `bulk_request` freezes the chosen
ids in a BulkDownload row and queues `bulk_build`, which writes the ZIP to a temporary file one
PDF at a time (memory stays flat whatever the count) and stores it privately. The same
selection asked again while one is being made returns that one (a double click makes no second
job; the database's constraint holds it under concurrency too).

A lost run (worker killed) is safe: the job's heartbeat stops, `bulk_maintain` (the re-drive,
every 5 minutes) queues it again and it starts over into a new temporary file; a second run of a
job another worker holds does nothing. Files expire after KEEP_FOR: the same maintenance deletes
them, and a page that finds an expired one deletes it first."""

import hashlib
import logging
import shutil
import tempfile
import zipfile
from collections.abc import Collection, Mapping
from datetime import timedelta

from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.constants import BulkKind, BulkStatus, CertificateStatus, FileState
from certificates.exceptions import CertificateError
from certificates.models import BulkDownload, Certificate, ResultLetter
from portal.catalogue import service_ids_of, services_of
from portal.constants import Role
from portal.roles import role_provider_ids

logger = logging.getLogger(__name__)

KEEP_FOR = timedelta(hours=24)  # a ready ZIP is deleted this long after it was made
STALE_AFTER = timedelta(minutes=2)  # a run without a heartbeat this long was lost
HEARTBEAT_EVERY = 20  # PDFs between two progress saves (one UPDATE each)
MAX_ITEMS = 5000  # one ZIP; a provider's queue stage rarely holds more
ROLES = (Role.CERTIFICATE_OFFICER,)
ACTIVE = (BulkStatus.QUEUED, BulkStatus.RUNNING)


def provider_ids_of(user) -> frozenset[int]:
    """The providers whose PDFs the user may download in bulk."""
    return role_provider_ids(user, *ROLES)


def _at_stage(
    *, stage: str, provider_ids: Collection[int], services: Mapping[int, frozenset[int]]
) -> QuerySet:
    """The providers' certificates waiting at the stage, as its queue lists them (revoked ones
    left out), on their own service (the index certificate_queue, as the queue): `services` is
    services_of() for the providers."""
    return Certificate.objects.filter(
        status=stage,
        revoked_at__isnull=True,
        service_id__in=service_ids_of(services, provider_ids),
    )


def _selection(
    *, stage: str, provider_id: int, services: Mapping[int, frozenset[int]]
) -> list[int]:
    """The ids of the provider's certificates waiting at the stage, in the queue's order."""
    return list(
        _at_stage(stage=stage, provider_ids=[provider_id], services=services)
        .order_by("due_date", "created_at", "pk")
        .values_list("pk", flat=True)[: MAX_ITEMS + 1]
    )


def _ready(kind: str, certificates: QuerySet) -> QuerySet:
    """What a ZIP of `kind` holds of `certificates`: those with a ready signed PDF, or the ready
    result letters of them."""
    if kind == BulkKind.CERTIFICATES:
        return certificates.filter(pdf_state=FileState.READY)
    return ResultLetter.objects.filter(
        pdf_state=FileState.READY, result__seat__application__certificate__in=certificates
    )


def kinds_ready(
    *,
    stage: str,
    provider_ids: Collection[int],
    services: Mapping[int, frozenset[int]] | None = None,
) -> list[str]:
    """The kinds of ZIP (BulkKind) that would hold at least one PDF for these providers'
    certificates at the stage: the queue offers only those (one EXISTS query per kind).
    `services`: services_of() for the providers, when the caller has read it (else one query
    more)."""
    if not provider_ids:
        return []
    if services is None:
        services = services_of(provider_ids)
    certificates = _at_stage(stage=stage, provider_ids=provider_ids, services=services)
    return [kind for kind in BulkKind.values if _ready(kind, certificates).exists()]


def _key(kind: str, stage: str, provider_id: int, ids: list[int]) -> str:
    text = f"{kind}|{stage}|{provider_id}|" + ",".join(map(str, sorted(ids)))
    return hashlib.sha256(text.encode()).hexdigest()


def bulk_request(*, user, kind: str, stage: str, provider_id: int) -> BulkDownload:
    """Ask for a ZIP of the provider's certificates (or their result letters) at the stage;
    the same selection still being made is returned instead of a new job. Raises
    CertificateError when the user may not, or there is nothing to download."""
    if kind not in BulkKind.values or stage not in CertificateStatus.values:
        raise CertificateError(_("Pilihan unduhan tidak dikenal."))
    if provider_id not in provider_ids_of(user):
        raise CertificateError(_("Anda bukan petugas sertifikat pada penyelenggara ini."))
    services = services_of([provider_id])
    ids = _selection(stage=stage, provider_id=provider_id, services=services)
    if not ids:
        raise CertificateError(_("Tidak ada sertifikat pada tahap ini."))
    if len(ids) > MAX_ITEMS:
        raise CertificateError(
            _("Terlalu banyak berkas untuk satu unduhan (lebih dari %(max)s).") % {"max": MAX_ITEMS}
        )
    # Refused here rather than by a job that would fail: a stage's certificates may have no
    # signed PDF yet (before signing) or no result letter.
    at_stage = _at_stage(stage=stage, provider_ids=[provider_id], services=services)
    if not _ready(kind, at_stage).exists():
        raise CertificateError(_("Belum ada berkas PDF yang siap untuk pilihan ini."))
    key = _key(kind, stage, provider_id, ids)
    running = BulkDownload.objects.filter(
        requested_by=user, selection_key=key, status__in=ACTIVE
    ).first()
    if running is not None:
        return running
    try:
        with transaction.atomic():
            job = BulkDownload.objects.create(
                requested_by=user,
                provider_id=provider_id,
                kind=kind,
                stage=stage,
                certificate_ids=ids,
                selection_key=key,
                total=len(ids),
            )
    except IntegrityError:  # a second click that raced the first: the first's job
        return BulkDownload.objects.get(requested_by=user, selection_key=key, status__in=ACTIVE)
    _enqueue(job)
    return job


def _enqueue(job: BulkDownload) -> None:
    from certificates import tasks

    # robust: with the broker down the job waits; bulk_maintain queues it again.
    transaction.on_commit(lambda: tasks.build_bulk_download.delay(job.pk), robust=True)


def bulk_for_user(*, user, public_id) -> BulkDownload | None:
    """The job if the user asked for it or is a certificate officer of its provider (the view
    answers 404 otherwise, as if it did not exist). An expired file is deleted on the way."""
    job = (
        BulkDownload.objects.filter(
            Q(requested_by=user) | Q(provider_id__in=provider_ids_of(user)), public_id=public_id
        )
        .select_related("provider")
        .first()
    )
    if job is not None and job.status == BulkStatus.READY and job.expires_at <= timezone.now():
        _expire(job)
    return job


# --- The build (the task's body) ---------------------------------------------------------------


def _claim(job_id: int) -> bool:
    """Take the job for this run: a queued one, or a running one whose run was lost."""
    now = timezone.now()
    return bool(
        BulkDownload.objects.filter(pk=job_id)
        .filter(
            Q(status=BulkStatus.QUEUED)
            | Q(status=BulkStatus.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
        )
        .update(status=BulkStatus.RUNNING, heartbeat_at=now, done=0, error="")
    )


def _entries(job: BulkDownload):
    """(name in the ZIP, stored file) of each ready PDF of the job, in the queue's order; a
    certificate whose PDF is not ready (or has no letter) is left out."""
    order = {pk: index for index, pk in enumerate(job.certificate_ids)}
    certificates = Certificate.objects.filter(
        pk__in=job.certificate_ids, application__service__provider_id=job.provider_id
    )
    if job.kind == BulkKind.CERTIFICATES:
        rows = _ready(job.kind, certificates).only("pk", "number", "nip", "pdf")
        for certificate in sorted(rows, key=lambda c: order[c.pk]):
            label = (certificate.number or str(certificate.pk)).replace("/", "-")
            yield f"sertifikat-{label}-{certificate.nip}.pdf", certificate.pdf
    else:
        letters = (
            _ready(job.kind, certificates)
            .select_related("result__seat__application__certificate")
            .only("pdf", "result__seat__application__certificate__nip")
        )
        for letter in sorted(
            letters, key=lambda row: order[row.result.seat.application.certificate.pk]
        ):
            certificate = letter.result.seat.application.certificate
            yield f"surat-hasil-uji-{certificate.nip or certificate.pk}-{letter.pk}.pdf", letter.pdf


def bulk_build(*, job_id: int) -> bool:
    """Build the job's ZIP unless it is done or another run holds it; returns whether this run
    built it. Each PDF is copied from storage into the ZIP on a temporary file in chunks."""
    if not _claim(job_id):
        return False
    job = BulkDownload.objects.get(pk=job_id)
    try:
        with tempfile.TemporaryFile(prefix="unduhan-") as spool:
            count = 0
            with zipfile.ZipFile(spool, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
                # ZIP_STORED: a PDF is compressed already; deflating it again costs CPU only.
                for count, (name, stored) in enumerate(_entries(job), 1):
                    with stored.open("rb") as source, archive.open(name, "w") as target:
                        shutil.copyfileobj(source, target, 256 * 1024)
                    if count % HEARTBEAT_EVERY == 0:
                        _progress(job, count)
            if count == 0:
                raise CertificateError(_("Belum ada berkas PDF yang siap untuk pilihan ini."))
            spool.seek(0)
            name = f"{job.kind}-{job.stage}-{job.public_id.hex[:8]}.zip"
            if job.file:
                job.file.storage.delete(job.file.name)
            job.file.save(name, File(spool), save=False)
    except CertificateError as exc:
        _finish(job, BulkStatus.FAILED, error=str(exc.message))
        return True
    except Exception:  # storage or database trouble: said on the page; asking again retries
        logger.exception("Bulk download %s failed", job.pk)
        _finish(job, BulkStatus.FAILED, error=_("Berkas ZIP gagal dibuat. Silakan minta lagi."))
        return True
    job.done, job.total = count, count
    _finish(job, BulkStatus.READY)
    return True


def _progress(job: BulkDownload, done: int) -> None:
    BulkDownload.objects.filter(pk=job.pk).update(done=done, heartbeat_at=timezone.now())


def _finish(job: BulkDownload, status: str, *, error: str = "") -> None:
    now = timezone.now()
    job.status, job.error, job.finished_at = status, error, now
    job.expires_at = now + KEEP_FOR if status == BulkStatus.READY else None
    job.save(
        update_fields=["status", "error", "finished_at", "expires_at", "done", "total", "file"]
    )


def _expire(job: BulkDownload) -> None:
    if job.file:
        job.file.storage.delete(job.file.name)
    job.file, job.status = "", BulkStatus.EXPIRED
    job.save(update_fields=["file", "status"])


def bulk_maintain(*, now=None) -> dict[str, int]:
    """Delete the expired ZIPs and queue again the jobs whose run was lost (or never queued:
    the broker was down). Run every 5 minutes with the documents' re-drive."""
    now = now or timezone.now()
    expired = list(BulkDownload.objects.filter(status=BulkStatus.READY, expires_at__lte=now))
    for job in expired:
        _expire(job)
    lost = list(
        BulkDownload.objects.filter(
            Q(status=BulkStatus.QUEUED, created_at__lt=now - STALE_AFTER)
            | Q(status=BulkStatus.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
        ).values_list("pk", flat=True)[:100]
    )
    from certificates import tasks

    for pk in lost:
        tasks.build_bulk_download.delay(pk)
    return {"expired": len(expired), "requeued": len(lost)}
