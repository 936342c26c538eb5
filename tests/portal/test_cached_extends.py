"""The cheaper {% extends %} (portal.templatetags.portal_extends) renders what Django's renders,
through several levels, {{ block.super }} and a template given as a variable, and walks the root
template's nodes once, not on every render."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, engines
from django.template.base import NodeList
from django.template.engine import Engine
from django.template.loader import render_to_string
from django.template.loader_tags import ExtendsNode
from django.test import RequestFactory

from portal.templatetags import portal_extends

TEMPLATES = {
    "root.html": (
        "<r>{% block title %}root title{% endblock %}|"
        "{% block body %}root body{% block inner %}root inner{% endblock %}{% endblock %}|"
        "{% if flag %}{% block shown %}shown{% endblock %}{% endif %}</r>"
    ),
    "middle.html": (
        '{% extends "root.html" %}{% block title %}middle [{{ block.super }}]{% endblock %}'
        "{% block inner %}middle inner {{ value }}{% endblock %}"
    ),
    "leaf.html": (
        '{% extends "middle.html" %}{% block inner %}leaf [{{ block.super }}]{% endblock %}'
        "{% block shown %}leaf shown{% endblock %}"
    ),
    "direct.html": '{% extends "root.html" %}{% block body %}direct {{ value }}{% endblock %}',
    "variable.html": "{% extends parent %}{% block title %}from variable{% endblock %}",
}


def _without_csrf(html: str) -> str:
    # Each render masks the CSRF token anew.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _engines():
    # Cached, as the portal's templates are: a compiled template is kept and rendered again.
    loaders = [
        (
            "django.template.loaders.cached.Loader",
            [("django.template.loaders.locmem.Loader", TEMPLATES)],
        )
    ]
    portal = Engine(loaders=loaders, builtins=["portal.templatetags.portal_extends"])
    django = Engine(loaders=loaders)
    return portal, django


@pytest.mark.parametrize("name", ["leaf.html", "middle.html", "direct.html", "root.html"])
def test_extends_renders_what_djangos_extends_renders(name):
    portal, django = _engines()
    for context in ({"value": 1, "flag": True}, {"value": 2, "flag": False}, {"value": 3}):
        # Twice each: the second render uses the kept blocks.
        for _ in range(2):
            expected = django.get_template(name).render(Context(context))
            assert portal.get_template(name).render(Context(context)) == expected


def test_extends_a_template_given_as_a_variable():
    portal, django = _engines()
    for engine in (portal, django):
        parent = engine.get_template("root.html")
        rendered = [
            engine.get_template("variable.html").render(Context({"parent": parent}))
            for _ in range(2)
        ]
        assert rendered == ["<r>from variable|root bodyroot inner|</r>"] * 2


def test_the_root_templates_nodes_are_walked_once(monkeypatch):
    portal, _ = _engines()
    template = portal.get_template("leaf.html")
    assert isinstance(template.nodelist[0], portal_extends.CachedBlocksExtendsNode)
    first = template.render(Context({"value": 1, "flag": True}))
    walks = []
    original = NodeList.get_nodes_by_type

    def counted(self, nodetype):
        walks.append(nodetype)
        return original(self, nodetype)

    monkeypatch.setattr(NodeList, "get_nodes_by_type", counted)
    assert template.render(Context({"value": 1, "flag": True})) == first
    assert walks == []


def test_the_portals_pages_get_the_cheaper_extends():
    template = engines["django"].get_template("account/login.html").template
    node = template.nodelist[0]
    assert isinstance(node, portal_extends.CachedBlocksExtendsNode)
    assert isinstance(node, ExtendsNode)  # Django's checks (must be first, once) still apply


@pytest.mark.django_db
def test_a_portal_page_renders_the_same_with_djangos_extends(settings):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    cheaper = _without_csrf(render_to_string("413.html", {}, request))
    assert "<main" in cheaper
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "builtins": ["portal.templatetags.portal_urls"],
            },
        }
    ]
    template = engines["django"].get_template("413.html").template
    assert not isinstance(template.nodelist[0], portal_extends.CachedBlocksExtendsNode)
    assert _without_csrf(render_to_string("413.html", {}, request)) == cheaper
