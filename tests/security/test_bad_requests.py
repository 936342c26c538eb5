"""Requests the portal cannot serve are answered 400 with the Indonesian page (JSON under /api/),
never 500: a Host header that is not ours, under production settings, and a NUL byte in any
query parameter or form field (PostgreSQL refuses NUL in a query: a view that passed one on
crashed, e.g. /penjadwalan/isi-otomatis/?layanan=a%00b for a scheduler)."""

import pytest
from django.test import Client
from django.urls import reverse

from portal.constants import Role
from tests.test_security_headers import production_settings

pytestmark = pytest.mark.django_db

HOST = "kompetensi.example.go.id"


@pytest.fixture
def production(settings, monkeypatch, tmp_path):
    """The portal under its production security settings (DEBUG off, HTTPS), serving HOST only.
    A new client, built after the settings are in place; it raises what the portal does not
    handle, so a 500 fails the test with its traceback."""
    environment = {"ALLOWED_HOSTS": HOST}
    for name, value in production_settings(monkeypatch, tmp_path, **environment).items():
        setattr(settings, name, value)
    settings.ALLOWED_HOSTS = [HOST]
    assert not settings.DEBUG
    return Client()


# --- Host ------------------------------------------------------------------------------------


@pytest.mark.parametrize("secure", [True, False], ids=["https", "http-before-redirect"])
@pytest.mark.parametrize("path", ["/", "/pengaduan/", "/accounts/login/", "/tidak-ada/"])
def test_a_host_that_is_not_ours_is_answered_400_not_500(production, path, secure):
    response = production.get(path, HTTP_HOST="penyerang.example", secure=secure)

    assert response.status_code == 400
    assert "Permintaan tidak dapat diproses" in response.content.decode()


def test_a_host_that_is_not_ours_is_answered_400_in_json_under_the_api(production):
    response = production.get("/api/certificates/UKP/2026/000001/", HTTP_HOST="penyerang.example")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "bad_request"


def test_our_own_host_is_served(production):
    assert production.get("/", HTTP_HOST=HOST, secure=True).status_code == 200


# --- NUL bytes -------------------------------------------------------------------------------


@pytest.fixture
def scheduler_client(client, make_user):
    client.force_login(make_user("penjadwal", Role.SCHEDULER))
    return client


def test_a_nul_byte_in_a_staff_filter_is_400_not_500(scheduler_client):
    response = scheduler_client.get("/penjadwalan/isi-otomatis/?layanan=a%00b")

    assert response.status_code == 400
    body = response.content.decode()
    assert "Permintaan tidak dapat diproses" in body
    assert "karakter NUL" in body  # says what is wrong


def test_the_same_page_without_the_nul_byte_is_served(scheduler_client):
    assert scheduler_client.get("/penjadwalan/isi-otomatis/?layanan=ab").status_code == 200


@pytest.mark.parametrize(
    "query",
    ["nip=1986%00", "%00=1", "nip=1&nip=%00", "layanan=%00"],
    ids=["value", "name", "repeated", "only-nul"],
)
def test_a_nul_byte_anywhere_in_a_public_query_is_400(client, query):
    response = client.get(f"/cek-nip/?{query}")

    assert response.status_code == 400
    assert "karakter NUL" in response.content.decode()


def test_a_nul_byte_in_a_form_field_is_400_and_nothing_is_saved(client):
    from complaints.models import Complaint
    from tests.complaints.test_complaint_public import form_data

    response = client.post(reverse("complaint_new"), form_data(subject="Jadwal\x00"))

    assert response.status_code == 400
    assert "karakter NUL" in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_nul_byte_in_an_api_query_is_a_json_400(client):
    response = client.get("/api/certificates/UKP/2026/000001/?t=%00")

    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"
    assert "NUL" in response.json()["detail"]


def test_a_percent_sign_that_only_looks_like_a_nul_byte_is_served(client):
    response = client.get("/cek-nip/?nip=%2500")  # the text "%00", not a NUL byte

    assert response.status_code == 200
