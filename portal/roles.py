"""Who may see what: staff roles are held at a provider (portal.models.StaffRole), and every
staff page reads only the providers where its reader holds the page's role. The Django group of
each role carries its admin permissions and follows the StaffRole rows (staff_groups_sync)."""

import functools
from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.contrib.auth.views import redirect_to_login
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, Func, OuterRef, Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from portal.constants import TWO_FACTOR_ROLES, Role
from portal.precompiled import Precompiled


def _staff_roles(*, per_service: bool):
    from portal.models import StaffRole

    column = "service_id" if per_service else "provider_id"
    return lambda user_pk: StaffRole.objects.filter(
        user_id=user_pk, service__isnull=not per_service
    ).values_list("role", column)


# (role, provider id) held provider-wide, and (role, service id) held for one service only:
# asked on every signed-in request (the two-factor check reads the roles), compiled once.
_PROVIDER_ROLES = Precompiled(_staff_roles(per_service=False))
_SERVICE_ROLES = Precompiled(_staff_roles(per_service=True))


def _by_role(rows) -> dict[Role, frozenset[int]]:
    """(role, id) rows -> role -> the ids; rows naming a role the portal no longer has are left
    out."""
    held: dict[Role, set[int]] = {}
    for role, key in rows:
        if role in Role.values:
            held.setdefault(Role(role), set()).add(key)
    return {role: frozenset(ids) for role, ids in held.items()}


def _held(user) -> dict[Role, frozenset[int]]:
    """Role -> the providers (ids) where the user holds it; read once per request and user."""
    if not user.is_authenticated:
        return {}
    if not hasattr(user, "_portal_roles"):
        # Rows for one service (external staff) grant nothing provider-wide: see below.
        user._portal_roles = _by_role(_PROVIDER_ROLES.rows(user.pk))
    return user._portal_roles


def user_roles(user) -> set[Role]:
    """The staff roles a user holds at any provider (cached on the user object for the request)."""
    return set(_held(user))


def role_provider_ids(user, *roles: Role) -> frozenset[int]:
    """The providers (ids) where the user holds one of the roles (any staff role if none is
    given): the only providers whose cases the user's staff pages may show."""
    held = _held(user)
    wanted = roles or tuple(held)
    return frozenset().union(*(held.get(role, frozenset()) for role in wanted))


def holds_role_at(user, role: Role, provider_id: int | None) -> bool:
    return provider_id is not None and provider_id in _held(user).get(role, frozenset())


def _held_for_services(user) -> dict[Role, frozenset[int]]:
    """Role -> the services (ids) where the user holds it for that service only (external staff,
    such as an LSP's assessors: portal.models.StaffRole.service)."""
    if not user.is_authenticated:
        return {}
    if not hasattr(user, "_portal_service_roles"):
        user._portal_service_roles = _by_role(_SERVICE_ROLES.rows(user.pk))
    return user._portal_service_roles


def holds_role_for_service(user, role: Role, service) -> bool:
    """May the user act in `role` on this service's cases: held at its provider for every
    service, or for this service only (external staff)."""
    return holds_role_at(user, role, service.provider_id) or service.pk in _held_for_services(
        user
    ).get(role, frozenset())


def holds_any_role(user, *roles: Role) -> bool:
    """Does the user hold one of the roles (any staff role if none is given) anywhere: at a
    provider, or for one service only (external staff)?"""
    if not (user.is_authenticated and user.is_active):
        return False
    if role_provider_ids(user, *roles):
        return True
    held = _held_for_services(user)
    return any(held.get(role) for role in (roles or tuple(held)))


def service_scope(user, *roles: Role, path: str = "service") -> Q:
    """A filter keeping the rows of the services where the user holds one of the roles, at the
    provider or for that service only; `path` leads from the queried model to its service."""
    held = _held_for_services(user)
    service_ids = frozenset().union(*(held.get(role, frozenset()) for role in roles))
    return Q(**{f"{path}__provider__in": role_provider_ids(user, *roles)}) | Q(
        **{f"{path}__in": service_ids}
    )


def manages_provider(user, provider_id: int | None) -> bool:
    """May the user change this provider's record and catalogue: a superuser any provider's,
    an Administrator those where they hold the role."""
    return bool(user.is_superuser) or holds_role_at(user, Role.ADMINISTRATOR, provider_id)


def provider_scope(user, *roles: Role, path: str = "service__provider") -> Q:
    """A filter keeping the rows of the providers where the user holds one of the roles; `path`
    leads from the queried model to its provider (e.g. "application__service__provider")."""
    return Q(**{f"{path}__in": role_provider_ids(user, *roles)})


def user_roles_forget(user) -> None:
    """Drop the roles cached on the user object (after they changed)."""
    user.__dict__.pop("_portal_roles", None)
    user.__dict__.pop("_portal_service_roles", None)
    user.__dict__.pop("_portal_signing_offices", None)


def signing_office(user, provider_id: int | None) -> str | None:
    """The title of the signing office the user is appointed to at the provider (a
    portal.ProviderOfficial of duty SIGNING naming this account), while they hold the signing
    role there; None otherwise. What a signed document prints under the signature is this
    office and this person: the role alone lets one see the signing queue, never sign in an
    office held by somebody else. Read once per request and user (a batch signs forty)."""
    if not holds_role_at(user, Role.SIGNING_OFFICIAL, provider_id):
        return None
    if not hasattr(user, "_portal_signing_offices"):
        from portal.constants import OfficialDuty
        from portal.models import ProviderOfficial

        offices: dict[int, str] = {}
        rows = ProviderOfficial.objects.filter(user_id=user.pk, duty=OfficialDuty.SIGNING)
        for office_provider_id, title in rows.order_by("-order", "-pk").values_list(
            "provider_id", "title"
        ):
            offices[office_provider_id] = title  # the first by order wins
        user._portal_signing_offices = offices
    return user._portal_signing_offices.get(provider_id)


def staff_groups_sync(user_id: int) -> None:
    """Put the user in the group of each role held at some provider, and out of the groups of
    roles held nowhere (the groups carry each role's admin permissions)."""
    from django.contrib.auth import get_user_model

    from portal.models import StaffRole

    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:  # the account itself is being deleted
        return
    # External staff of one service get no group: the admin is not theirs.
    held = set(
        StaffRole.objects.filter(user_id=user_id, service__isnull=True).values_list(
            "role", flat=True
        )
    )
    role_groups = Group.objects.filter(name__in=Role.values)
    user.groups.add(*[group for group in role_groups if group.name in held])
    user.groups.remove(*[group for group in role_groups if group.name not in held])


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


# Whether the user has a TOTP authenticator: asked on every request of the staff who must have
# one (registration.middleware.TwoFactorRequiredMiddleware), compiled once.
_TOTP = Precompiled(
    lambda user_pk: Authenticator.objects.filter(
        user_id=user_pk, type=Authenticator.Type.TOTP
    ).values_list("pk")[:1]
)


def two_factor_enabled(user) -> bool:
    """The user has set up an authenticator app (TOTP); allauth then asks for its code at login.
    The answer read with the signed-in user (signed_in_user_keep) serves the first question;
    any later one asks the database again."""
    read = user.__dict__.pop("_portal_has_totp", None)
    if read is not None:
        return read
    return bool(_TOTP.rows(user.pk))


# --- Read with the signed-in user (portal.auth_backends) ------------------------------------
# Every signed-in request reads the user, its provider-wide roles (the two-factor check asks for
# them) and, for staff who must have one, whether they have an authenticator: three round trips
# to PostgreSQL. The user's read asks the other two with it, as the annotations below.


def _role_pairs(*, per_service: bool) -> ArraySubquery:
    from portal.models import StaffRole

    column = "service_id" if per_service else "provider_id"
    pairs = StaffRole.objects.filter(user_id=OuterRef("pk"), service__isnull=not per_service)
    # "role" || ' ' || id::text: neither is ever NULL (the filter keeps only rows with the id).
    pair = Func(
        F("role"),
        Cast(column, TextField()),
        template="%(expressions)s",
        arg_joiner=" || ' ' || ",
        output_field=TextField(),
    )
    return ArraySubquery(pairs.order_by().values(pair=pair))


def signed_in_user_annotations() -> dict:
    """The questions the signed-in user's read asks with the row (PostgreSQL only): the roles
    held provider-wide and for one service, as "role id" texts, and whether a TOTP
    authenticator is set up."""
    return {
        "portal_provider_roles": _role_pairs(per_service=False),
        "portal_service_roles": _role_pairs(per_service=True),
        "portal_has_totp": Exists(
            Authenticator.objects.filter(user_id=OuterRef("pk"), type=Authenticator.Type.TOTP)
        ),
    }


def _pairs(texts: list[str]) -> list[tuple[str, int]]:
    return [(role, int(key)) for role, key in (text.rsplit(" ", 1) for text in texts)]


def signed_in_user_keep(user, provider_roles: list[str], service_roles: list[str], totp) -> None:
    """Keep on the user what signed_in_user_annotations read, as _held, _held_for_services and
    two_factor_enabled would have read it themselves."""
    user._portal_roles = _by_role(_pairs(provider_roles))
    user._portal_service_roles = _by_role(_pairs(service_roles))
    user._portal_has_totp = bool(totp)


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


def not_appointed_message() -> str:
    """Why a holder of the signing role may not sign here: the office is somebody else's."""
    return _(
        "Anda belum ditetapkan sebagai pejabat penandatangan pada penyelenggara ini, sehingga "
        "tidak dapat menandatangani: nama dan jabatan yang dicetak di bawah tanda tangan "
        "adalah milik pejabat yang ditetapkan. Administrator penyelenggara menetapkannya pada "
        "data Pejabat penyelenggara."
    )
