"""A certificate keeps its application's service (the staff queues filter on it, not on the
application): every way a certificate is made sets it, and the queue, its tab counts and the bulk
download's check read no application but the conflicted candidates'."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates import bulk
from certificates.constants import BulkKind, FileState
from certificates.constants import CertificateStatus as C
from certificates.services import certificate_open
from portal.catalogue import services_of
from registration.constants import ApplicationStatus
from tests.factories import ApplicationFactory, CertificateFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_opening_copies_the_applications_service(passed_application, certificate_officer):
    certificate = certificate_open(application=passed_application, actor=certificate_officer)
    certificate.refresh_from_db()
    assert certificate.service_id == passed_application.service_id


def test_the_factory_copies_the_applications_service():
    certificate = CertificateFactory()
    assert certificate.service_id == certificate.application.service_id


def test_a_certificate_made_without_its_service_takes_the_applications():
    """The safety net in Certificate.save(), for a creation path that forgets it."""
    application = ApplicationFactory(status=ApplicationStatus.PASSED)
    certificate = CertificateFactory.build(application=application, service=None)
    certificate.save()
    certificate.refresh_from_db()
    assert certificate.service_id == application.service_id


def test_the_queue_reads_the_certificates_alone(client, certificate_officer, make_certificate):
    """The queue's ids, its count and the tab counts filter on the certificate's service: the
    applications table appears only in the conflict exclusion's small subquery."""
    make_certificate()
    client.force_login(certificate_officer)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("certificates_queue"), {"tahap": C.DATA_CHECK})
    assert len(response.context["page"].object_list) == 1
    certificate_queries = [  # those that read the certificates (not the result letters' check)
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].split(" FROM ", 1)[-1].startswith('"certificates_certificate"')
    ]
    assert certificate_queries
    for sql in certificate_queries:
        assert 'JOIN "registration_application"' not in sql, sql


def test_the_bulk_check_finds_a_ready_pdf_of_the_providers_services_only(make_certificate):
    ours = make_certificate(status=C.SHIPPING, pdf_state=FileState.READY)
    provider_id = ours.service.provider_id
    elsewhere = ServiceFactory()
    assert elsewhere.provider_id != provider_id
    services = services_of([provider_id, elsewhere.provider_id])
    assert bulk.kinds_ready(stage=C.SHIPPING, provider_ids=[provider_id], services=services) == [
        BulkKind.CERTIFICATES
    ]
    assert bulk.kinds_ready(stage=C.SHIPPING, provider_ids=[elsewhere.provider_id]) == []
