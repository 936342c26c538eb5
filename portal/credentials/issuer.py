"""The provider as an issuer of credentials: its stable public addresses (its profile, JWKS and
status lists) and its Open Badges profile. Absolute, from PORTAL_BASE_URL: they are written into
credentials that live outside the portal."""

from django.conf import settings
from django.urls import reverse

from portal.models import Provider

CONTEXT_VC = "https://www.w3.org/ns/credentials/v2"
CONTEXT_OB = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


def _absolute(path: str) -> str:
    return f"{settings.PORTAL_BASE_URL}{path}"


def issuer_id(provider: Provider) -> str:
    return _absolute(reverse("credential_issuer", kwargs={"provider": provider.slug}))


def jwks_url(provider: Provider) -> str:
    return _absolute(reverse("credential_jwks", kwargs={"provider": provider.slug}))


def status_list_url(provider: Provider, ordinal: int) -> str:
    return _absolute(
        reverse("credential_status_list", kwargs={"provider": provider.slug, "ordinal": ordinal})
    )


def issuer_profile(provider: Provider) -> dict:
    """The Open Badges Profile of the provider, as embedded in its credentials (and served at
    its id, with the address of its keys)."""
    profile = {"id": issuer_id(provider), "type": ["Profile"], "name": provider.name}
    if provider.parent_agency:
        profile["parentOrg"] = {
            "id": f"{issuer_id(provider)}#instansi-induk",
            "type": ["Profile"],
            "name": provider.parent_agency,
        }
    return profile
