"""The public documents a verifier fetches, offline-friendly and without login: the provider's
issuer profile, its JWKS (every key it signed with, retired ones too) and its status lists.
Public by design: they hold no holder's data, only keys and one bit per certificate. Each is a
couple of queries whatever the number of certificates (the list itself is cached)."""

import json

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from certificates.credentials.issuer import CONTEXT_OB, CONTEXT_VC, issuer_profile, jwks_url
from certificates.credentials.keys import MEDIA_TYPE, provider_jwks
from certificates.credentials.status import status_list_jwt
from certificates.models import StatusList
from portal.models import Provider


def _provider(slug: str) -> Provider:
    return get_object_or_404(
        Provider.objects.only("pk", "slug", "name", "parent_agency"), slug=slug
    )


def _public(response, *, max_age: int):
    patch_cache_control(response, public=True, max_age=max_age)
    response["Access-Control-Allow-Origin"] = "*"  # verifiers in a browser fetch these too
    return response


@require_safe
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
def jwks(request, provider: str):
    response = HttpResponse(
        json.dumps(provider_jwks(provider=_provider(provider))),
        content_type="application/jwk-set+json",
    )
    return _public(response, max_age=3600)


@require_safe
def status_list(request, provider: str, ordinal: int):
    found = _provider(provider)
    listed = StatusList.objects.filter(provider=found, ordinal=ordinal).first()
    if listed is None:
        raise Http404
    response = HttpResponse(status_list_jwt(provider=found, status_list=listed), MEDIA_TYPE)
    # Short: a revocation reaches verifiers within a minute (the server's copy is exact).
    return _public(response, max_age=60)
