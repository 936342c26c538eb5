"""Signing through a real Celery worker over Redis, as in production: the official signs, the
render task runs on the 'pdf' queue after commit, and the certificate ends with one signed PDF."""

from django.db import transaction

from certificates import services
from certificates.constants import CertificateStatus, FileState
from certificates.models import Certificate
from tests.certificates.test_signing import (  # noqa: F401 - the fixtures
    assert_signed_pades,
    demo_p12,
    signing_key,
)
from tests.portal.test_celery_worker import pytestmark as worker_marks
from tests.portal.test_celery_worker import wait_for, worker  # noqa: F401 - the fixture

pytestmark = worker_marks


def test_the_worker_renders_and_signs_what_the_official_signed(
    worker,  # noqa: F811
    signing_key,  # noqa: F811
    make_certificate,
    signing_official,
):
    certificate = make_certificate(status=CertificateStatus.SIGNING)

    with transaction.atomic():
        result = services.certificate_sign(certificates=[certificate], actor=signing_official)
    assert result.done == [certificate]

    def rendered():
        """the signed PDF to be stored by the worker, and the task to have returned (the PDF is
        committed inside the task, a moment before the worker records the task as run)"""
        stored = Certificate.objects.get(pk=certificate.pk).pdf_state == FileState.READY
        return stored and bool(worker)

    wait_for(rendered, timeout=60)
    stored = Certificate.objects.get(pk=certificate.pk)
    assert worker == ["certificates.tasks.render_certificate"]
    with stored.pdf.open("rb") as file:
        assert_signed_pades(file.read())
