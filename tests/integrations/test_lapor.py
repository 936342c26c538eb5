"""The SP4N-LAPOR! connector: a complaint that came from LAPOR! gets its status changes and the
team's answers sent back to a (fake, loopback) LAPOR! endpoint, in order, once, with the
portal's token; complaints of other channels send nothing there."""

from datetime import timedelta

import pytest
from django.utils import timezone

from complaints.constants import Channel, ComplaintStatus, MessageKind
from complaints.services import complaint_message_add, complaint_transition
from integrations.delivery import deliveries_drain
from integrations.models import Delivery

pytestmark = pytest.mark.django_db

LATER = timedelta(days=1)


def test_a_lapor_complaints_status_and_answer_go_back_to_lapor(lapor, make_complaint, handler):
    complaint = make_complaint(channel=Channel.LAPOR, external_reference="LAPOR-2026-0042")
    complaint_transition(complaint=complaint, to=ComplaintStatus.VERIFIED, actor=handler)
    complaint_message_add(
        complaint=complaint,
        kind=MessageKind.REPLY,
        body="Jadwal uji diumumkan pekan depan di laman layanan.",
        actor=handler,
    )
    complaint_message_add(
        complaint=complaint, kind=MessageKind.NOTE, body="Catatan internal tim.", actor=handler
    )

    deliveries_drain()
    assert deliveries_drain(now=timezone.now() + LATER) == 0

    sent = [
        (body["type"], body.get("to_state") or body.get("message"), body["lapor_id"])
        for body in lapor.bodies
    ]
    assert sent == [
        ("status", ComplaintStatus.RECEIVED, "LAPOR-2026-0042"),
        ("status", ComplaintStatus.VERIFIED, "LAPOR-2026-0042"),
        ("answer", "Jadwal uji diumumkan pekan depan di laman layanan.", "LAPOR-2026-0042"),
        ("status", ComplaintStatus.ANSWERED, "LAPOR-2026-0042"),
    ]
    for request in lapor.received:
        assert request.path == "/lapor/api"
        assert request.headers["authorization"] == "Bearer token-lapor-uji"
        assert request.headers["idempotency-key"] == request.json["id"]
    assert "Catatan internal" not in str(lapor.bodies)
    assert "budi@example.test" not in str(lapor.bodies)


def test_lapor_down_then_up_gets_everything_in_order_once(lapor, make_complaint, handler):
    lapor.status = 503
    complaint = make_complaint(channel=Channel.LAPOR, external_reference="LAPOR-2026-0043")
    complaint_transition(complaint=complaint, to=ComplaintStatus.VERIFIED, actor=handler)
    complaint_transition(complaint=complaint, to=ComplaintStatus.IN_PROGRESS, actor=handler)
    deliveries_drain()
    refused = len(lapor.received)

    lapor.status = 200
    assert deliveries_drain(now=timezone.now() + LATER) == 3

    assert refused == 1
    assert [body["to_state"] for body in lapor.bodies[refused:]] == [
        ComplaintStatus.RECEIVED,
        ComplaintStatus.VERIFIED,
        ComplaintStatus.IN_PROGRESS,
    ]


def test_complaints_of_other_channels_send_nothing_to_lapor(lapor, make_complaint, handler):
    complaint = make_complaint(channel=Channel.EMAIL)
    portal = make_complaint()
    complaint_transition(complaint=complaint, to=ComplaintStatus.VERIFIED, actor=handler)
    complaint_message_add(
        complaint=portal, kind=MessageKind.REPLY, body="Sudah kami periksa.", actor=handler
    )

    deliveries_drain()

    assert lapor.received == []
    assert not Delivery.objects.exists()


def test_nothing_is_recorded_for_lapor_while_no_endpoint_is_set(settings, make_complaint, handler):
    settings.PORTAL_LAPOR_URL = ""
    complaint = make_complaint(channel=Channel.LAPOR, external_reference="LAPOR-2026-0044")
    complaint_transition(complaint=complaint, to=ComplaintStatus.VERIFIED, actor=handler)

    assert not Delivery.objects.exists()
