"""Every staff page refuses an anonymous visitor and a logged-in outsider (a candidate)."""

import uuid

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter

from portal.constants import Role

pytestmark = pytest.mark.django_db


def _staff_urls(resolver=None, prefix=""):
    """Every URL pattern whose view is decorated with portal.roles.role_required."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _staff_urls(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and getattr(entry.callback, "portal_staff_only", False):
            yield entry, prefix + str(entry.pattern)


SAMPLE_UUID = uuid.UUID("5d0c6a52-93f1-4c2e-a7b4-0e8f2d61c9a3")


def _sample_path(pattern: URLPattern, route: str) -> str:
    if not pattern.pattern.converters and "<" not in route and "(" not in route:
        return "/" + route.lstrip("^").rstrip("$")
    # Routes with parameters: fill each with a value its converter accepts (nothing real: the
    # refusal must come before any lookup). A fixed UUID: the paths are test ids, which every
    # pytest-xdist worker must collect alike.
    samples = {UUIDConverter: SAMPLE_UUID, IntConverter: 1}
    kwargs = {
        name: samples.get(type(converter), "x")
        for name, converter in pattern.pattern.converters.items()
    }
    return reverse(pattern.name, kwargs=kwargs)


STAFF_URLS = sorted({_sample_path(p, r) for p, r in _staff_urls()})


def test_staff_pages_exist_to_be_checked():
    assert "/staf/" in STAFF_URLS


# One test per visitor walking every staff URL (a test per URL cost as much again in setting up
# the test as the GET), each wrong answer named.


def test_anonymous_visitor_is_sent_to_login(client):
    wrong = {}
    for path in STAFF_URLS:
        response = client.get(path)
        cache.clear()  # as between tests: rate-limit counters
        if response.status_code != 302 or not response.url.startswith(reverse("account_login")):
            wrong[path] = f"{response.status_code} {response.get('Location', '')}".strip()

    assert not wrong


def test_candidate_is_refused(client, outsider):
    client.force_login(outsider)
    wrong = {}
    for path in STAFF_URLS:
        status = client.get(path).status_code
        cache.clear()
        if status not in (403, 404):
            wrong[path] = status

    assert not wrong


@pytest.mark.parametrize("path", ["/admin/", "/admin/registration/librarian/"])
@pytest.mark.parametrize("who", ["anonymous", "outsider", "verifier"])
def test_admin_is_only_for_administrators(client, request, path, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(path)

    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_administrator_manages_registry_and_users_in_admin(client, administrator):
    client.force_login(administrator)

    assert client.get("/admin/registration/librarian/").status_code == 200
    assert client.get("/admin/registration/user/").status_code == 200


def test_staff_member_reaches_the_staff_home(client, verifier):
    client.force_login(verifier)

    response = client.get("/staf/")

    assert response.status_code == 200
    assert "Tim verifikasi" in response.content.decode()


def test_every_role_exists_as_a_group():
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


def test_administrator_group_may_manage_registry_and_users():
    administrator = Group.objects.get(name=Role.ADMINISTRATOR)
    codenames = set(administrator.permissions.values_list("codename", flat=True))
    assert {"add_librarian", "change_librarian", "change_user", "view_user"} <= codenames
