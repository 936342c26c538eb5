"""Registration by NIP and e-mail: every refusal with its message, and the credentials mail."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from portal.constants import EmailStatus
from portal.models import OutboundEmail
from tests.factories import LibrarianFactory

pytestmark = pytest.mark.django_db
User = get_user_model()

NIP = "198609262015052001"
SPACED_NIP = "19860926 201505 2 001"


@pytest.fixture
def librarian():
    return LibrarianFactory(nip=NIP)


def register(client, nip=SPACED_NIP, email="rina@perpusnas.example.id"):
    return client.post(reverse("register"), {"nip": nip, "email": email})


def password_from(message) -> str:
    return re.search(r"Kata sandi: (\S+)", message.body).group(1)


def test_register_creates_account_and_mails_credentials(
    client, librarian, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client)

    assert response.status_code == 302
    assert response.url == reverse("register_done")
    user = User.objects.get(nip=NIP)
    assert user.username == NIP
    assert user.email == "rina@perpusnas.example.id"
    assert user.first_name == librarian.name
    assert user.must_change_password
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rina@perpusnas.example.id"]
    assert "Akun Portal Kompetensi ASN Anda" in message.subject
    assert f"Nama pengguna (NIP): {NIP}" in message.body
    password = password_from(message)
    assert len(password) == 14
    assert user.check_password(password)
    assert "X-Portal-Sensitive" not in message.extra_headers


def test_credentials_are_erased_from_the_outbox_once_sent(
    client, librarian, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(client)

    stored = OutboundEmail.objects.get()
    assert stored.status == EmailStatus.SENT
    assert password_from(mail.outbox[0]) not in stored.body


def test_register_done_page_names_the_address(client, librarian):
    register(client)
    response = client.get(reverse("register_done"))
    assert "rina@perpusnas.example.id" in response.content.decode()


def test_credentials_mail_is_stored_with_the_account_and_sent_only_after_commit(client, librarian):
    register(client)  # the test transaction never commits, so on-commit work does not run

    assert User.objects.filter(nip=NIP).exists()
    assert OutboundEmail.objects.filter(status=EmailStatus.PENDING).count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("19860926201505200", "18 digit"),
        ("198613262015052001", "Tanggal lahir pada NIP"),
        ("198609262015132001", "TMT CPNS pada NIP"),
        ("198609262015053001", "jenis kelamin"),
        ("198609262015052000", "Nomor urut"),
    ],
)
def test_invalid_nip_is_refused_with_the_wrong_part_named(client, librarian, nip, message):
    response = register(client, nip=nip)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_nip_not_in_registry_is_refused(client):
    response = register(client)

    assert "belum ada di database Pustakawan" in response.content.decode()
    assert not User.objects.exists()


def test_registered_nip_is_sent_to_password_reset_without_revealing_the_email(
    client, librarian, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(client)

    response = register(client, email="someone.else@example.id")

    page = response.content.decode()
    assert "sudah terdaftar" in page
    assert "Lupa Kata Sandi" in page
    assert "rina@perpusnas.example.id" not in page
    assert User.objects.count() == 1
    assert len(mail.outbox) == 1


def test_email_in_use_is_refused_whatever_its_case(client, librarian, make_user):
    make_user("staf", email="rina@perpusnas.example.id")

    response = register(client, email="RINA@Perpusnas.Example.ID")

    assert "sudah dipakai akun lain" in response.content.decode()
    assert not User.objects.filter(nip=NIP).exists()


def test_malformed_email_is_refused(client, librarian):
    response = register(client, email="bukan-email")

    assert response.status_code == 200
    assert not User.objects.exists()


def test_double_submit_creates_one_account_and_one_mail(
    client, librarian, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = register(client)
        second = register(client)

    assert first.status_code == 302
    assert second.status_code == 200
    assert User.objects.count() == 1
    assert OutboundEmail.objects.count() == 1
    assert len(mail.outbox) == 1


def test_logged_in_user_is_sent_from_register_to_the_dashboard(client, candidate):
    client.force_login(candidate)
    assert client.get(reverse("register")).url == reverse("dashboard")


def test_register_form_is_prefilled_from_the_nip_check(client):
    response = client.get(reverse("register"), {"nip": SPACED_NIP})
    assert f'value="{SPACED_NIP}"' in response.content.decode()
