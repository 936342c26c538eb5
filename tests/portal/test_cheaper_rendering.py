"""The cheaper {% translate %} and {% url %} (portal.templatetags) render what Django's tags
render, in every language and with every argument; {% queue_cell %} renders what {% include %}
renders."""

import random
import uuid

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.template.engine import Engine
from django.templatetags.static import static
from django.urls import NoReverseMatch, converters, get_resolver, reverse
from django.utils import translation
from django.utils.safestring import mark_safe

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


def test_the_language_is_asked_once_per_render_and_follows_the_language_tag():
    source = (
        '{% load i18n %}{% translate "Beranda" %}|{% language "en" %}{% translate "Beranda" %}'
        '{% include "includes/empty.html" %}{% language "id" %}{% translate "Beranda" %}'
        '{% endlanguage %}{% translate "Beranda" %}{% endlanguage %}|{% translate "Beranda" %}'
    )
    template = Engine(
        loaders=[("django.template.loaders.locmem.Loader", {"includes/empty.html": ""})],
        libraries={"i18n": "django.templatetags.i18n"},
    ).from_string(source)
    for language, outside in (("id", "Beranda"), ("en", "Home"), ("id", "Beranda")):
        with translation.override(language):
            context = Context()
            assert template.render(context) == f"{outside}|HomeBerandaHome|{outside}"
            # The same context rendered again in another language: a new render asks anew.
            with translation.override("en" if language == "id" else "id"):
                assert template.render(context) != f"{outside}|HomeBerandaHome|{outside}"


def test_three_translations_ask_the_language_once(monkeypatch):
    asked = []
    get_language = translation.get_language
    monkeypatch.setattr(translation, "get_language", lambda: asked.append(1) or get_language())
    template = Template(
        '{% load i18n %}{% translate "Beranda" %}{% translate "Menu" %}{% translate "Beranda" %}'
    )
    template.render(Context())
    assert len(asked) == 1


def test_static_gives_what_djangos_tag_gives_and_forgets_when_the_settings_change(settings):
    source = "{% load static %}{% static 'img/logo.svg' %}|{% static path as u %}[{{ u }}]"
    expected = _django_static_render(source, path="css/portal.css")
    for _ in range(2):  # the second is kept
        assert _render(source, path="css/portal.css") == expected
    assert "img/logo.svg" in templating._static_urls
    settings.STATIC_URL = "/lain/"
    assert not templating._static_urls
    assert _render(source, path="css/portal.css") == _django_static_render(
        source, path="css/portal.css"
    )
    assert _render(source, path="css/portal.css").startswith("/lain/")


def _django_static_render(source: str, **context) -> str:
    """What Django's {% static %} gives (the storage's URL of each path)."""
    return f"{static('img/logo.svg')}|[{static(context['path'])}]"


def test_the_portal_tags_are_the_ones_templates_get():
    template = Template(
        '{% load i18n static %}{% translate "Beranda" %}{% url "home" %}'
        '{% static "img/logo.svg" %}{% language "en" %}{% endlanguage %}'
    )
    node_types = {type(node) for node in template.nodelist}
    assert templating.CachedTranslateNode in node_types
    assert portal_urls.CachedURLNode in node_types
    assert templating.CachedStaticNode in node_types
    assert templating.LanguageNode in node_types


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


def _patterns_with_varying_arguments():
    """Every named URL of the portal whose arguments are all UUIDs or integers (by converter)."""

    kinds = {converters.UUIDConverter: "uuid", converters.IntConverter: "int"}
    found = []
    resolver = get_resolver()
    for name in resolver.reverse_dict:
        if not isinstance(name, str):
            continue
        for bits, _pattern, _defaults, param_converters in resolver.reverse_dict.getlist(name):
            params = bits[0][1]
            types = [kinds.get(type(param_converters.get(param))) for param in params]
            if params and all(types):
                found.append((name, types))
    return found


def test_urls_with_uuid_and_id_arguments_are_what_reverse_gives():

    patterns = _patterns_with_varying_arguments()
    assert len(patterns) > 20  # the portal's detail pages
    generator = random.Random(19)
    for name, types in patterns:
        for _ in range(3):
            args = [
                uuid.UUID(int=generator.getrandbits(128), version=4)
                if kind == "uuid"
                else generator.choice([0, 7, 10**12])
                for kind in types
            ]
            names = [f"a{index}" for index in range(len(args))]
            source = "{% url view " + " ".join(names) + " %}"
            context = {"view": name, **dict(zip(names, args, strict=True))}
            assert _render(source, **context) == reverse(name, args=args), name
    assert sum(shape is not None for shape in portal_urls._shapes.values()) > 20


def test_url_with_an_argument_its_converter_refuses_still_fails_as_djangos():

    name = next(name for name, types in _patterns_with_varying_arguments() if types == ["int"])
    with pytest.raises(NoReverseMatch):
        _render("{% url view a %}", view=name, a=-1)
    # An integer where the pattern wants a UUID: refused, not pasted in.
    uuid_name = next(
        name for name, types in _patterns_with_varying_arguments() if types == ["uuid"]
    )
    _render("{% url view a %}", view=uuid_name, a=uuid.uuid4())
    with pytest.raises(NoReverseMatch):
        _render("{% url view a %}", view=uuid_name, a=5)
    assert _render("{% url view a as link %}[{{ link }}]", view=uuid_name, a=5) == "[]"


def test_url_of_a_converter_that_writes_its_own_text_is_left_to_reverse():
    # certificates' "anytext" converter is a subclass: the value goes through reverse() whole.

    resolver = get_resolver()
    anytext = [
        name
        for name in resolver.reverse_dict
        if isinstance(name, str)
        and any(
            type(conv).__name__ == "AnyTextConverter"
            for entry in resolver.reverse_dict.getlist(name)
            for conv in entry[3].values()
        )
    ]
    assert anytext
    for name in anytext:
        params = resolver.reverse_dict.getlist(name)[0][0][0][1]
        args = [12] * len(params)
        assert _render(
            "{% url view " + " ".join(f"a{i}" for i in range(len(args))) + " %}",
            view=name,
            **{f"a{i}": arg for i, arg in enumerate(args)},
        ) == reverse(name, args=args)


# --- {% icon %} (portal.templatetags.icons) ---------------------------------------------------

# includes/icon.html as it was before the tag drew the icons: the tag must give its bytes.
ICON_TEMPLATE_BEFORE = (
    "{# Decorative inline icon; the meaning is always also given in text next to it. #}<svg c"
    'lass="icon{% if class %} {{ class }}{% endif %}" aria-hidden="true" focusable="false" vi'
    'ewBox="0 0 16 16">{% if name == "check" %}<path d="M6.2 11.6 2.6 8l-1.2 1.2 4.8 4.8L15 5'
    '.2 13.8 4z"/>{% elif name == "check-circle" %}<path d="M8 0a8 8 0 1 0 0 16A8 8 0 0 0 8 0'
    'zm-1.2 11.7L3.4 8.3l1.2-1.2 2.2 2.2 4.6-4.6 1.2 1.2z"/>{% elif name == "warning" %}<path'
    ' d="M8.9 1.5a1 1 0 0 0-1.8 0L.2 13.5A1 1 0 0 0 1.1 15h13.8a1 1 0 0 0 .9-1.5zM9 13H7v-2h2'
    'zm0-3H7V5.5h2z"/>{% elif name == "error" %}<path d="M8 0a8 8 0 1 0 0 16A8 8 0 0 0 8 0zm1'
    ' 12H7v-2h2zm0-3.5H7V4h2z"/>{% elif name == "info" %}<path d="M8 0a8 8 0 1 0 0 16A8 8 0 0'
    ' 0 8 0zm1 12H7V7h2zm0-6.5H7v-2h2z"/>{% elif name == "clock" %}<path d="M8 0a8 8 0 1 0 0 '
    "16A8 8 0 0 0 8 0zm0 14.2A6.2 6.2 0 1 1 8 1.8a6.2 6.2 0 0 1 0 12.4zM8.9 3.8H7.1v4.6l3.7 2"
    '.3.9-1.5-2.8-1.7z"/>{% elif name == "arrow" %}<path d="M8.6 2.3 7.4 3.5l3.7 3.7H1v1.6h10'
    '.1l-3.7 3.7 1.2 1.2L14.3 8z"/>{% elif name == "lock" %}<path d="M12 7V5a4 4 0 0 0-8 0v2H'
    '3v9h10V7zM6 5a2 2 0 1 1 4 0v2H6zm3 7.7V14H7v-1.3a1.5 1.5 0 1 1 2 0z"/>{% elif name == "u'
    'ser" %}<circle cx="8" cy="5" r="3"/><path d="M2 15c0-3.3 2.7-5.5 6-5.5s6 2.2 6 5.5z"/>{%'
    ' elif name == "doc" %}<path d="M3 0h7l4 4v12H3zm6 1.5V5h3.5zM5 8v1.5h6V8zm0 3v1.5h6V11z"'
    '/>{% elif name == "mail" %}<path d="M0 3h16v10H0zm1.7 1.5L8 8.9l6.3-4.4zM1.5 5.9v5.6h13V'
    '5.9L8 10.7z"/>{% endif %}</svg>\n'
)
ICON_NAMES = ["check", "check-circle", "warning", "error", "info", "clock", "arrow", "lock"]
ICON_NAMES += ["user", "doc", "mail", "no-such-icon"]


@pytest.mark.parametrize("name", ICON_NAMES)
@pytest.mark.parametrize("css_class", ["", "icon--big", "a<b"])
def test_the_icon_tag_and_the_include_render_what_the_icon_template_rendered(name, css_class):
    before = _render(ICON_TEMPLATE_BEFORE, name=name, **{"class": css_class})

    assert _render("{% load icons %}{% icon name css %}", name=name, css=css_class) == before
    # A literal in a template is safe text, in the include's {{ class }} as in the tag.
    literal = _render(ICON_TEMPLATE_BEFORE, name=name, **{"class": mark_safe(css_class)})  # noqa: S308
    assert _render(f'{{% load icons %}}{{% icon "{name}" "{css_class}" %}}') == literal
    include = '{% include "includes/icon.html" with name=name class=css %}'
    assert _render(include, name=name, css=css_class) == before
    if not css_class:
        assert _render(f'{{% load icons %}}{{% icon "{name}" %}}') == before
        assert _render('{% include "includes/icon.html" with name=name %}', name=name) == before


def test_the_icon_tag_wants_a_name():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load icons %}{% icon %}")


class _Row:
    def __init__(self, number, overdue_days):
        self.number, self.overdue_days = number, overdue_days


class _Cells:
    """A queue writing its cells in Python (as verification.queue_cells)."""

    def cell(self, row, column, context) -> str:
        return f"<b>{row.number}</b> {column.key}\n"


@pytest.mark.parametrize("overdue", [True, False])
def test_queue_rows_writes_what_the_tables_loop_wrote(monkeypatch, overdue):
    from django.template.loader import get_template

    from portal.queues import QueueColumn
    from portal.templatetags.queue_cells import QueueRowsNode

    columns = [
        QueueColumn("Nomor", "number", cell_class="mono <nowrap>"),
        QueueColumn("Nama", "name", header_class="queue-table__name"),
        QueueColumn("Batas", "due", cell_class="nowrap"),
    ]
    page = [_Row(1, None), _Row(2, 0), _Row(3, 4)]
    table = get_template("includes/queue_table.html")
    context = {"page": page, "columns": columns, "table_id": "t", "caption": "Antrean"}
    if overdue:
        context["overdue"] = True
    written = table.render({**context, "cells": _Cells()})
    # The template's own loop, each cell through {% queue_cell %}:
    monkeypatch.setattr(QueueRowsNode, "render", lambda node, ctx: node.nodelist.render(ctx))
    looped = table.render({**context, "cells": _Cells()})
    assert written == looped
    assert ('class="queue-table__overdue"' in written) is overdue
    assert '<td class="mono &lt;nowrap&gt;"><b>3</b> number\n</td>' in written
