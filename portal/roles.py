"""Who may see what: staff roles are Django groups (see constants.Role)."""

import functools
from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from portal.constants import TWO_FACTOR_ROLES, Role


def user_roles(user) -> set[Role]:
    """The staff roles a user holds (cached on the user object for the request)."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_portal_roles"):
        names = set(user.groups.values_list("name", flat=True))
        user._portal_roles = {role for role in Role if role.value in names}
    return user._portal_roles


def person_label(user) -> str:
    """How staff pages and forms name a person: the full name, else the username."""
    return user.get_full_name() or user.username


def is_staff_member(user) -> bool:
    return bool(user_roles(user))


def two_factor_required(user) -> bool:
    """Superusers and holders of TWO_FACTOR_ROLES sign in only with a second factor."""
    return user.is_authenticated and (
        user.is_superuser or bool(user_roles(user) & TWO_FACTOR_ROLES)
    )


def two_factor_enabled(user) -> bool:
    """The user has set up an authenticator app (TOTP); allauth then asks for its code at login."""
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def role_required(*roles: Role) -> Callable:
    """Anonymous users go to the login page; logged-in users without one of the roles get 403.
    With no roles given, any staff role will do."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            held = user_roles(request.user)
            if not held or (roles and not held.intersection(roles)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.portal_staff_only = True
        return wrapper

    return decorator
