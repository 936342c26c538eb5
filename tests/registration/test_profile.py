"""The candidate's dashboard and profile show their registry data; nobody else's."""

import pytest
from django.urls import reverse

from tests.factories import LibrarianFactory

pytestmark = pytest.mark.django_db


def test_profile_shows_the_grouped_nip_and_registry_data(client, candidate):
    LibrarianFactory(nip=candidate.nip)
    client.force_login(candidate)

    page = client.get(reverse("profile")).content.decode()

    assert "19860926 201505 2 001" in page
    assert "Perpustakaan Nasional RI" in page


def test_dashboard_shows_the_registry_entry_of_the_logged_in_candidate_only(
    client, candidate, outsider
):
    LibrarianFactory(nip=candidate.nip, name="Rina Wulandari, S.I.Pust.")
    LibrarianFactory(nip=outsider.nip, name="Budi Santoso, S.Sos., M.Hum.")
    client.force_login(outsider)

    page = client.get(reverse("dashboard")).content.decode()

    assert "Budi Santoso" in page
    assert "Rina Wulandari" not in page


@pytest.mark.parametrize("name", ["dashboard", "profile"])
def test_candidate_pages_send_anonymous_visitors_to_login(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_staff_member_is_sent_from_the_dashboard_to_the_staff_home(client, verifier):
    client.force_login(verifier)

    assert client.get(reverse("dashboard")).url == reverse("staff_home")
