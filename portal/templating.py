"""A {% translate %} that remembers what it rendered, put into Django's own `i18n` template
library by install() (portal's AppConfig.ready), so that every {% load i18n %} gets it. (Naming
another module "i18n" in TEMPLATES' "libraries" would do the same, but Django's check
templates.W003 then warns, and `check --deploy` must stay clean.)

A page of the portal renders some 75 constant {% translate "..." %} tags, and Django's tag
looks each one up anew through lazy objects and the active-language machinery (a fifth of a
bare dashboard's render). A constant text in a given language, escaped or not, always renders
the same, so each tag keeps its output per (language, autoescape). Texts from variables, with
filters, or with a context that is not constant are translated as Django does."""

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import Variable
from django.templatetags import i18n as django_i18n
from django.utils import translation

# Django's own compile function, which install() replaces in the library.
_django_do_translate = django_i18n.do_translate

# Bumped when translations may change (tests overriding LANGUAGES or LOCALE_PATHS): every tag
# then forgets what it kept.
_generation = 0


@receiver(setting_changed, dispatch_uid="portal_i18n_translations_reset")
def _translations_reset(*, setting, **kwargs):
    global _generation
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS", "USE_I18N"}:
        _generation += 1


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
        key = (translation.get_language(), context.autoescape)
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


def install() -> None:
    """Templates compiled from now on get CachedTranslateNode for {% translate %}/{% trans %}."""
    django_i18n.register.tag("translate", do_translate)
    django_i18n.register.tag("trans", do_translate)
