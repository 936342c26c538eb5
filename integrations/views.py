"""The integrations' one page: the OpenAPI document of the webhooks (public, like the other
APIs' documents: it describes shapes, holds no data)."""

from django.http import JsonResponse
from django.views.decorators.http import require_safe

from integrations.api_schema import openapi_document


@require_safe
def webhooks_schema(request):
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})
