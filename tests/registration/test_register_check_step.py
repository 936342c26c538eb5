"""Registration's "periksa kembali" step: the address is shown back before anything is mailed,
"Ubah" returns to the form as typed, and only "Benar, kirim tautan" sends (once)."""

import pytest
from django.core import mail
from django.urls import reverse

from portal.models import OutboundEmail
from registration.models import RegistrationMail
from tests.factories import LibrarianFactory

pytestmark = pytest.mark.django_db

NIP = "198609262015052001"
SPACED_NIP = "19860926 201505 2 001"
EMAIL = "rina@perpusnas.example.id"


def post(client, **data):
    return client.post(reverse("register"), {"nip": SPACED_NIP, "email": EMAIL, **data})


def test_first_submit_shows_the_address_back_and_mails_nothing(client):
    LibrarianFactory(nip=NIP)

    response = post(client)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Periksa kembali alamat e-mail Anda" in page
    assert EMAIL in page
    assert "Rina Wulandari" in page
    assert "Benar, kirim tautan" in page
    assert 'name="confirm" value="1"' in page
    assert not RegistrationMail.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_the_check_step_shows_the_address_typed_in_lower_case(client):
    LibrarianFactory(nip=NIP)

    page = post(client, email="Rina@Perpusnas.Example.ID").content.decode()

    assert EMAIL in page  # the spelling the mail goes to


def test_change_returns_to_the_form_as_typed_with_nothing_judged(client):
    LibrarianFactory(nip=NIP)

    response = post(client, email="rina@perpusnas.exampel.id", confirm="1", ubah="1")

    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="rina@perpusnas.exampel.id"' in page
    assert f'value="{SPACED_NIP}"' in page
    assert "Periksa kembali" not in page
    assert not RegistrationMail.objects.exists()


def test_confirming_sends_one_link_even_when_pressed_twice(
    client, django_capture_on_commit_callbacks
):
    LibrarianFactory(nip=NIP)

    with django_capture_on_commit_callbacks(execute=True):
        first = post(client, confirm="1")
        second = post(client, confirm="1")

    assert first.url == second.url == reverse("register_done")
    assert [message.to for message in mail.outbox] == [[EMAIL]]
    assert RegistrationMail.objects.count() == 1


def test_an_official_registry_address_is_shown_masked_instead_of_the_typed_one(client):
    LibrarianFactory(nip=NIP, email="rina.resmi@perpusnas.go.id")

    page = post(client, email="apa.saja@contoh.id").content.decode()

    assert "alamat e-mail resmi" in page
    assert "r***@perpusnas.go.id" in page
    assert "rina.resmi@perpusnas.go.id" not in page
    # The typed address rides along in the hidden field only, for "Ubah".
    assert page.count("apa.saja@contoh.id") == 1


def test_a_nip_missing_from_the_registry_is_refused_at_the_check_step(client):
    response = post(client)

    page = response.content.decode()
    assert "belum ada di database Pustakawan" in page
    assert "Periksa kembali alamat" not in page
    assert 'href="#id_nip"' in page  # the error summary links to the field


def test_empty_fields_say_which_one_to_fill(client):
    page = client.post(reverse("register"), {"nip": "", "email": ""}).content.decode()

    assert "Isi NIP Anda (18 angka)." in page
    assert "Isi alamat e-mail aktif Anda." in page


def test_change_does_not_count_against_the_rate_limit(client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "register": "1/h/ip"}
    LibrarianFactory(nip=NIP)

    statuses = [post(client, ubah="1").status_code for _ in range(3)]
    statuses += [post(client).status_code, post(client).status_code]

    assert statuses == [200, 200, 200, 200, 429]
