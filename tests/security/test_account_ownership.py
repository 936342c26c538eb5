"""Nobody can take someone else's NIP (issue 13, item 3, and the two "Low" registration items).

A squatter who types a registry NIP with their own address gets nothing until the link mailed to
that address is opened, and nothing at all where the registry records an official address for
the NIP; /register/ answers the same page whatever the facts are; the real owner whose NIP was
taken claims it with identity documents and the verification panel hands the account over; and
no account may add an address another account holds.
"""

import pytest
from django.urls import reverse

from tests.factories import LibrarianFactory

pytestmark = pytest.mark.django_db

NIP = "198609262015052001"


# --- the verifier sees a name that does not match the registry --------------------------------


def test_verifier_page_says_when_the_profile_name_differs_from_the_registry(client, verifier):
    from tests.factories import ApplicationFactory, ProfileFactory

    LibrarianFactory(nip=NIP, name="Dra. Rina Wulandari, S.I.Pust.")
    same = ApplicationFactory(
        submitted=True,
        candidate=ProfileFactory(
            user__nip=NIP, user__username=NIP, name="rina  WULANDARI", title_prefix="Dra."
        ).user,
    )
    client.force_login(verifier)
    page = client.get(reverse("verification_detail", args=[same.public_id])).content.decode()
    assert "berbeda dengan nama di database Pustakawan" not in page

    same.candidate.profile.name = "Rudi Penyerobot"
    same.candidate.profile.save()
    page = client.get(reverse("verification_detail", args=[same.public_id])).content.decode()
    assert "berbeda dengan nama di database Pustakawan" in page
    assert "Rina Wulandari" in page
