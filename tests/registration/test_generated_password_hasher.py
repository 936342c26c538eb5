"""The fast keyed hash of the first passwords the portal generates (registration.hashers, issue
19): the mailed password opens the account and is rehashed with the default hasher at that first
login; a wrong one fails at the default hasher's cost; a password anyone chose never gets it."""

import re
from unittest import mock

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import get_hasher, identify_hasher, make_password
from django.core import mail
from django.urls import reverse

from config import settings as project_settings
from portal.constants import Role
from registration import services
from registration.constants import ClaimStatus
from registration.hashers import (
    ALGORITHM,
    GeneratedPassword,
    GeneratedPasswordHasher,
    NotGenerated,
    generated_password_hash,
)
from registration.models import User
from tests.factories import AccountClaimFactory, LibrarianFactory

pytestmark = pytest.mark.django_db

NIP = "198609262015052001"
EMAIL = "rina@perpusnas.example.id"


def algorithm(user: User) -> str:
    user.refresh_from_db()
    return identify_hasher(user.password).algorithm


def default_algorithm() -> str:
    return get_hasher("default").algorithm


@pytest.fixture
def registered(client, django_capture_on_commit_callbacks):
    """Registered through the two pages; returns (user, the password mailed)."""
    LibrarianFactory(nip=NIP)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("register"), {"nip": NIP, "email": EMAIL, "confirm": "1"})
    path = re.search(r"https?://[^/\s]+(/register/konfirmasi/\S+/)", mail.outbox[0].body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path)
    password = re.search(r"Kata sandi: (\S+)", mail.outbox[-1].body).group(1)
    client.logout()
    return User.objects.get(nip=NIP), password


def test_the_registered_accounts_password_uses_the_fast_hasher_and_verifies(registered):
    user, password = registered
    assert algorithm(user) == ALGORITHM
    assert user.must_change_password
    assert password not in user.password
    assert user.check_password(password)
    assert not user.check_password(password[:-1] + ("x" if password[-1] != "x" else "y"))
    assert not user.check_password(password.lower())


def test_the_first_login_rehashes_it_with_the_default_hasher(client, registered):
    user, password = registered
    response = client.post(reverse("account_login"), {"login": NIP, "password": password})
    assert response.status_code == 302
    assert algorithm(user) == default_algorithm() != ALGORITHM
    user.refresh_from_db()
    assert user.check_password(password)
    # Still to be replaced by a password of their own.
    assert client.get(reverse("dashboard")).url == reverse("account_change_password")


def default_hashes(**credentials) -> int:
    """How many times the default hasher hashes while `credentials` are checked."""
    default = type(get_hasher("default"))
    with mock.patch.object(default, "encode", autospec=True, side_effect=default.encode) as spy:
        authenticate(**credentials)
    return spy.call_count


def test_a_wrong_password_costs_what_it_costs_against_a_default_hash(registered, make_user):
    """A wrong password against a fast hash must cost as many default hashes as against any
    other account (Django hashes once for a login that names no account, too), or its timing
    would tell which NIPs and addresses hold a fresh account."""
    user, password = registered
    other = make_user("199001152014031002")  # a password of their own: default hasher
    wrong = "Salah-Sekali-2026"
    chosen = default_hashes(username=other.username, password=wrong)
    assert chosen >= 1
    assert default_hashes(username=NIP, password=password + "x") == chosen
    assert default_hashes(email=EMAIL, password=password + "x") == default_hashes(
        email=other.email, password=wrong
    )
    assert default_hashes(username="199999999999999999", password=password) >= 1
    assert algorithm(user) == ALGORITHM  # nothing rehashed on a failure
    # The right one: no hardening, one rehash with the default hasher.
    assert default_hashes(username=NIP, password=password) == 1
    assert algorithm(user) == default_algorithm()


def test_a_chosen_password_never_uses_the_fast_hasher(registered):
    user, _password = registered
    with pytest.raises(NotGenerated):
        make_password("Sandi-Pilihan-Saya-2026", hasher=ALGORITHM)
    # Even one that looks generated: only the type the generator returns passes.
    with pytest.raises(NotGenerated):
        make_password("AbcdEfgh23Jkmn", hasher=ALGORITHM)

    services.user_password_set(user=user, password="Sandi-Pilihan-Saya-2026")
    assert algorithm(user) == default_algorithm()
    assert not user.must_change_password


def test_a_password_change_through_the_page_uses_the_default_hasher(client, registered):
    user, password = registered
    client.force_login(user)  # signed in, the fast hash still in place
    new = "Sandi-Pilihan-Saya-2026"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": password, "password1": new, "password2": new},
    )
    assert response.status_code == 302
    assert algorithm(user) == default_algorithm()
    assert user.check_password(new) and not user.must_change_password


def test_an_administrators_password_for_someone_uses_the_default_hasher(client, make_user):
    office_admin = make_user("admin-kantor", Role.ADMINISTRATOR, is_staff=True)
    colleague = make_user("verifikator-kantor", Role.VERIFIER)
    client.force_login(office_admin)
    new = "Sandi-Baru-dari-Admin-2026"
    client.post(
        reverse("admin:auth_user_password_change", args=[colleague.pk]),
        {"password1": new, "password2": new, "usable_password": "true"},
    )
    assert algorithm(colleague) == default_algorithm()
    assert colleague.must_change_password


def test_with_the_fast_hasher_first_a_chosen_password_fails_closed(settings, make_user):
    """Were the fast hasher ever listed first by mistake, set_password would refuse rather than
    store a typed password with it."""
    user = make_user("petugas")
    settings.PASSWORD_HASHERS = [
        "registration.hashers.GeneratedPasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    with pytest.raises(NotGenerated):
        user.set_password("Sandi-Pilihan-Saya-2026")


def test_a_claims_new_holder_gets_a_fast_hashed_generated_password(
    make_user, django_capture_on_commit_callbacks
):
    verifier = make_user("verifikator", Role.VERIFIER)
    claim = AccountClaimFactory()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.account_claim_transition(claim=claim, to=ClaimStatus.APPROVED, actor=verifier)

    holder = User.objects.get(pk=claim.account.pk)
    assert algorithm(holder) == ALGORITHM and holder.must_change_password
    body = next(message.body for message in mail.outbox if message.to == [claim.email])
    password = re.search(r"Kata sandi: (\S+)", body).group(1)
    assert holder.check_password(password)


def test_the_key_is_secret_key_and_survives_its_rotation(settings):
    password = services.password_generate()
    assert isinstance(password, GeneratedPassword)
    encoded = generated_password_hash(password)
    hasher = GeneratedPasswordHasher()
    old_key = settings.SECRET_KEY

    settings.SECRET_KEY = "n" * 60
    assert not hasher.verify(password, encoded)  # another key: another hash
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert hasher.verify(password, encoded)


def test_two_hashes_of_one_password_differ_by_their_salt():
    password = services.password_generate()
    first, second = generated_password_hash(password), generated_password_hash(password)
    assert first != second
    assert set(GeneratedPasswordHasher().safe_summary(first)) == {"algorithm", "salt", "hash"}


def test_the_project_lists_the_fast_hasher_after_pbkdf2():
    hashers = project_settings.PASSWORD_HASHERS
    assert hashers[0] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"
    assert hashers.index("registration.hashers.GeneratedPasswordHasher") == len(hashers) - 1


def test_the_credentials_mail_leaves_after_commit_through_the_outbox_and_is_retried(
    client, django_capture_on_commit_callbacks
):
    """The button's request only stores the credentials mail: the worker delivers it once the
    account is committed, and a failed delivery stays pending for another attempt."""
    from portal.constants import EmailStatus
    from portal.mail import MailDeliveryError, outbound_email_deliver, outbound_email_redrive
    from portal.models import OutboundEmail

    LibrarianFactory(nip=NIP)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("register"), {"nip": NIP, "email": EMAIL, "confirm": "1"})
    path = re.search(r"https?://[^/\s]+(/register/konfirmasi/\S+/)", mail.outbox[0].body).group(1)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(path)
    credentials = OutboundEmail.objects.order_by("-pk").first()
    assert "Kata sandi:" in credentials.body and credentials.sensitive
    assert credentials.status == EmailStatus.PENDING and len(callbacks) == 1
    assert mail.outbox == []  # nothing sent inside the request's transaction

    with mock.patch("portal.mail.mailers") as mailers:
        mailers.__getitem__.return_value.send_messages.side_effect = ConnectionRefusedError()
        with pytest.raises(MailDeliveryError):
            outbound_email_deliver(email_id=credentials.pk)
    credentials.refresh_from_db()
    assert (credentials.status, credentials.attempts) == (EmailStatus.PENDING, 1)

    OutboundEmail.objects.filter(pk=credentials.pk).update(next_attempt_at=credentials.created_at)
    assert outbound_email_redrive() == 1
    credentials.refresh_from_db()
    assert credentials.status == EmailStatus.SENT
    (message,) = mail.outbox
    assert message.to == [EMAIL] and "Kata sandi:" in message.body
