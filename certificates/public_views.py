"""Public verification of a certificate by its number (the QR code's target): a page for people,
JSON for other systems, and the OpenAPI document of that JSON. Anyone may ask, so every lookup
counts against one rate limit per client address, and the answer holds only what
certificates.verification allows: the status for the number alone, the holder's name and level
only with the token the QR code carries; never the holder's private data."""

from django import forms
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from certificates.api_schema import openapi_document
from certificates.credentials.credential import credential_status_of
from certificates.models import Certificate
from certificates.selectors import certificate_by_number
from certificates.verification import QR_PARAMETER, verification_answer
from portal.providers import page_service_set
from portal.ratelimit import consume

# One limit (PORTAL_RATE_LIMITS) for the page and the API alike: numbers are sequential, so even
# the status alone should not be listed wholesale.
RATE_LIMIT = "certificate_verify"


class VerifyForm(forms.Form):
    number = forms.CharField(
        label=gettext_lazy("Nomor sertifikat"),
        max_length=64,
        help_text=gettext_lazy("Tertulis pada sertifikat, misalnya UKP/2026/000123."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_number(self) -> str:
        number = self.cleaned_data["number"]
        # A line break or control character cannot be part of a number, nor of its address.
        if not number.isprintable():
            raise forms.ValidationError(
                gettext_lazy(
                    "Tulis nomor seperti tertulis pada sertifikat, misalnya UKP/2026/000123."
                )
            )
        return number


def _wants_json(request) -> bool:
    # A browser's Accept ends in */*, which would also "accept" JSON: ask which it prefers.
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def _too_many(request, *, as_json: bool):
    """The 429 answer when this client used up its lookups, else None."""
    retry_after = consume(request, RATE_LIMIT)
    if not retry_after:
        return None
    if as_json:
        response = JsonResponse(
            {
                "error": "rate_limited",
                "detail": _("Terlalu banyak permintaan. Silakan coba lagi dalam %(seconds)d detik.")
                % {"seconds": retry_after},
                "retry_after": retry_after,
            },
            status=429,
        )
    else:
        response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def _answer(request, number: str) -> dict:
    return _answer_and_certificate(request, number)[0]


def _answer_and_certificate(request, number: str) -> tuple[dict, Certificate | None]:
    certificate = certificate_by_number(number=number)
    answer = verification_answer(
        number=number, certificate=certificate, token=request.GET.get(QR_PARAMETER, "")
    )
    if answer["issuer"]:
        # Signed or revoked: its issuer is public, and the page shows its provider.
        page_service_set(request, certificate.application.service)
    return answer, certificate


def _private(response, answer: dict):
    """An answer naming the holder is for whoever holds the link, not for a shared cache."""
    if answer["complete"]:
        patch_cache_control(response, private=True, no_store=True)
    return response


def _json_answer(answer: dict) -> JsonResponse:
    status = 404 if answer["status"] == "unknown" else 200
    response = JsonResponse(answer, status=status, json_dumps_params={"ensure_ascii": False})
    return _private(response, answer)


@require_safe
def verify_form(request):
    """The "check a certificate" form; a valid number goes to its result page (GET, so the
    result has a plain address that can be shared)."""
    form = VerifyForm(request.GET if "number" in request.GET else None)
    if form.is_valid():
        return redirect("certificate_verify", number=form.cleaned_data["number"])
    return render(request, "certificates/public/verify_form.html", {"form": form})


@require_safe
def verify(request, number: str):
    as_json = _wants_json(request)
    response = _too_many(request, as_json=as_json)
    if response is None:
        answer, certificate = _answer_and_certificate(request, number)
        if as_json:
            response = _json_answer(answer)
        else:
            context = {"answer": answer, "form": VerifyForm(initial={"number": number})}
            if answer["issuer"]:
                # Signed or revoked: the bit its credential points at, which says the same.
                context["credential_status"] = credential_status_of(certificate)
            response = render(request, "certificates/public/verify.html", context)
            _private(response, answer)
    patch_vary_headers(response, ["Accept"])
    return response


@require_safe
def api_certificate(request, number: str):
    response = _too_many(request, as_json=True)
    if response is not None:
        return response
    return _json_answer(_answer(request, number))


@require_safe
def api_schema(request):
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})
