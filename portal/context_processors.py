"""Template context every page needs."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from portal.providers import page_provider_card, provider_directory
from portal.roles import user_roles


def portal(request) -> dict:
    # An error page may be rendered before AuthenticationMiddleware ran (a Host header that is
    # not ours, a body refused unread): no user yet, which is an anonymous visitor.
    user = getattr(request, "user", None)
    roles = user_roles(user) if user is not None else set()
    context = {
        "staff_roles": sorted(roles, key=str),
        # Role member names in lower case, for templates: {% if "verifier" in staff_can %}
        "staff_can": {role.name.lower() for role in roles},
        "portal_contact_email": settings.PORTAL_CONTACT_EMAIL,
    }
    # The provider a page is about (portal.providers.page_service_set), else the directory of
    # providers: read when base.html renders them, not before (an error page renders neither).
    # Staff at work get no directory: their pages are not the public's way into a service.
    service = getattr(request, "portal_service", None)
    if service is not None or getattr(request, "portal_provider", None) is not None:
        context["page_provider"] = SimpleLazyObject(lambda: page_provider_card(request))
        context["page_service"] = service
    elif not roles and not getattr(request, "portal_without_database", False):
        context["provider_directory"] = SimpleLazyObject(provider_directory)
    return context
