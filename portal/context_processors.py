"""Template context every page needs."""

from portal.roles import user_roles


def portal(request) -> dict:
    roles = user_roles(request.user)
    return {
        "staff_roles": sorted(roles, key=str),
        # Role member names in lower case, for templates: {% if "verifier" in staff_can %}
        "staff_can": {role.name.lower() for role in roles},
    }
