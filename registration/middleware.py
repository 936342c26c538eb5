"""Sends a user who must choose a new password to the password page first."""

from django.shortcuts import redirect
from django.urls import reverse

ALLOWED_PATHS = (
    "/accounts/password/change/",
    "/accounts/logout/",
    "/i18n/",
    "/static/",
    "/healthz",
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
