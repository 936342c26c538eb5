"""{% form_field %} (portal.templatetags.form_fields) writes what includes/field.html writes, byte
for byte, for every field the portal's forms can show (issue 19)."""

import pytest
from django.template import engines
from django.utils.translation import override

from tests.portal.test_forms_rendering import _portal_form_classes, _zoos

INCLUDE = engines["django"].from_string(
    '{% include "includes/field.html" %}|'
    '{% include "includes/field.html" with field_label=label %}|'
    '{% include "includes/field.html" with conditional=True %}'
)
TAG = engines["django"].from_string(
    "{% load form_fields %}{% form_field field %}|"
    "{% form_field field label=label %}|"
    "{% form_field field conditional=True %}"
)


def _compare(form) -> int:
    for name in form.fields:
        context = {"field": form[name], "label": "Nama <lain> & gelar"}
        assert TAG.render(context) == INCLUDE.render(context), f"{type(form).__name__}.{name}"
    return len(form.fields)


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_kind_of_field_is_written_as_the_include_writes_it(language):
    with override(language):
        assert sum(_compare(form) for form in _zoos()) > 100


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
def test_the_portals_own_forms_are_written_as_the_include_writes_them(language):
    compared = 0
    with override(language):
        for _name, form_class in sorted(_portal_form_classes().items()):
            try:
                form = form_class()
            except TypeError:
                continue  # needs arguments (a case, a unit list...)
            compared += _compare(form)
            bound = form_class(data={})  # refused: the errors and their aria attributes
            bound.is_valid()
            compared += _compare(bound)
    assert compared > 100
