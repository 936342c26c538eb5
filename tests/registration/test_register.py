"""Registration by NIP and e-mail: a link to the address first, the account and the credentials
mail once it is opened; every refusal with its message."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.constants import EmailStatus
from portal.models import Event, OutboundEmail
from registration.constants import REGISTRATION_LINK_VALID, RegistrationMailKind
from registration.models import RegistrationMail
from tests.factories import LibrarianFactory

pytestmark = pytest.mark.django_db
User = get_user_model()

NIP = "198609262015052001"
SPACED_NIP = "19860926 201505 2 001"
EMAIL = "rina@perpusnas.example.id"


@pytest.fixture
def librarian():
    return LibrarianFactory(nip=NIP)


def register(client, nip=SPACED_NIP, email=EMAIL):
    """Past the "periksa kembali" step: the POST its "Benar, kirim tautan" button makes (the
    step itself: tests/registration/test_register_check_step.py)."""
    return client.post(reverse("register"), {"nip": nip, "email": email, "confirm": "1"})


def confirm_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/register/konfirmasi/\S+/)", message.body).group(1)


def password_from(message) -> str:
    return re.search(r"Kata sandi: (\S+)", message.body).group(1)


@pytest.fixture
def linked(client, librarian, django_capture_on_commit_callbacks):
    """Registered; the link mail delivered. Returns the link's path."""
    with django_capture_on_commit_callbacks(execute=True):
        register(client)
    return confirm_path(mail.outbox[0])


def test_register_mails_a_link_and_creates_no_account(
    client, librarian, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client)

    assert response.status_code == 302
    assert response.url == reverse("register_done")
    assert not User.objects.exists()
    (message,) = mail.outbox
    assert message.to == [EMAIL]
    assert "Pendaftaran di Portal Kompetensi ASN" in message.subject
    assert librarian.name in message.body
    assert "24 jam" in message.body
    # The mail holds the token; the table only its hash.
    token = confirm_path(message).rstrip("/").rsplit("/", 1)[-1]
    link = RegistrationMail.objects.get()
    assert (link.kind, link.nip, link.email) == (RegistrationMailKind.REGISTER_LINK, NIP, EMAIL)
    assert token not in link.token_hash
    assert OutboundEmail.objects.get().sensitive


def test_register_done_page_names_the_address(client, librarian):
    register(client)
    page = client.get(reverse("register_done")).content.decode()
    assert "Periksa e-mail Anda" in page
    assert EMAIL in page


def test_link_mail_is_sent_only_after_commit(client, librarian):
    register(client)  # the test transaction never commits, so on-commit work does not run

    assert OutboundEmail.objects.filter(status=EmailStatus.PENDING).count() == 1
    assert mail.outbox == []


def test_opening_the_link_shows_what_will_be_created_and_creates_nothing(client, linked):
    response = client.get(linked)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Rina Wulandari, S.I.Pust." in page
    assert EMAIL in page
    assert "Buat akun saya" in page
    assert not User.objects.exists()


def test_confirming_creates_the_account_and_mails_the_credentials(
    client, librarian, linked, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(linked, follow=True)

    user = User.objects.get(nip=NIP)
    assert user.username == NIP
    assert user.email == EMAIL
    assert user.first_name == librarian.name
    assert user.must_change_password
    assert EmailAddress.objects.get(user=user).verified
    assert Event.objects.filter(kind="account_registered", object_id=user.pk).exists()
    assert "Akun Anda telah dibuat" in response.content.decode()
    credentials = mail.outbox[-1]
    assert credentials.to == [EMAIL]
    assert "Akun Portal Kompetensi ASN Anda" in credentials.subject
    assert f"Nama pengguna (NIP): {NIP}" in credentials.body
    password = password_from(credentials)
    assert len(password) == 14
    assert user.check_password(password)
    assert "X-Portal-Sensitive" not in credentials.extra_headers
    assert RegistrationMail.objects.get().used_at is not None


def test_credentials_are_erased_from_the_outbox_once_sent(
    client, linked, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(linked)

    password = password_from(mail.outbox[-1])
    assert OutboundEmail.objects.filter(status=EmailStatus.SENT, sensitive=True).exists()
    assert not OutboundEmail.objects.filter(subject__contains="Akun Portal").exists()
    assert not OutboundEmail.objects.filter(body__contains=password).exists()


def test_opening_the_link_again_says_the_account_exists(
    client, linked, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(linked)
        again = client.post(linked, follow=True)

    page = again.content.decode()
    assert "Akun sudah dibuat" in page
    assert "tidak membuat akun kedua" in page
    assert User.objects.count() == 1
    assert len(mail.outbox) == 2


def test_two_links_to_the_same_address_make_one_account(
    client, librarian, django_capture_on_commit_callbacks
):
    RegistrationMail.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        register(client)
        RegistrationMail.objects.update(created_at=timezone.now() - timedelta(minutes=5))
        register(client)  # "the mail did not come": a second link
    first, second = (confirm_path(message) for message in mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(first)
        response = client.post(second, follow=True)

    assert User.objects.count() == 1
    assert "Akun sudah dibuat" in response.content.decode()


def test_expired_link_is_refused_with_what_to_do(client, linked):
    RegistrationMail.objects.update(
        created_at=timezone.now() - REGISTRATION_LINK_VALID - timedelta(minutes=1)
    )

    response = client.post(linked)

    assert response.status_code == 400
    assert "kedaluwarsa" in response.content.decode()
    assert not User.objects.exists()


def test_unknown_link_is_refused(client, librarian):
    response = client.get(reverse("register_confirm", args=["bukan-tautan-yang-benar"]))

    assert response.status_code == 400
    assert "Tautan ini tidak dikenal" in response.content.decode()


def test_link_for_a_nip_registered_meanwhile_with_another_address_points_to_the_claim(
    client, linked, make_user
):
    make_user(NIP, nip=NIP, email="lain@contoh.id")

    response = client.post(linked)

    page = response.content.decode()
    assert response.status_code == 400
    assert "sudah terdaftar dengan alamat e-mail lain" in page
    assert reverse("account_claim_start") in page


def test_link_for_an_address_taken_meanwhile_is_refused(client, linked, make_user):
    make_user("staf", email=EMAIL.upper())

    response = client.post(linked)

    assert "sudah dipakai akun lain" in response.content.decode()
    assert not User.objects.filter(nip=NIP).exists()


def test_link_to_an_address_the_registry_no_longer_names_is_refused(client, librarian, linked):
    librarian.email = "resmi@perpusnas.example.id"
    librarian.save()

    response = client.post(linked)

    assert "alamat e-mail resmi" in response.content.decode()
    assert not User.objects.exists()


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
    assert not OutboundEmail.objects.exists()


def test_registered_nip_shows_the_account_address_masked_and_mails_it_too(
    client, librarian, make_user, django_capture_on_commit_callbacks
):
    """Until issue 18 the page answered "check your e-mail" here as for a free NIP, and only the
    mail said the NIP was taken. A first-time user whose NIP a colleague (or an old account of
    their own) had registered waited for a mail to the wrong mailbox and phoned the committee.
    The page now says so, with the account's address masked to its first letter and domain
    (enough for its owner to recognise, not to write to) and the two ways on: recover the
    password through that address, or claim the NIP. The mail still goes out."""
    make_user(NIP, nip=NIP, email=EMAIL)

    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, email="someone.else@example.id")

    assert response.url == reverse("register_done")
    page = client.get(response.url).content.decode()
    assert EMAIL not in page
    assert "NIP ini sudah terdaftar" in page
    assert "r***@perpusnas.example.id" in page
    assert reverse("account_reset_password") in page
    assert f"{reverse('account_claim_start')}?nip={NIP}" in page
    (message,) = mail.outbox
    assert message.to == ["someone.else@example.id"]
    assert "r***@perpusnas.example.id" in message.body
    assert EMAIL not in message.body
    assert f"/klaim-nip/?nip={NIP}" in message.body
    assert User.objects.count() == 1


def test_owner_registering_again_is_told_to_log_in(
    client, librarian, make_user, django_capture_on_commit_callbacks
):
    make_user(NIP, nip=NIP, email=EMAIL)

    with django_capture_on_commit_callbacks(execute=True):
        register(client, email=EMAIL.upper())

    (message,) = mail.outbox
    assert message.to == [EMAIL]
    assert "terdaftar dengan alamat e-mail ini" in message.body
    assert "/accounts/password/reset/" in message.body


def test_email_in_use_in_any_case_gets_the_same_answer_and_a_mail_to_that_address(
    client, librarian, make_user, django_capture_on_commit_callbacks
):
    make_user("staf", email=EMAIL)

    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, email="RINA@Perpusnas.Example.ID")

    assert response.url == reverse("register_done")
    assert not User.objects.filter(nip=NIP).exists()
    (message,) = mail.outbox
    assert message.to == [EMAIL]
    assert "sudah memiliki akun" in message.body
    assert "/register/konfirmasi/" not in message.body


def test_official_registry_address_receives_the_link_whatever_was_typed(
    client, django_capture_on_commit_callbacks
):
    LibrarianFactory(nip=NIP, email="Rina.Resmi@Perpusnas.Example.ID")

    with django_capture_on_commit_callbacks(execute=True):
        register(client, email="apa.saja@contoh.id")

    (message,) = mail.outbox
    assert message.to == ["rina.resmi@perpusnas.example.id"]
    page = client.get(reverse("register_done")).content.decode()
    assert "alamat e-mail resmi" in page
    assert "r***@perpusnas.example.id" in page
    assert "apa.saja@contoh.id" not in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm_path(message))
    assert User.objects.get(nip=NIP).email == "rina.resmi@perpusnas.example.id"


def test_malformed_email_is_refused(client, librarian):
    response = register(client, email="bukan-email")

    assert response.status_code == 200
    assert not OutboundEmail.objects.exists()


def test_double_submit_sends_one_mail(client, librarian, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = register(client)
        second = register(client)

    assert first.url == second.url == reverse("register_done")
    assert len(mail.outbox) == 1
    assert RegistrationMail.objects.count() == 1


def test_old_registration_mails_are_pruned(client, librarian):
    old = RegistrationMail.objects.create(
        kind=RegistrationMailKind.EMAIL_TAKEN, nip=NIP, email="lama@contoh.id"
    )
    RegistrationMail.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=31)
    )

    register(client)

    assert not RegistrationMail.objects.filter(pk=old.pk).exists()


def test_logged_in_user_is_sent_from_register_to_the_dashboard(client, candidate):
    client.force_login(candidate)
    assert client.get(reverse("register")).url == reverse("dashboard")


def test_register_form_is_prefilled_from_the_nip_check(client):
    response = client.get(reverse("register"), {"nip": SPACED_NIP})
    assert f'value="{SPACED_NIP}"' in response.content.decode()
