"""Every admin answers only the lookups of the filters it shows (issue 13, item 1).

Django lets a changelist's query string filter by any field of the model, shown or not
(``/admin/complaints/complaint/?reporter_email__startswith=siti``), so every hidden field is an
oracle, one character at a time. These tests walk admin.site: an admin registered without
portal.admin.SealedAdminMixin fails here by name, and so does any field it would let a visitor
filter by without showing the filter. The filters an admin does show keep working.
"""

import pytest
from django.contrib import admin
from django.contrib.admin.filters import ListFilter
from django.urls import reverse

from portal.admin import SealedAdminMixin

pytestmark = pytest.mark.django_db

REGISTRY = dict(
    sorted(
        (
            (model._meta.label, (model, model_admin))
            for model, model_admin in admin.site._registry.items()
        ),
    )
)


@pytest.fixture
def superuser_client(client, make_user):
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    return client


def _changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _filter_names(model_admin) -> set[str]:
    """What the admin shows as filters: field paths and SimpleListFilter parameters."""
    names = {model_admin.date_hierarchy} - {None}
    for item in model_admin.list_filter:
        if isinstance(item, type) and issubclass(item, ListFilter):
            names.add(getattr(item, "parameter_name", None))
        else:
            names.add(item[0] if isinstance(item, list | tuple) else item)
    return names


def _unfiltered_fields(model, model_admin) -> list[str]:
    """Every field and relation of the model, as the query string names it, that the admin
    does not show as a filter."""
    shown = _filter_names(model_admin)
    return sorted({field.name for field in model._meta.get_fields()} - shown)


def test_every_admin_is_built_on_the_sealed_base():
    unsealed = [
        f"{label}: {type(model_admin).__module__}.{type(model_admin).__qualname__}"
        for label, (_model, model_admin) in REGISTRY.items()
        if not isinstance(model_admin, SealedAdminMixin)
    ]

    assert not unsealed, "Register these on portal.admin.SealedAdminMixin: " + ", ".join(unsealed)


@pytest.mark.parametrize("label", REGISTRY)
def test_a_lookup_on_a_field_the_admin_does_not_filter_by_is_refused(superuser_client, label):
    model, model_admin = REGISTRY[label]
    changelist = _changelist(model)

    answers = {
        name: superuser_client.get(changelist, {f"{name}__isnull": "1"}).status_code
        for name in _unfiltered_fields(model, model_admin)
    }

    assert answers == dict.fromkeys(answers, 400)


@pytest.mark.parametrize("label", REGISTRY)
def test_the_filters_an_admin_shows_still_work(superuser_client, label):
    model, model_admin = REGISTRY[label]
    changelist = _changelist(model)
    page = superuser_client.get(changelist)
    assert page.status_code == 200
    cl = page.context["cl"]

    # A long list of choices (the events' 200 kinds) is one lookup with other values: its ends.
    links = [
        choice["query_string"]
        for spec in cl.filter_specs
        for choices in [list(spec.choices(cl))]
        for choice in (choices if len(choices) <= 8 else choices[:4] + choices[-4:])
    ]
    if model_admin.date_hierarchy:
        field = model_admin.date_hierarchy
        links.append(f"?{field}__year=2026&{field}__month=8&{field}__day=17")
    links += ["?q=x", "?_facets=1", "?o=1"]
    answers = {link: superuser_client.get(changelist + link) for link in links}

    assert {link: r.status_code for link, r in answers.items()} == dict.fromkeys(answers, 200)
