"""Issue 19: the certificates staff queue makes the same queries with three times as many
certificates, on page 1 and on the last page of each stage (tests/queue_counts.py)."""

import pytest
from django.urls import reverse

from certificates import staff_views
from certificates.constants import CertificateStatus
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
