"""The cheaper {% translate %} and {% url %} (portal.templatetags) render what Django's tags
render, in every language and with every argument; {% queue_cell %} renders what {% include %}
renders."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.template.engine import Engine
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from portal import templating
from portal.templatetags import portal_urls

TEMPLATE = (
    '{% load i18n %}{% translate "Beranda" %}|{% translate "Beranda" as home %}[{{ home }}]|'
    '{% translate "Beranda" noop %}|{% translate text %}|{% translate "Beranda"|upper %}|'
    '{% translate "Mei" context "month name" %}|{% translate "<b>" %}'
)


def _render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def _django_render(source: str, **context) -> str:
    """The same source through Django's own {% url %} (no portal builtins)."""
    engine = Engine(libraries={"i18n": "django.templatetags.i18n"})
    return engine.from_string(source).render(Context(context))


@pytest.mark.parametrize("language", ["id", "en"])
def test_translate_renders_what_djangos_translation_gives_in_each_language(language):
    with translation.override(language):
        home = translation.gettext("Beranda")
        expected = "|".join(
            [
                home,
                f"[{home}]",
                "Beranda",
                home,
                home.upper(),
                translation.pgettext("month name", "Mei"),
                "<b>",  # a constant in a template is safe, as in Django's tag
            ]
        )
        rendered = [_render(TEMPLATE, text="Beranda") for _ in range(2)]  # the second is kept
    assert rendered == [expected, expected]
    assert home == ("Home" if language == "en" else "Beranda")


def test_a_kept_translation_follows_the_language_switch():
    template = Template('{% load i18n %}{% translate "Beranda" %}')
    with translation.override("id"):
        indonesian = template.render(Context())
    with translation.override("en"):
        english = template.render(Context())
    with translation.override("id"):
        again = template.render(Context())
    assert (indonesian, english, again) == ("Beranda", "Home", "Beranda")


def test_the_portal_tags_are_the_ones_templates_get():
    template = Template('{% load i18n %}{% translate "Beranda" %}{% url "home" %}')
    node_types = {type(node) for node in template.nodelist}
    assert templating.CachedTranslateNode in node_types
    assert portal_urls.CachedURLNode in node_types


def test_url_reverses_as_djangos_tag_with_and_without_arguments():
    source = (
        '{% url "home" %}|{% url "service_standard" slug %}|{% url "service_standard" "b" %}'
        '|{% url "no-such-view" as missing %}[{{ missing }}]'
    )
    for slug in ("a", "a", "c"):
        assert _render(source, slug=slug) == _django_render(source, slug=slug)
    assert _render(source, slug="a").split("|")[:2] == [
        reverse("home"),
        reverse("service_standard", args=["a"]),
    ]


def test_url_escapes_and_still_refuses_an_unknown_view():
    with pytest.raises(NoReverseMatch):
        _render('{% url "no-such-view" %}')
    with pytest.raises(TemplateSyntaxError):
        _render("{% url %}")


def test_kept_urls_are_forgotten_when_the_urlconf_changes(settings):
    _render('{% url "home" %}')
    assert portal_urls._reversed
    settings.ROOT_URLCONF = "config.urls"
    assert not portal_urls._reversed


CELLS = {
    "switch.html": (
        "{% load i18n %}{# one cell #}{% with thing=row other=row.y %}"
        '{% if column.key == "a" %}A{{ thing.x }}{% elif column.key == "b" %}\n  B{{ other }}\n'
        '{% elif column.key == "a" %}never{% else %}{% translate "Beranda" %}{% endif %}'
        "{% endwith %}\n"
    ),
    "no_else.html": '{% with thing=row %}{% if column.key == "a" %}A{% endif %}{% endwith %}',
    "not_a_switch.html": '{% if column.key == "a" or row.x %}{{ row.x }}{% endif %}',
}


@pytest.mark.parametrize("cells", sorted(CELLS))
def test_queue_cell_renders_as_include(cells):
    engine = Engine(
        loaders=[("django.template.loaders.locmem.Loader", CELLS)],
        libraries={
            "i18n": "django.templatetags.i18n",
            "queue_cells": "portal.templatetags.queue_cells",
        },
    )
    loop = "{% for row in rows %}{% for column in columns %}<td>TAG</td>{% endfor %}{% endfor %}"
    ours = engine.from_string(
        "{% load queue_cells %}" + loop.replace("TAG", "{% queue_cell cells %}")
    )
    django = engine.from_string(loop.replace("TAG", "{% include cells %}"))
    context = {
        "cells": cells,
        "rows": [{"x": "<1>", "y": 2}, {"x": "", "y": None}],
        "columns": [{"key": key} for key in ("a", "b", "c", "")] + [{}],
    }
    assert ours.render(Context(context)) == django.render(Context(context))
