"""A template builtin (settings: TEMPLATES' "builtins") replacing Django's {% url %} with one
that remembers the URLs it reversed.

A page of the portal reverses 25 to 100 URLs (the navigation, the footer's directory of
services), each costing Django's resolver tens of microseconds. The same view name with the same
plain arguments (strings and integers), URLconf, script prefix and current app always reverses
to the same URL, so the results are kept per process, at most MAX_ENTRIES of them (then the
cache starts afresh). A failed reverse is never kept: it raises, or gives "" with `as`, as
Django's tag does."""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()

MAX_ENTRIES = 4096
_reversed: dict = {}


@receiver(setting_changed, dispatch_uid="portal_urls_reversed_reset")
def _reversed_reset(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reversed.clear()


def _plain(value) -> bool:
    # str subclasses too: a constant in a template resolves to a SafeString.
    return isinstance(value, str) or type(value) is int


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
