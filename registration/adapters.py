"""allauth adapters: accounts come from /register/, not allauth's sign-up form; wrong passwords
lock an account per account and client address; a second factor that the user's roles require
cannot be turned off."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import filter_users_by_email, filter_users_by_username
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.mail import sensitive_headers
from portal.ratelimit import client_address
from portal.roles import two_factor_required
from registration import services


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def render_mail(self, template_prefix, email, context, headers=None):
        # Every allauth mail is about one account, to its owner, and several carry a secret (the
        # password reset link or code, an e-mail confirmation link, a login code); new ones come
        # with allauth releases. So all are sensitive: the admin never shows their subject or
        # recipients, and the outbox erases them once delivered (portal.mail).
        return super().render_mail(template_prefix, email, context, sensitive_headers(headers))

    def set_password(self, user, password) -> None:
        # Both a change and a reset mean the user has now chosen their own password.
        services.user_password_set(user=user, password=password)

    def get_password_change_redirect_url(self, request) -> str:
        # Usually the forced first change: carry on to where the user was going to work.
        return reverse("dashboard")

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """The key of the per-key part of ACCOUNT_RATE_LIMITS["login_failed"]: the account and
        the client address together. allauth keys on the login as typed, so five wrong
        passwords from anywhere locked a named staff member out everywhere; now they lock the
        account only at the address they came from (the per-IP part still bounds one address
        across accounts). The NIP and the e-mail of one account count as one.

        allauth asks this one method when it counts a failure, takes it back on success and
        clears it after a password reset (that clears the reset's own address);
        tests/security/test_login_lockout.py fails if an upgrade stops asking it."""
        login = credentials.get("email", credentials.get("username", "")).lower()
        account = self._login_account(credentials)
        who = f"user:{account.pk}" if account else f"login:{login}"
        return f"{who}@{client_address(request)}"

    @staticmethod
    def _login_account(credentials):
        """The one account a login names (by e-mail or by username, as allauth resolves them),
        else None."""
        if "\x00" in (credentials.get("email") or credentials.get("username") or ""):
            return None  # PostgreSQL refuses NUL in a query; no account holds one
        if credentials.get("email"):
            users = list(filter_users_by_email(credentials["email"]))
        elif credentials.get("username"):
            users = list(filter_users_by_username(credentials["username"])[:2])
        else:
            users = []
        return users[0] if len(users) == 1 else None


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Verifikasi dua langkah wajib untuk peran Anda, jadi aplikasi autentikator tidak "
            "dapat dinonaktifkan. Jika ponsel Anda hilang atau diganti, masuk dengan kode "
            "pemulihan, lalu minta superuser menyetel ulang autentikator Anda."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type == Authenticator.Type.TOTP and two_factor_required(
            authenticator.user
        ):
            return False
        return super().can_delete_authenticator(authenticator)
