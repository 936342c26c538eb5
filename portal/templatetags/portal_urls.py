"""A template builtin (settings: TEMPLATES' "builtins") replacing Django's {% url %} with one
that remembers the URLs it reversed.

A page of the portal reverses 25 to 100 URLs (the navigation, the footer's directory of
services), each costing Django's resolver tens of microseconds. The same view name with the same
plain arguments (strings and integers), URLconf, script prefix and current app always reverses
to the same URL, so the results are kept per process, at most MAX_ENTRIES of them (then the
cache starts afresh). A failed reverse is never kept: it raises, or gives "" with `as`, as
Django's tag does.

Arguments that differ on every row — a UUID, an id — would fill that cache with one entry per
row and still reverse each once. For them, a view name whose single URL pattern uses only
Django's own converters is reversed once with marker arguments, and each URL is that result
with the markers replaced: what reverse() gives, since those converters write a UUID or a
non-negative integer as str() does and neither needs quoting."""

import uuid

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaulttags
from django.urls import (
    NoReverseMatch,
    converters,
    get_resolver,
    get_script_prefix,
    get_urlconf,
    reverse,
)
from django.utils.html import conditional_escape

register = template.Library()

MAX_ENTRIES = 4096
_reversed: dict = {}


# (view name, the arguments' types or constant values, urlconf, script prefix) -> the URL
# reversed with marker arguments, split at the markers; None where the view's pattern does not
# allow it.
_shapes: dict = {}

# Django's converters, whose to_url() writes a UUID or an integer as str() does. A subclass
# (certificates' "anytext") may not, and is left to reverse().
_PLAIN_CONVERTERS = (
    converters.IntConverter,
    converters.StringConverter,
    converters.UUIDConverter,
    converters.SlugConverter,
    converters.PathConverter,
)


@receiver(setting_changed, dispatch_uid="portal_urls_reversed_reset")
def _reversed_reset(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reversed.clear()
        _shapes.clear()


def _plain(value) -> bool:
    # str subclasses too: a constant in a template resolves to a SafeString.
    return isinstance(value, str) or type(value) is int


def _varying(value) -> bool:
    return type(value) is uuid.UUID or (type(value) is int and value >= 0)


def _marker(index: int, value) -> object:
    # Texts that cannot occur in a reversed URL by chance, of the argument's own type.
    if type(value) is uuid.UUID:
        return uuid.UUID(int=0x5EED_0000_0000_4000_8000_0000_0000_0000 + index)
    return 9_070_503_010_000_000_000 + index


def _shape(view_name: str, args: list, key: tuple) -> list[str] | None:
    """The URL of `view_name` for `args` (the varying ones standing for any of their type),
    split where the varying arguments go."""
    try:
        return _shapes[key]
    except KeyError:
        pass
    shape = None
    possibilities = get_resolver(key[2]).reverse_dict.getlist(view_name)
    if (
        len(possibilities) == 1
        and len(possibilities[0][0]) == 1
        and len(possibilities[0][0][0][1]) == len(args)
        and all(type(c) in _PLAIN_CONVERTERS for c in possibilities[0][3].values())
    ):
        given = [_marker(i, arg) if _varying(arg) else arg for i, arg in enumerate(args)]
        markers = [str(_marker(i, arg)) for i, arg in enumerate(args) if _varying(arg)]
        try:
            url = reverse(view_name, args=given)
        except NoReverseMatch:
            url = None
        if url is not None and all(url.count(marker) == 1 for marker in markers):
            shape, rest = [], url
            for marker in markers:
                head, found, tail = rest.partition(marker)
                if not found:  # out of order
                    shape = None
                    break
                shape.append(head)
                rest = tail
            else:
                shape.append(rest)
    if len(_shapes) >= MAX_ENTRIES:
        _shapes.clear()
    _shapes[key] = shape
    return shape


class CachedURLNode(defaulttags.URLNode):
    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        key = None
        if (
            isinstance(view_name, str)
            and args
            and ":" not in view_name  # no namespace: current_app plays no part
            and not kwargs
            and any(map(_varying, args))
            and all(_varying(arg) or _plain(arg) for arg in args)
        ):
            # Constant arguments are part of the shape's key (as text), varying ones by type.
            shape_key = (
                view_name,
                tuple(type(arg) if _varying(arg) else arg for arg in args),
                get_urlconf(),
                get_script_prefix(),
            )
            shape = _shape(view_name, args, shape_key)
            if shape is not None:
                varying = [str(arg) for arg in args if _varying(arg)]
                url = shape[0] + "".join(
                    text + part for text, part in zip(varying, shape[1:], strict=True)
                )
                if self.asvar:
                    context[self.asvar] = url
                    return ""
                return conditional_escape(url) if context.autoescape else url
        if (
            isinstance(view_name, str)
            and all(map(_plain, args))
            and all(map(_plain, kwargs.values()))
            and (current_app is None or isinstance(current_app, str))
        ):
            key = (
                view_name,
                tuple(args),
                tuple(sorted(kwargs.items())),
                current_app,
                get_urlconf(),
                get_script_prefix(),
            )
        url = _reversed.get(key) if key is not None else None
        if url is None:
            url = ""
            try:
                url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
            except NoReverseMatch:
                if self.asvar is None:
                    raise
            else:
                if key is not None:
                    if len(_reversed) >= MAX_ENTRIES:
                        _reversed.clear()
                    _reversed[key] = url
        if self.asvar:
            context[self.asvar] = url
            return ""
        if context.autoescape:
            url = conditional_escape(url)
        return url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
