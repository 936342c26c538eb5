"""One address, one account: adding a free address still works, and how addresses are masked.
(Refusals of taken addresses: tests/security/test_account_ownership.py.)"""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from registration.addresses import address_mask

pytestmark = pytest.mark.django_db


def test_a_free_address_can_still_be_added(client, candidate):
    client.force_login(candidate)

    client.post(reverse("account_email"), {"action_add": "", "email": "Rina.Baru@Contoh.ID"})

    assert EmailAddress.objects.filter(user=candidate, email="rina.baru@contoh.id").exists()


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("rina.wulandari@perpusnas.go.id", "r***@perpusnas.go.id"),
        ("a@contoh.id", "a***@contoh.id"),
        ("", ""),
    ],
)
def test_addresses_are_masked_to_their_first_letter_and_domain(address, masked):
    assert address_mask(address) == masked
