"""Users with roles for tests: `make_user` (tests/conftest.py) per test, `user_make` itself where
a module makes its users once (tests/module_data.py)."""

from django.contrib.auth import get_user_model

from portal.constants import Role
from portal.models import Provider, StaffRole
from portal.providers import signing_office_appoint
from portal.roles import staff_groups_sync, two_factor_required
from tests.factories import PERPUSNAS
from tests.two_factor import totp_enrol

PASSWORD = "Rahasia-Uji-2026"  # every test user's (the `password` fixture)


def user_make(
    username: str,
    *roles: Role,
    password: str,
    totp: bool | None = None,
    provider=None,
    appoint: bool = True,
    **fields,
):
    """A user with the given roles. Whoever must sign in with two factors (portal.roles.
    two_factor_required) gets a TOTP authenticator, as they would have set it up before
    working; `totp=False` leaves it out, `totp=True` adds it for anyone. The codes:
    tests.two_factor.totp_code(user). A signing official is also appointed to the provider's
    signing office (as its administrator does: portal.providers.signing_office_appoint);
    `appoint=False` leaves them with the role only."""
    user = get_user_model().objects.create_user(
        username=username,
        email=fields.pop("email", f"{username}@example.test"),
        password=password,
        **fields,
    )
    if roles:
        # Held at `provider` (a Provider, or several in a list), by default the librarian
        # exam's provider (Pusat Pembinaan Pustakawan), whose cases most tests make.
        if provider is None:
            provider = Provider.objects.get(slug=PERPUSNAS)
        providers = provider if isinstance(provider, list | tuple) else [provider]
        StaffRole.objects.bulk_create(
            [StaffRole(user=user, provider=p, role=role) for p in providers for role in roles]
        )
        staff_groups_sync(user.pk)
        if Role.SIGNING_OFFICIAL in roles and appoint:
            for p in providers:
                signing_office_appoint(user=user, provider=p)
    if totp is None:
        totp = two_factor_required(user)
        user.__dict__.pop("_portal_roles", None)  # cached by the check; tests change roles
    if totp:
        totp_enrol(user)
    return user


def one_user_per_role(make) -> dict:
    """One staff user for each role (staf-verifier, ...), made with `make` (user_make with a
    password, or the make_user fixture)."""
    return {role: make(f"staf-{role.name.lower()}", role) for role in Role}
