"""A bulk download through a real Celery worker over Redis, as in production: the officer asks,
the task is queued after commit, the worker builds the ZIP and the progress JSON says so."""

import io
import zipfile

from django.urls import reverse

from certificates import bulk
from certificates.constants import BulkKind, BulkStatus, CertificateStatus
from certificates.models import BulkDownload
from tests.certificates.test_bulk_download import with_pdf
from tests.portal.test_celery_worker import pytestmark as worker_marks
from tests.portal.test_celery_worker import wait_for, worker  # noqa: F401 - the fixture

pytestmark = worker_marks


def test_the_worker_builds_the_zip_the_officer_asked_for(
    worker,  # noqa: F811
    client,
    certificate_officer,
    make_certificate,
):
    certificates = [with_pdf(make_certificate(status=CertificateStatus.SHIPPING)) for _ in range(3)]
    provider = certificates[0].application.service.provider

    job = bulk.bulk_request(
        user=certificate_officer,
        kind=BulkKind.CERTIFICATES,
        stage=CertificateStatus.SHIPPING,
        provider_id=provider.pk,
    )

    def built():
        """the worker to have stored the ZIP and returned"""
        return BulkDownload.objects.get(pk=job.pk).status == BulkStatus.READY and bool(worker)

    wait_for(built, timeout=60)
    assert worker == ["certificates.tasks.build_bulk_download"]
    client.force_login(certificate_officer)
    state = client.get(reverse("certificates_bulk_status", args=[job.public_id])).json()
    assert (state["done"], state["total"], state["finished"]) == (3, 3, True)
    response = client.get(state["download_url"])
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        assert len(archive.namelist()) == 3
