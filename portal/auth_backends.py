"""The portal's authentication backends: Django's and allauth's, with the signed-in user of every
request read by SQL compiled once per process (portal.precompiled) instead of by the ORM each
time (about half the cost of that read is Django compiling the same query again).

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

User = get_user_model()

_COLUMNS = tuple(field.attname for field in User._meta.concrete_fields)
_USER_ROW = Precompiled(lambda pk: User._default_manager.filter(pk=pk).values_list(*_COLUMNS))


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
        user = User.from_db(connection.alias, _COLUMNS, rows[0])
        return user if self.user_can_authenticate(user) else None


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


class AuthenticationMiddleware(DjangoAuthMiddleware):
    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user_of(request))
