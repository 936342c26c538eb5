"""A {% translate %} that remembers what it rendered, put into Django's own `i18n` template
library by install() (portal's AppConfig.ready), so that every {% load i18n %} gets it. (Naming
another module "i18n" in TEMPLATES' "libraries" would do the same, but Django's check
templates.W003 then warns, and `check --deploy` must stay clean.)

A page of the portal renders some 75 constant {% translate "..." %} tags, and Django's tag
looks each one up anew through lazy objects and the active-language machinery (a fifth of a
bare dashboard's render). A constant text in a given language, escaped or not, always renders
the same, so each tag keeps its output per (language, autoescape). Texts from variables, with
filters, or with a context that is not constant are translated as Django does. The active
language is asked once per render (kept in the render context; {% language %} sets it for its
block), not once per tag.

{% static %} likewise keeps each path's URL: the storage (the manifest's hashed names) gives the
same URL for the same path until the static settings change."""

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import Variable
from django.templatetags import i18n as django_i18n
from django.templatetags import static as django_static
from django.utils import translation

# Django's own compile functions, which install() replaces in the libraries.
_django_do_translate = django_i18n.do_translate
_django_language = django_i18n.language
_django_do_static = django_static.do_static

# The render context's key for the language of the render (CachedTranslateNode).
_LANGUAGE = "portal.templating.language"

# path -> URL given by {% static %}; MAX_STATIC_URLS at most (then it starts afresh).
MAX_STATIC_URLS = 1024
_static_urls: dict = {}
_STATIC_SETTINGS = {"STORAGES", "STATIC_URL", "STATIC_ROOT", "DEBUG", "INSTALLED_APPS"}

# Bumped when translations may change (tests overriding LANGUAGES or LOCALE_PATHS): every tag
# then forgets what it kept.
_generation = 0


@receiver(setting_changed, dispatch_uid="portal_i18n_translations_reset")
def _translations_reset(*, setting, **kwargs):
    global _generation
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS", "USE_I18N"}:
        _generation += 1
    if setting in _STATIC_SETTINGS:
        _static_urls.clear()


def _language(context) -> str | None:
    """The active language, asked once per render (a template rendered anew, even within this
    one, starts its own render context and asks again)."""
    render_context = context.render_context
    try:
        return render_context[_LANGUAGE]
    except KeyError:
        language = render_context[_LANGUAGE] = translation.get_language()
        return language


class CachedTranslateNode(django_i18n.TranslateNode):
    def __init__(self, filter_expression, noop, asvar=None, message_context=None):
        super().__init__(filter_expression, noop, asvar, message_context)
        var = self.filter_expression.var
        self.constant = (
            isinstance(var, Variable)
            and isinstance(var.literal, str)
            and not self.filter_expression.filters
            and (
                message_context is None
                or (isinstance(message_context.var, str) and not message_context.filters)
            )
        )
        self.generation = _generation
        self.rendered = {}

    def render(self, context):
        if not self.constant:
            return super().render(context)
        if self.generation != _generation:
            self.rendered, self.generation = {}, _generation
        key = (_language(context), context.autoescape)
        try:
            value = self.rendered[key]
        except KeyError:
            # Django's own rendering, once: with `as`, it leaves the value in the context.
            value = super().render(context)
            if self.asvar:
                value = context[self.asvar]
            self.rendered[key] = value
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


def do_translate(parser, token):
    node = _django_do_translate(parser, token)
    return CachedTranslateNode(node.filter_expression, node.noop, node.asvar, node.message_context)


class LanguageNode(django_i18n.LanguageNode):
    """{% language %}: the render's language is the block's inside it (CachedTranslateNode)."""

    def render(self, context):
        render_context = context.render_context
        outer = render_context.get(_LANGUAGE, _LANGUAGE)
        with translation.override(self.language.resolve(context)):
            render_context[_LANGUAGE] = translation.get_language()
            try:
                return self.nodelist.render(context)
            finally:
                if outer is _LANGUAGE:
                    render_context.dicts[-1].pop(_LANGUAGE, None)
                else:
                    render_context[_LANGUAGE] = outer


def do_language(parser, token):
    node = _django_language(parser, token)
    return LanguageNode(node.nodelist, node.language)


class CachedStaticNode(django_static.StaticNode):
    def url(self, context):
        path = self.path.resolve(context)
        if not isinstance(path, str):
            return self.handle_simple(path)
        try:
            return _static_urls[path]
        except KeyError:
            pass
        url = self.handle_simple(path)  # raises for a path missing from the manifest: not kept
        if len(_static_urls) >= MAX_STATIC_URLS:
            _static_urls.clear()
        _static_urls[str(path)] = url
        return url


def do_static(parser, token):
    node = _django_do_static(parser, token)
    return CachedStaticNode(varname=node.varname, path=node.path)


def install() -> None:
    """Templates compiled from now on get CachedTranslateNode for {% translate %}/{% trans %},
    LanguageNode for {% language %} and CachedStaticNode for {% static %}."""
    django_i18n.register.tag("translate", do_translate)
    django_i18n.register.tag("trans", do_translate)
    django_i18n.register.tag("language", do_language)
    django_static.register.tag("static", do_static)
