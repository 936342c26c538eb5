"""The profile form in Indonesian from the first view to the last error: each select says what
to choose, each empty field what to fill, all in one round."""

import pytest
from django.urls import reverse

from registration.models import Profile

pytestmark = pytest.mark.django_db

URL = reverse("profile_edit")


def test_every_select_has_an_indonesian_placeholder(client, candidate):
    client.force_login(candidate)

    page = client.get(URL).content.decode()

    assert '<option value="" selected>— Pilih pangkat/golongan —</option>' in page
    assert '<option value="" selected>— Pilih jenjang jabatan —</option>' in page
    assert "Select an option" not in page
    assert "---------" not in page


def test_an_empty_form_names_each_field_to_fill(client, candidate):
    client.force_login(candidate)

    response = client.post(URL, {})

    errors = {name: list(messages) for name, messages in response.context["form"].errors.items()}
    assert errors == {
        "name": ["Isi nama lengkap."],
        "birth_place": ["Isi tempat lahir."],
        "rank": ["Pilih pangkat/golongan."],
        "position": ["Isi jabatan terakhir."],
        "level": ["Pilih jenjang jabatan."],
        "work_unit": ["Isi unit kerja."],
        "institution": ["Isi instansi."],
        "whatsapp": ["Isi nomor WhatsApp."],
        "mailing_address": ["Isi alamat pengiriman sertifikat."],
        "postal_code": ["Isi kode pos."],
    }
    page = response.content.decode()
    assert "Bidang ini tidak boleh kosong" not in page
    assert "This field is required" not in page
    assert 'href="#id_name"' in page  # the summary links to each field
    assert not Profile.objects.exists()


def test_a_refused_choice_says_to_pick_from_the_list(client, candidate):
    client.force_login(candidate)

    errors = client.post(URL, {"rank": "999999", "level": "x"}).context["form"].errors

    assert errors["rank"] == ["Pilih pangkat/golongan dari daftar."]
    assert errors["level"] == ["Pilih jenjang jabatan dari daftar."]
