"""{% site_header %}: base.html's header (includes/site_header.html), kept per state in process
memory with the reader's own parts put in.

The header is the same for every reader in the same state: the language, whether they are
signed in, whether they have a NIP, their staff roles, the page's URL name and the provider the
page is about. Only three things in it are the reader's: their username, the CSRF token (the
language switch and the logout form show the same one) and the page's path (the language
switch's "next"). Rendering its 80 lines of conditions, links and translations took about a
quarter of a bare dashboard's template time; now each state is rendered once per process, with
markers where the reader's parts go, and each page joins the pieces with that reader's parts,
escaped as the template escapes them.

Nothing of one reader can reach another's page: the kept pieces are rendered from stand-ins
that carry only the state (never a user or a request), and the key holds everything the
template reads besides them. A context without a request or a usable CSRF token (a page
rendered outside a request) renders the template as before, unkept."""

import threading

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

HEADER = "includes/site_header.html"

# state -> the header's pieces (text, slot name, text, ...); MAX_STATES at most, then afresh.
MAX_STATES = 512
_kept: dict[tuple, tuple[str, ...]] = {}
_lock = threading.Lock()

# Where the reader's parts go. A NUL never comes out of the template's own text, and the
# markers are found only in the stand-ins' rendering, before any reader's data is put in.
_USERNAME = "\x00portal-header-username\x00"
_CSRF = "\x00portal-header-csrf\x00"
_PATH = "\x00portal-header-path\x00"
_SLOTS = {_USERNAME: "username", _CSRF: "csrf", _PATH: "path"}


@receiver(setting_changed, dispatch_uid="portal_site_header_reset")
def _reset(*, setting, **kwargs):
    # Languages, URLs, static files, the templates: any may change what a state renders to
    # (settings change only in tests).
    _kept.clear()


class _StandInUser:
    """The reader, as far as the header reads them: no data of theirs but the marker."""

    def __init__(self, *, is_authenticated: bool, nip: bool):
        self.is_authenticated = is_authenticated
        self.nip = nip

    def get_username(self) -> str:
        return _USERNAME


class _StandInResolverMatch:
    def __init__(self, url_name):
        self.url_name = url_name


class _StandInRequest:
    def __init__(self, url_name):
        self.resolver_match = _StandInResolverMatch(url_name)

    def get_full_path(self) -> str:
        return _PATH


def _state(context, user, url_name) -> tuple:
    provider = context.get("page_provider")
    provider_key = (tuple(provider.organisation), provider.logo) if provider else None
    return (
        translation.get_language(),
        context.get("LANGUAGE_CODE"),
        context.autoescape,
        bool(user.is_authenticated),
        bool(getattr(user, "nip", None)),
        bool(context.get("staff_roles")),
        frozenset(context.get("staff_can") or ()),
        url_name,
        provider_key,
    )


def _pieces(html: str) -> tuple[str, ...]:
    """The rendering split at the markers: text, slot, text, slot, ..., text."""
    pieces: list[str] = []
    rest = html
    while True:
        found = [(rest.find(marker), marker) for marker in _SLOTS if marker in rest]
        if not found:
            pieces.append(rest)
            return tuple(pieces)
        index, marker = min(found)
        pieces.extend((rest[:index], _SLOTS[marker]))
        rest = rest[index + len(marker) :]


def _render(context, **values) -> str:
    header = context.template.engine.get_template(HEADER)
    # As {% include %} renders it: in the page's context, plus the values.
    with context.push(**values):
        return header.render(context)


@register.simple_tag(takes_context=True)
def site_header(context):
    request = context.get("request")
    user = context.get("user")
    csrf_token = context.get("csrf_token")
    resolver_match = getattr(request, "resolver_match", None)
    if (
        request is None
        or user is None
        or not hasattr(user, "get_username")
        or not csrf_token
        or csrf_token == "NOTPROVIDED"  # noqa: S105 -- Django's marker, not a secret
    ):
        return mark_safe(_render(context))  # noqa: S308 -- the template's own output
    # Without a match (a page not found) the template's lookup gives "".
    url_name = resolver_match.url_name if resolver_match is not None else ""
    key = _state(context, user, url_name)
    pieces = _kept.get(key)
    if pieces is None:
        stand_in = _StandInUser(
            is_authenticated=bool(user.is_authenticated), nip=bool(getattr(user, "nip", None))
        )
        html = _render(context, user=stand_in, request=_StandInRequest(url_name), csrf_token=_CSRF)
        pieces = _pieces(html)
        with _lock:
            if len(_kept) >= MAX_STATES:
                _kept.clear()
            _kept[key] = pieces
    escape = conditional_escape if context.autoescape else str
    parts = {
        "csrf": conditional_escape(csrf_token),  # {% csrf_token %} escapes whatever autoescape
        "path": escape(request.get_full_path()),
        "username": escape(user.get_username()),
    }
    return mark_safe(  # noqa: S308 -- the template's own output, the reader's parts escaped
        "".join(parts[piece] if index % 2 else piece for index, piece in enumerate(pieces))
    )
