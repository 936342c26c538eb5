"""Writes of the registration app: accounts."""

import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from portal.events import event_record
from portal.mail import SENSITIVE_HEADER
from registration import exceptions
from registration.nip import NipError, parse_nip
from registration.selectors import librarian_get_by_nip

User = get_user_model()

# No look-alike characters (0/O, 1/l/I): the password is read from an e-mail and typed by hand.
PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"  # noqa: S105
PASSWORD_LENGTH = 14  # about 81 bits


def password_generate() -> str:
    while True:
        password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))
        if (
            any(c.isupper() for c in password)
            and any(c.islower() for c in password)
            and any(c.isdigit() for c in password)
        ):
            return password


def account_register(*, nip: str, email: str) -> User:
    """Create a candidate account for a registry NIP and e-mail the generated credentials.

    Raises a RegistrationError subclass when the NIP is invalid, unknown or taken, or the
    e-mail is in use. The credentials mail is stored in the same transaction and sent after
    commit, so a refused registration sends nothing.
    """
    try:
        parsed = parse_nip(nip)
    except NipError as exc:
        raise exceptions.InvalidNip(exc.message) from exc
    librarian = librarian_get_by_nip(nip=parsed.nip)
    if librarian is None:
        raise exceptions.NotInRegistry()
    if User.objects.filter(nip=parsed.nip).exists():
        raise exceptions.AlreadyRegistered()
    email = email.strip().lower()
    if (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    ):
        raise exceptions.EmailTaken()

    password = password_generate()
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username=parsed.nip,
                nip=parsed.nip,
                email=email,
                password=password,
                first_name=librarian.name[:150],
                must_change_password=True,
            )
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
            event_record(subject=user, kind="account_registered", actor=user)
            _credentials_send(user=user, password=password)
    except IntegrityError as exc:
        # Two submissions raced past the checks above: the constraint decides who won.
        if User.objects.filter(nip=parsed.nip).exists():
            raise exceptions.AlreadyRegistered() from exc
        raise exceptions.EmailTaken() from exc
    return user


def _credentials_send(*, user: User, password: str) -> None:
    context = {
        "user": user,
        "password": password,
        "login_url": f"{settings.PORTAL_BASE_URL}/accounts/login/",
    }
    subject = render_to_string("registration/email/credentials_subject.txt", context).strip()
    body = render_to_string("registration/email/credentials_body.txt", context)
    EmailMessage(
        subject=subject, body=body, to=[user.email], headers={SENSITIVE_HEADER: "1"}
    ).send()


def user_password_set(*, user: User, password: str) -> None:
    """The user chose a password (change or reset): the generated one no longer applies."""
    with transaction.atomic():
        if user.must_change_password:
            # They logged in with the password mailed to this address, so the address is theirs.
            EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)
        user.set_password(password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        event_record(subject=user, kind="password_changed", actor=user)
