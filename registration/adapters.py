"""allauth adapters: accounts come from /register/, not allauth's sign-up form; a second factor
that the user's roles require cannot be turned off."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.mail import sensitive_headers
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
