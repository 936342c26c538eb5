"""Template context every page needs."""

from portal.roles import user_roles


def portal(request) -> dict:
    # An error page may be rendered before AuthenticationMiddleware ran (a Host header that is
    # not ours, a body refused unread): no user yet, which is an anonymous visitor.
    user = getattr(request, "user", None)
    roles = user_roles(user) if user is not None else set()
    return {
        "staff_roles": sorted(roles, key=str),
        # Role member names in lower case, for templates: {% if "verifier" in staff_can %}
        "staff_can": {role.name.lower() for role in roles},
    }
