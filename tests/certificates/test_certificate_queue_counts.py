"""Issue 19: the certificates staff queue makes the same queries with three times as many
certificates, on page 1 and on the last page of each stage (tests/queue_counts.py), and counts its
tabs from an index."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certificates import selectors, staff_views, workflow
from certificates.constants import CertificateStatus
from portal.catalogue import services_of
from tests.databases import postgres_only
from tests.factories import CertificateFactory
from tests.queue_counts import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("stage", "officer"),
    [
        (CertificateStatus.DATA_CHECK, "certificate_officer"),
        (CertificateStatus.SHIPPING, "certificate_officer"),
        (CertificateStatus.SIGNING, "signing_official"),
    ],
)
def test_the_queue_of_a_stage(client, monkeypatch, request, stage, officer):
    monkeypatch.setattr(staff_views, "PAGE_SIZE", 2)

    def grow(count):
        for _ in range(count):
            CertificateFactory(status=stage)

    client.force_login(request.getfixturevalue(officer))
    assert_constant_queries(
        client,
        reverse("certificates_queue"),
        grow,
        params={"tahap": stage},
        page_of=lambda response: response.context["page"],
    )


@postgres_only("reads the index's definition from pg_indexes")
@pytest.mark.parametrize("overdue", [False, True])
def test_the_tab_counts_are_read_from_an_index(certificate_officer, overdue):
    """Every stage's count in one grouped query, answered through the index certificate_queue
    (status, service, due date, id): the certificates are filtered on their own service, not
    joined to their application."""
    for stage in (CertificateStatus.DATA_CHECK, CertificateStatus.SHIPPING):
        CertificateFactory(status=stage)
    scopes = workflow.stage_providers(certificate_officer)
    services = services_of(frozenset().union(*scopes.values()))
    today = timezone.localdate() if overdue else None
    with CaptureQueriesContext(connection) as captured:
        counts = selectors.certificate_stage_counts(scopes=scopes, today=today, services=services)
    (query,) = captured.captured_queries
    assert counts[CertificateStatus.SHIPPING] == (0 if overdue else 1)

    # Whether PostgreSQL takes the index depends on the tables' sizes and statistics (on a
    # test's two rows, a join through the application's unique index costs the same), so the
    # bench measures that. Here: the query reads nothing of a certificate that the index does
    # not hold, and the index is there as the query needs it.
    columns = set(re.findall(r'"certificates_certificate"\."(\w+)"', query["sql"]))
    assert columns <= {"status", "service_id", "due_date", "id", "revoked_at"}, columns
    assert "registration_application" not in query["sql"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'certificate_queue'")
        (definition,) = cursor.fetchone()
    assert (
        "(status, service_id, due_date, created_at, id) INCLUDE (application_id) "
        "WHERE (revoked_at IS NULL)"
    ) in definition
