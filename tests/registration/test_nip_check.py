"""The public NIP check against the librarian registry."""

import pytest
from django.urls import reverse

from tests.factories import LibrarianFactory

pytestmark = pytest.mark.django_db


def check(client, nip):
    return client.get(reverse("nip_check"), {"nip": nip})


def test_found_nip_shows_name_institution_level_and_a_link_to_register(client):
    librarian = LibrarianFactory()

    page = check(client, "19860926 201505 2 001").content.decode()

    assert librarian.name in page
    assert "Perpustakaan Nasional RI" in page
    assert "Pustakawan Ahli Pertama" in page
    assert f"{reverse('register')}?nip={librarian.nip}" in page


def test_official_registry_address_is_shown_masked(client):
    LibrarianFactory(email="rina.wulandari@perpusnas.example.id")

    page = check(client, "19860926 201505 2 001").content.decode()

    assert "r***@perpusnas.example.id" in page
    assert "rina.wulandari@" not in page


def test_valid_nip_missing_from_the_registry_explains_what_to_do(client):
    LibrarianFactory()

    response = check(client, "199001152014031002")

    assert response.status_code == 200
    page = response.content.decode()
    assert "belum ada di database Pustakawan" in page
    assert "pengelola kepegawaian" in page


def test_invalid_nip_says_which_part_is_wrong(client):
    page = check(client, "198609262015052").content.decode()
    assert "18 digit" in page


def test_empty_page_shows_the_form_without_errors(client):
    response = client.get(reverse("nip_check"))
    assert response.status_code == 200
    assert 'name="nip"' in response.content.decode()


def test_nip_check_is_rate_limited_per_address(client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "nip_check": "3/m/ip"}

    statuses = [check(client, "199001152014031002").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    limited = check(client, "199001152014031002")
    assert "Retry-After" in limited
    assert "Terlalu banyak" in limited.content.decode()


def test_register_is_rate_limited_per_address(client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "register": "2/h/ip"}
    data = {"nip": "199001152014031002", "email": "x@example.id"}

    statuses = [client.post(reverse("register"), data).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_behind_a_trusted_proxy_limits_count_each_client_address(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "nip_check": "2/m/ip"}

    def check_from(address):
        return client.get(
            reverse("nip_check"),
            {"nip": "199001152014031002"},
            headers={"x-forwarded-for": address},
        ).status_code

    assert [check_from("203.0.113.7") for _ in range(3)] == [200, 200, 429]
    assert check_from("198.51.100.20") == 200
