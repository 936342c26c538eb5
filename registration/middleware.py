"""Sign-in is finished only when it is safe: a user who must choose a new password goes to the
password page first, and one whose roles demand a second factor then sets up an authenticator."""

from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.constants import TWO_FACTOR_ROLES
from portal.roles import two_factor_enabled, two_factor_required, user_roles
from registration.conflicts import ConflictOfInterest

ALLOWED_PATHS = (
    "/accounts/password/change/",
    "/accounts/logout/",
    "/i18n/",
    "/static/",
    "/healthz",
)
# Setting up the authenticator: allauth's 2FA pages (which first ask for the password again),
# and the forced password change, which comes first (PasswordChangeRequiredMiddleware).
TWO_FACTOR_SETUP_PATHS = (
    *ALLOWED_PATHS,
    "/accounts/2fa/",
    "/accounts/reauthenticate/",
)
TWO_FACTOR_MESSAGE = _(
    "Akun dengan peran %(roles)s wajib memakai verifikasi dua langkah, karena peran ini membuka "
    "data yang dilindungi. Sebelum membuka halaman lain, aktifkan aplikasi autentikator (TOTP): "
    "masukkan kata sandi Anda sekali lagi, pindai kode QR dengan aplikasi autentikator di ponsel "
    "(misalnya Google Authenticator, Microsoft Authenticator atau FreeOTP), lalu ketik kode 6 "
    "digit yang tampil. Setelah itu, setiap kali masuk Anda akan diminta kode dari aplikasi itu."
)


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.must_change_password
            and not request.path.startswith(ALLOWED_PATHS)
        ):
            return redirect(reverse("account_change_password"))
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Superusers and holders of portal.constants.TWO_FACTOR_ROLES without a TOTP authenticator
    reach nothing (the admin included) but its setup, the password change and logout. Those who
    have one are asked for its code by allauth at every login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(TWO_FACTOR_SETUP_PATHS)
            and two_factor_required(user)
            and not two_factor_enabled(user)
        ):
            _explain(request, user)
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def _explain(request, user) -> None:
    roles = sorted(str(role.label) for role in user_roles(user) & TWO_FACTOR_ROLES)
    if user.is_superuser:
        roles.append(str(_("superuser")))
    text = str(TWO_FACTOR_MESSAGE % {"roles": ", ".join(roles)})
    # Once: a browser's background requests (the favicon) must not pile up copies.
    if Message(messages.WARNING, text) not in messages.get_messages(request):
        messages.warning(request, text)


class ConflictOfInterestMiddleware:
    """A staff member who opens a case they conflict with (registration.conflicts raises
    ConflictOfInterest) gets 403 with the reason, whichever app's view refused them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ConflictOfInterest):
            return render(
                request,
                "registration/conflict_refused.html",
                {"reason": exception.reason},
                status=403,
            )
        return None
