"""Webhook deliveries through a real Celery worker over the real Redis broker, as in
production: queued when the change commits, the next of an object queued when the one before
is delivered."""

import pytest
from django.conf import settings as django_settings

from complaints.constants import ComplaintStatus
from complaints.services import complaint_transition
from integrations.constants import DeliveryStatus
from integrations.models import Delivery
from integrations.services import subscription_create
from tests.portal.test_celery_worker import wait_for, worker  # noqa: F401 (the fixture)

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        not django_settings.REDIS_URL,
        reason="needs REDIS_URL (a real Redis broker); CI sets it",
    ),
]


def test_the_worker_delivers_each_change_once_in_order(
    worker,  # noqa: F811
    receiver,
    perpusnas,
    make_complaint,
    handler,
):
    subscription_create(
        provider=perpusnas, name="Arsip", url=receiver.url, event_types=["complaint.status"]
    )
    complaint = make_complaint()
    complaint_transition(complaint=complaint, to=ComplaintStatus.VERIFIED, actor=handler)
    complaint_transition(complaint=complaint, to=ComplaintStatus.IN_PROGRESS, actor=handler)

    def done():
        """the three deliveries to be delivered by the worker, not eagerly, and the worker to have
        finished their tasks (a task marks its row delivered a moment before its postrun)"""
        return (
            Delivery.objects.filter(status=DeliveryStatus.DELIVERED).count() == 3
            and len(receiver.received) >= 3
            and worker.count("integrations.tasks.deliver") >= 3
        )

    wait_for(done)

    assert [body["data"]["to_state"] for body in receiver.bodies] == [
        ComplaintStatus.RECEIVED,
        ComplaintStatus.VERIFIED,
        ComplaintStatus.IN_PROGRESS,
    ]
