"""An engine case's state changes are offered to its provider's webhooks ("case.<kind>"):
one delivery per subscription of the case's service's provider, none for another provider's."""

import pytest

from integrations.models import Delivery
from integrations.services import subscription_create
from portal.events import event_record
from tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def test_a_cases_state_change_becomes_its_providers_delivery(make_case, bkpsdm):
    subscription, _secret = subscription_create(
        provider=bkpsdm,
        name="SIMPEG daerah",
        url="https://simpeg.example.go.id/hook",
        event_types=["case.state"],
    )
    subscription_create(
        provider=ProviderFactory(),
        name="Lain",
        url="https://lain.example.go.id/hook",
        event_types=["case.state"],
    )
    case = make_case()

    event_record(subject=case, kind="state", from_state="active", to_state="completed")
    event_record(subject=case, kind="created")  # not chosen

    delivery = Delivery.objects.get()
    assert delivery.subscription == subscription
    assert delivery.payload["type"] == "case.state"
    assert delivery.payload["data"]["object"] == {"kind": "case", "id": str(case.public_id)}
    assert delivery.payload["data"]["provider"] == bkpsdm.slug
    assert "Rina" not in str(delivery.payload) and case.nip not in str(delivery.payload)
