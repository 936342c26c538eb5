"""allauth adapter: accounts come from /register/, not allauth's sign-up form."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from registration import services


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def set_password(self, user, password) -> None:
        # Both a change and a reset mean the user has now chosen their own password.
        services.user_password_set(user=user, password=password)

    def get_password_change_redirect_url(self, request) -> str:
        # Usually the forced first change: carry on to where the user was going to work.
        return reverse("dashboard")
