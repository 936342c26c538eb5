"""Template context every page needs."""

from portal.roles import user_roles


def portal(request) -> dict:
    return {"staff_roles": sorted(user_roles(request.user), key=str)}
