"""The portal's authentication backends: Django's and allauth's, with the signed-in user of every
request read by SQL compiled once per process (portal.precompiled) instead of by the ORM each
time (about half the cost of that read is Django compiling the same query again), together with
the staff roles and the authenticator every signed-in request asks about next (portal.roles).

A session names the backend that signed its user in, and Django reads the user only through a
backend listed in AUTHENTICATION_BACKENDS. Sessions made before these classes were listed name
the stock ones (BACKEND_ALIASES): AuthenticationMiddleware renames them to these on their next
request, so they stay signed in, without the stock classes being listed as well (every listed
backend is asked in turn at login, which would check a wrong password twice)."""

from allauth.account import auth_backends as allauth_backends
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.contrib.auth import backends as django_backends
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthMiddleware
from django.contrib.auth.middleware import get_user
from django.db import connection
from django.utils.functional import SimpleLazyObject

from portal.precompiled import Precompiled
from portal.roles import signed_in_user_annotations, signed_in_user_keep

User = get_user_model()

_COLUMNS = tuple(field.attname for field in User._meta.concrete_fields)


# The row, and what every signed-in request asks next (portal.roles: the roles, the
# authenticator), in one round trip.
def _user_row(pk):
    annotations = signed_in_user_annotations()
    return (
        User._default_manager.filter(pk=pk)
        .annotate(**annotations)
        .values_list(*_COLUMNS, *annotations)
    )


_USER_ROW = Precompiled(_user_row)


class FastGetUser:
    """get_user() as ModelBackend's (the user by primary key, None when missing or when
    user_can_authenticate() refuses it, e.g. an inactive account), the query compiled once."""

    def get_user(self, user_id):
        if connection.vendor != "postgresql":
            # The compiled read gives the values as the driver does: SQLite's datetimes come
            # without their time zone, which only the ORM's converters add (`make run`).
            return super().get_user(user_id)
        rows = _USER_ROW.rows(user_id)
        if not rows:
            return None
        row = rows[0]
        user = User.from_db(connection.alias, _COLUMNS, row[: len(_COLUMNS)])
        if not self.user_can_authenticate(user):
            return None
        signed_in_user_keep(user, *row[len(_COLUMNS) :])
        return user


class ModelBackend(FastGetUser, django_backends.ModelBackend):
    pass


class AuthenticationBackend(FastGetUser, allauth_backends.AuthenticationBackend):
    pass


# The stock backends a session may still name -> the portal's class that replaces each.
BACKEND_ALIASES = {
    "django.contrib.auth.backends.ModelBackend": "portal.auth_backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend": (
        "portal.auth_backends.AuthenticationBackend"
    ),
}


def _user_of(request):
    """The request's user, as Django's middleware finds it, once a session naming a stock
    backend names the portal's class instead (saved with the session at the end of the
    request)."""
    if not hasattr(request, "_cached_user"):
        alias = BACKEND_ALIASES.get(request.session.get(BACKEND_SESSION_KEY))
        if alias is not None:
            request.session[BACKEND_SESSION_KEY] = alias
    return get_user(request)


def _user_in_place(request, lazy):
    """The request's user, put in the lazy object's place on the request once it is read.

    Every attribute read through a SimpleLazyObject goes through its __getattribute__, which
    raises and catches an AttributeError before it reaches the user: a page reads request.user
    some two hundred times (the middleware's checks, the roles, the templates), about 50 µs of
    CPU a request here. The user is read on nearly every request anyway (the password-change
    check asks whether it is authenticated), so from then on request.user is the user itself.
    A request whose user was replaced meanwhile (a login or logout) keeps the new one."""
    user = _user_of(request)
    if request.__dict__.get("user") is lazy:
        request.user = user
    return user


class AuthenticationMiddleware(DjangoAuthMiddleware):
    def process_request(self, request):
        super().process_request(request)
        request.user = lazy = SimpleLazyObject(lambda: _user_in_place(request, lazy))
