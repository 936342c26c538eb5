"""Two reports about the same requirement filed at the same moment join one cluster: the
second insert of an open cluster waits on the first's unique index entry, fails once the
first commits, and takes the first's cluster (complaints.services._cluster_open_for)."""

import threading
import time

import pytest
from django.db import connection, transaction

from complaints.constants import AboutKind, ComplaintKind
from complaints.models import Complaint, ComplaintCluster
from complaints.services import complaint_submit
from portal.models import Requirement, Service
from tests.factories import SERVICE_SLUG


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_filings_make_one_cluster(reference_data):
    service = Service.objects.get(slug=SERVICE_SLUG)
    requirement = Requirement.objects.filter(service=service).order_by("pk").first()
    first_inside = threading.Event()
    outcomes = {}

    def file(name: str, hold: bool):
        try:
            with transaction.atomic():
                complaint = complaint_submit(
                    kind=ComplaintKind.COMPLAINT,
                    subject=name,
                    description="Unggahan gagal.",
                    service=service,
                    about_kind=AboutKind.REQUIREMENT,
                    about_key=str(requirement.pk),
                )
                if hold:  # the first keeps its new cluster uncommitted a moment
                    first_inside.set()
                    time.sleep(1)
            outcomes[name] = complaint.cluster_id
        except Exception as exc:
            outcomes[name] = exc
        finally:
            connection.close()

    first = threading.Thread(target=file, args=("pertama", True))
    first.start()
    assert first_inside.wait(30)
    second = threading.Thread(target=file, args=("kedua", False))
    second.start()
    first.join(30)
    second.join(30)

    assert not any(isinstance(outcome, Exception) for outcome in outcomes.values()), outcomes
    assert outcomes["pertama"] == outcomes["kedua"] is not None
    assert ComplaintCluster.objects.count() == 1
    assert Complaint.objects.filter(cluster_id=outcomes["pertama"]).count() == 2
