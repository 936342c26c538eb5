"""The provider as an issuer of credentials: its identifier, a did:web DID, and its stable public
addresses (its DID document, profile, JWKS and status lists), and its Open Badges profile.
Absolute, from PORTAL_BASE_URL: they are written into credentials that live outside the portal.

The DID is the one the did:web method (W3C CCG did-method-web, "Read (Resolve)") turns into the
address of the provider's DID document: did:web:<host>:api:kredensial:<slug> resolves to
https://<host>/api/kredensial/<slug>/did.json (a port's colon written %3A). did:web resolves
over HTTPS only, so it names the portal's real address only where PORTAL_BASE_URL is https (as
in production)."""

from urllib.parse import quote, urlsplit

from django.conf import settings
from django.urls import reverse

from portal.models import Provider

CONTEXT_VC = "https://www.w3.org/ns/credentials/v2"
CONTEXT_OB = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


def _absolute(path: str) -> str:
    return f"{settings.PORTAL_BASE_URL}{path}"


def did_document_url(provider: Provider) -> str:
    return _absolute(reverse("credential_did", kwargs={"provider": provider.slug}))


def did_web(provider: Provider) -> str:
    """The provider's did:web: its DID document's address without the scheme and the final
    /did.json, the host (a port's colon percent-encoded) and each path segment joined by
    colons."""
    address = urlsplit(did_document_url(provider))
    segments = address.path.removesuffix("/did.json").strip("/").split("/")
    return "did:web:" + ":".join(quote(part, safe="") for part in [address.netloc, *segments])


def issuer_id(provider: Provider) -> str:
    """The issuer's id in its credentials and status lists: its DID."""
    return did_web(provider)


def verification_method_id(provider: Provider, kid: str) -> str:
    """A key's verification method in the provider's DID document, and the `kid` of the JWTs it
    signs (a DID URL: the DID, then the key's thumbprint as fragment)."""
    return f"{did_web(provider)}#{kid}"


def issuer_profile_url(provider: Provider) -> str:
    return _absolute(reverse("credential_issuer", kwargs={"provider": provider.slug}))


def jwks_url(provider: Provider) -> str:
    return _absolute(reverse("credential_jwks", kwargs={"provider": provider.slug}))


def status_list_url(provider: Provider, ordinal: int) -> str:
    return _absolute(
        reverse("credential_status_list", kwargs={"provider": provider.slug, "ordinal": ordinal})
    )


def issuer_profile(provider: Provider) -> dict:
    """The Open Badges Profile of the provider, as embedded in its credentials (and served at
    issuer_profile_url, with the address of its keys)."""
    profile = {"id": issuer_id(provider), "type": ["Profile"], "name": provider.name}
    if provider.parent_agency:
        profile["parentOrg"] = {
            "id": f"{issuer_id(provider)}#instansi-induk",
            "type": ["Profile"],
            "name": provider.parent_agency,
        }
    return profile
