"""Where the NIP check's answer lands: at the top of the page, above the form and the notes,
and the form jumps to it (#hasil), so a phone shows the answer and its next button at once."""

import pytest
from django.urls import reverse

from tests.factories import LibrarianFactory

pytestmark = pytest.mark.django_db


def check(client, nip):
    return client.get(reverse("nip_check"), {"nip": nip}).content.decode()


def test_the_form_jumps_to_the_result(client):
    page = client.get(reverse("nip_check")).content.decode()

    assert f'action="{reverse("nip_check")}#hasil"' in page
    assert 'id="hasil"' not in page  # nothing to jump to before a search


def test_a_found_nip_is_answered_above_the_form_and_the_explanations(client):
    LibrarianFactory()

    page = check(client, "19860926 201505 2 001")

    result = page.index('id="hasil"')
    assert result < page.index("Daftar dengan NIP ini") < page.index('name="nip"')
    assert result < page.index("Informasi dari NIP")
    assert "<title>NIP terdaftar: Cek NIP" in page  # what a screen reader announces first


def test_a_nip_missing_from_the_registry_is_answered_at_the_top_too(client):
    page = check(client, "199001152014031002")

    assert page.index('id="hasil"') < page.index('name="nip"')
    assert "<title>NIP belum terdaftar: Cek NIP" in page


def test_an_invalid_nip_shows_the_error_in_the_form_with_no_result(client):
    page = check(client, "198609262015052")

    assert 'id="hasil"' not in page
    assert "<title>Kesalahan: Cek NIP" in page
    assert "18 digit" in page
