"""The public documents a verifier fetches, offline-friendly and without login: the provider's
DID document and issuer profile, its JWKS (every key it signed with, retired ones too) and its
status lists.
Public by design: they hold no holder's data, only keys and one bit per certificate. Each is a
couple of queries whatever the number of certificates (the list itself is cached). Under /api/,
so an unknown provider or list is answered in JSON like the rest of the API."""

import functools
import json
import re

from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal.credentials.issuer import CONTEXT_OB, CONTEXT_VC, did_web, issuer_profile, jwks_url
from portal.credentials.keys import MEDIA_TYPE, provider_did_document, provider_jwks
from portal.credentials.status import status_list_jwt
from portal.models import Provider, StatusList

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")
ORDINAL = re.compile(r"[1-9][0-9]{0,8}")


class NotFound(Exception):
    pass


def _provider(slug: str) -> Provider:
    found = None
    if SLUG.fullmatch(slug):
        found = Provider.objects.only("pk", "slug", "name", "parent_agency").filter(slug=slug)
        found = found.first()
    if found is None:
        raise NotFound
    return found


def _answers_not_found(view):
    """An unknown provider or list answers the API's JSON 404, never the HTML page."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            return JsonResponse(
                {"error": "not_found", "detail": _("Penerbit atau daftar status tidak dikenal.")},
                status=404,
                json_dumps_params={"ensure_ascii": False},
            )

    return wrapped


def _public(response, *, max_age: int):
    patch_cache_control(response, public=True, max_age=max_age)
    response["Access-Control-Allow-Origin"] = "*"  # verifiers in a browser fetch these too
    return response


@require_safe
@_answers_not_found
def issuer(request, provider: str):
    found = _provider(provider)
    document = {
        "@context": [CONTEXT_VC, CONTEXT_OB],
        **issuer_profile(found),
        "jwks_uri": jwks_url(found),
    }
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    return _public(response, max_age=3600)


@require_safe
@_answers_not_found
def did_document(request, provider: str):
    """The provider's DID document, where its did:web resolves (W3C CCG did-method-web)."""
    found = _provider(provider)
    document = provider_did_document(provider=found, did=did_web(found))
    response = HttpResponse(json.dumps(document), content_type="application/did+json")
    return _public(response, max_age=3600)


@require_safe
@_answers_not_found
def jwks(request, provider: str):
    response = HttpResponse(
        json.dumps(provider_jwks(provider=_provider(provider))),
        content_type="application/jwk-set+json",
    )
    return _public(response, max_age=3600)


@require_safe
@_answers_not_found
def status_list(request, provider: str, ordinal: str):
    found = _provider(provider)
    if not ORDINAL.fullmatch(ordinal):
        raise NotFound
    listed = StatusList.objects.filter(provider=found, ordinal=int(ordinal)).first()
    if listed is None:
        raise NotFound
    response = HttpResponse(status_list_jwt(provider=found, status_list=listed), MEDIA_TYPE)
    # Short: a revocation reaches verifiers within a minute (the server's copy is exact).
    return _public(response, max_age=60)
