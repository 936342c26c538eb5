"""A Celery worker killed (SIGKILL) while it renders a certificate: nothing is stored half, the
periodic re-drive has another worker finish it, and the certificate ends with one signed PDF
under its one number. (tests/certificates/test_document_tasks.py covers the re-drive and a
leftover file in-process; here a real worker dies.)"""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from certificates.constants import CertificateStatus, FileState
from certificates.models import Certificate
from certificates.tasks import redrive_documents, render_certificate
from registration.constants import ApplicationStatus
from tests.certificates.test_signing import (  # noqa: F401 - the fixtures
    PASSPHRASE,
    assert_signed_pades,
    demo_p12,
    signing_key,
)
from tests.factories import ApplicationFactory, CertificateFactory
from tests.reliability.conftest import database_url, wait_for

NUMBER = "UKP/2026/000417"
FIRST = "render-worker-first"  # the application_name of the worker that is killed


@pytest.fixture
def signed_certificate(reference_data, make_user) -> Certificate:
    """A certificate the official has just signed: its PDF is to be rendered."""
    official = make_user("pejabat-penandatangan", first_name="Dr. Adin Bondar, M.Si.")
    application = ApplicationFactory(documents=True, status=ApplicationStatus.PASSED)
    return CertificateFactory(
        application=application,
        status=CertificateStatus.LEGALISATION,
        number=NUMBER,
        pdf_state=FileState.PENDING,
        signed_by=official,
        signed_at=timezone.now(),
    )


def rendering(certificate: Certificate) -> bool:
    """Whether the first worker is inside certificate_pdf_store: it holds the certificate's
    row lock (SELECT ... FOR UPDATE) for the whole rendering and signing."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE a.application_name = %s AND l.relation = %s::regclass "
            "AND l.mode = 'RowShareLock' AND l.granted",
            [FIRST, Certificate._meta.db_table],
        )
        return cursor.fetchone()[0] > 0


def test_a_worker_killed_while_rendering_is_completed_by_the_redrive_once(
    signed_certificate,
    signing_key,  # noqa: F811
    tmp_path,
    private_redis,
    start_worker,
    send_task,
):
    certificate = signed_certificate
    worker_env = {
        "REDIS_URL": private_redis.url,
        "PORTAL_VAR_DIR": tmp_path,  # its media directory is the test's (tmp_path / "media")
        "CERT_SIGNING_P12": signing_key,
        "CERT_SIGNING_PASSPHRASE": PASSPHRASE,
    }
    first = start_worker(DATABASE_URL=f"{database_url()}?application_name={FIRST}", **worker_env)
    send_task(render_certificate, private_redis.url, certificate.pk)  # queued by the signing

    wait_for(lambda: rendering(certificate), 60, "the first worker to start rendering", 0.02)
    first.process.kill()  # SIGKILL, mid-rendering
    first.process.popen.wait(5)

    wait_for(lambda: not rendering(certificate), 10, "PostgreSQL to end the dead worker's lock")
    certificate.refresh_from_db()
    assert certificate.pdf_state == FileState.PENDING
    assert not certificate.pdf
    folder = tmp_path / "media" / "sertifikat" / str(certificate.public_id)
    assert not folder.exists() or not any(folder.iterdir())

    second = start_worker(**worker_env)
    # Ten minutes on, the certificate is stale (documents.STALE_AFTER); beat runs the re-drive.
    Certificate.objects.filter(pk=certificate.pk).update(
        updated_at=timezone.now() - timedelta(minutes=11)
    )
    redrive = send_task(redrive_documents, private_redis.url)

    def stored():
        """the second worker to store the signed PDF"""
        return Certificate.objects.get(pk=certificate.pk).pdf_state == FileState.READY

    wait_for(stored, 60, stored.__doc__)
    assert second.ran(redrive)
    certificate.refresh_from_db()
    assert certificate.number == NUMBER
    assert sorted(path.name for path in folder.iterdir()) == ["sertifikat-UKP-2026-000417.pdf"]
    with certificate.pdf.open("rb") as file:
        assert_signed_pades(file.read())
    assert Certificate.objects.filter(number=NUMBER).count() == 1
