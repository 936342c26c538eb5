"""The public complaint pages, for anyone and without an account: the form, the thank-you page
with the tracking code, the tracking page (follow, add information, answer questions, reopen),
and the JSON intake API of other channels' integrations with its OpenAPI document.

The tracking code is the reporter's key: whoever holds it sees the complaint, so lookups are
rate limited and the page says nothing about a code that does not exist beyond "not found"."""

import json
from contextlib import nullcontext

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from complaints import selectors, services, tracking, workflow
from complaints.api_schema import openapi_document
from complaints.constants import ComplaintStatus, MessageKind
from complaints.exceptions import ComplaintError
from complaints.public_forms import (
    AddInformationForm,
    ComplaintForm,
    IntakeForm,
    ReopenForm,
    TrackLookupForm,
    service_error_show,
)
from complaints.workflow import FINAL
from portal.calendar import closures_preloaded_around
from portal.providers import page_provider_set, page_service_set
from portal.ratelimit import rate_limited

# The thank-you page reads the code from the session: a reload shows it again, a resubmit
# cannot happen (POST, redirect, GET).
SUBMITTED_KEY = "complaint_submitted_code"


def _initial_for(user) -> dict:
    """A logged-in candidate's own details, from their profile when they have one."""
    if not user.is_authenticated:
        return {}
    profile = getattr(user, "profile", None)
    return {
        "reporter_name": profile.full_name if profile else user.get_full_name(),
        "reporter_email": user.email,
        "reporter_phone": profile.whatsapp if profile else "",
    }


def _chosen(form: ComplaintForm, query) -> dict:
    """The service and provider a link chose (unknown slugs are ignored)."""
    chosen = {}
    for name, parameter in (("service", "layanan"), ("provider", "penyelenggara")):
        slug = query.get(parameter)
        if slug:
            found = form.fields[name].queryset.filter(slug=slug).first()
            if found is not None:
                chosen[name] = found
    return chosen


def _page_about(request, *, service=None, provider=None) -> None:
    if service is not None:
        page_service_set(request, service)
    elif provider is not None:
        page_provider_set(request, provider)


def _handling_service(service):
    """The chosen service when its standard says how its complaints are handled (who receives
    them, where: seed 003 names the Sekretaris Badan and the Ruang Kerja Sekretaris), so the
    form says it; None otherwise."""
    return service if service is not None and service.complaint_handling.strip() else None


@require_http_methods(["GET", "POST"])
@rate_limited("complaint_submit", when=lambda request: request.method == "POST")
def complaint_new(request):
    if request.method != "POST":
        # From a service's page (?layanan=) or a provider's (?penyelenggara=): chosen already,
        # and the page shows that provider.
        form = ComplaintForm(initial=_initial_for(request.user), reporter=request.user)
        chosen = _chosen(form, request.GET)
        form.initial.update(chosen)
        _page_about(request, **chosen)
        return render(
            request,
            "complaints/public/form.html",
            {"form": form, "handling_service": _handling_service(chosen.get("service"))},
        )
    form = ComplaintForm(request.POST, request.FILES, reporter=request.user)
    valid = form.is_valid()
    # Chosen on the form: the page shows that provider, also when it comes back with an error.
    _page_about(
        request,
        service=form.cleaned_data.get("service"),
        provider=form.cleaned_data.get("provider"),
    )
    if valid:
        data = form.cleaned_data
        if form.is_bot():
            # Looks like success to the bot, so it does not learn to leave the field empty.
            request.session[SUBMITTED_KEY] = tracking.code_generate()
            return redirect("complaint_submitted")
        try:
            complaint = services.complaint_submit(
                kind=data["kind"],
                subject=data["subject"],
                description=data["description"],
                service=data["service"],
                provider=data["provider"],
                incident_date=data["incident_date"],
                reporter=request.user,
                reporter_name=data["reporter_name"],
                reporter_email=data["reporter_email"],
                reporter_phone=data["reporter_phone"],
                anonymous=data["anonymous"],
                confidential=data["confidential"],
                attachments=data["attachments"],
                about_kind=data["about_kind"],
                about_key=data["about_key"],
            )
        except ComplaintError as error:
            service_error_show(form, error)
        else:
            request.session[SUBMITTED_KEY] = complaint.tracking_code
            return redirect("complaint_submitted")
    return render(
        request,
        "complaints/public/form.html",
        {
            "form": form,
            "handling_service": _handling_service(form.cleaned_data.get("service")),
        },
        status=400,
    )


@require_safe
@never_cache
def complaint_submitted(request):
    code = request.session.get(SUBMITTED_KEY)
    if code is None:
        return redirect("complaint_new")
    return render(
        request,
        "complaints/public/submitted.html",
        {"code": code, "track_path": reverse("complaint_track", args=[code])},
    )


@require_safe
@rate_limited("complaint_track", when=lambda request: "code" in request.GET)
def complaint_track_lookup(request):
    form = TrackLookupForm(request.GET if "code" in request.GET else None)
    if form.is_valid():
        code = tracking.code_normalize(form.cleaned_data["code"])
        if code is not None:
            return redirect("complaint_track", code=code)
        form.add_error(
            "code", _("Kode pelacakan terdiri atas ADU dan 8 huruf/angka, mis. ADU-7K3M-9QX2.")
        )
    return render(request, "complaints/public/lookup.html", {"form": form})


def _track_context(complaint, *, add_form=None, reopen_form=None) -> dict:
    # Both the date and the refusal count working days from the day it closed: one read of the
    # closures for the two (issue 19).
    with _closures_read_once(complaint):
        reopen_until = selectors.complaint_reopen_until(complaint)
        can_reopen = workflow.reopen_refusal(complaint) is None
    can_add = workflow.message_refusal(complaint, MessageKind.REPORTER, as_reporter=True) is None
    messages_ = list(selectors.complaint_public_messages(complaint))
    return {
        "complaint": complaint,
        "steps": selectors.complaint_track_steps(complaint),
        "thread": messages_,
        "open_question": bool(messages_) and messages_[-1].kind == MessageKind.QUESTION,
        "attachments": list(selectors.complaint_reporter_attachments(complaint)),
        "final": complaint.status in FINAL,
        "can_add": can_add,
        "add_form": (add_form or AddInformationForm()) if can_add else None,
        "reopen_until": reopen_until,
        "reopen_form": (reopen_form or ReopenForm()) if can_reopen else None,
        # By URL name: the survey app reads complaints, never the other way round.
        "survey_path": reverse("survey_complaint", args=[complaint.tracking_code]),
    }


def _closures_read_once(complaint):
    """Around workflow.reopen_until's callers: a closed complaint's closures read once."""
    if complaint.status != ComplaintStatus.CLOSED or complaint.closed_at is None:
        return nullcontext()  # reopen_until reads nothing
    return closures_preloaded_around(timezone.localdate(complaint.closed_at))


def _render_track(request, complaint, *, status=200, **forms):
    # The page shows the provider the complaint went to (and its service's fee statement).
    if complaint.service is not None:
        page_service_set(request, complaint.service)
    else:
        page_provider_set(request, complaint.provider)
    response = render(
        request, "complaints/public/track.html", _track_context(complaint, **forms), status=status
    )
    # The page is the reporter's private view: never kept by a shared computer or a proxy.
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@rate_limited("complaint_track", when=lambda request: True)
def complaint_track(request, code: str):
    complaint = selectors.complaint_by_tracking_code(code)
    if complaint is None:
        response = render(request, "complaints/public/not_found.html", status=404)
        response["Cache-Control"] = "private, no-store"
        return response
    if code != complaint.tracking_code:
        return redirect("complaint_track", code=complaint.tracking_code)
    if request.method != "POST":
        return _render_track(request, complaint)

    if "reopen" in request.POST:
        form = ReopenForm(request.POST)
        if form.is_valid():
            try:
                services.complaint_reopen(complaint=complaint, note=form.cleaned_data["note"])
            except ComplaintError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Pengaduan Anda dibuka kembali dan diteruskan ke tim."))
            return redirect("complaint_track", code=complaint.tracking_code)
        return _render_track(request, complaint, status=400, reopen_form=form)

    form = AddInformationForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.complaint_message_add(
                complaint=complaint,
                kind=MessageKind.REPORTER,
                body=form.cleaned_data["body"],
                as_reporter=True,
                attachments=form.cleaned_data["attachments"],
            )
        except ComplaintError as error:
            complaint.refresh_from_db(fields=["status"])
            if complaint.status in FINAL:  # finished meanwhile: there is no form to show
                messages.error(request, error.message)
                return redirect("complaint_track", code=complaint.tracking_code)
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Keterangan Anda sudah kami terima."))
            return redirect("complaint_track", code=complaint.tracking_code)
    return _render_track(request, complaint, status=400, add_form=form)


# --- the intake API --------------------------------------------------------------------------


def _api_error(status: int, error: str, detail: str, **extra) -> JsonResponse:
    return JsonResponse(
        {"error": error, "detail": detail, **extra},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _bearer(request) -> str:
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


@csrf_exempt  # called by other systems with a bearer token, never by a browser with a cookie
@require_POST
def complaint_intake_api(request):
    token = services.intake_token_check(_bearer(request))
    if token is None:
        response = _api_error(
            401, "unauthorized", _("Token integrasi tidak ada, salah, atau sudah dinonaktifkan.")
        )
        response["WWW-Authenticate"] = 'Bearer realm="pengaduan"'
        return response
    try:
        body = json.loads(request.body or b"null")
    except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested too deep
        body = None
    if not isinstance(body, dict):
        return _api_error(400, "invalid_json", _("Isi permintaan harus berupa objek JSON."))
    form = IntakeForm(body)
    if not form.is_valid():
        errors = {field: [str(error) for error in errs] for field, errs in form.errors.items()}
        return _api_error(400, "invalid", _("Periksa kembali isian berikut."), fields=errors)
    data = form.cleaned_data
    try:
        complaint = services.complaint_submit(
            kind=data["kind"],
            subject=data["subject"],
            description=data["description"],
            service=data["service"],
            provider=data["provider"],
            incident_date=data["incident_date"],
            reporter_name=data["reporter_name"],
            reporter_email=data["reporter_email"],
            reporter_phone=data["reporter_phone"],
            anonymous=data["anonymous"],
            confidential=data["confidential"],
            channel=token.channel,
            intake_token=token,
            external_reference=data["external_reference"],
        )
    except ComplaintError as error:
        # A rule of the service (e.g. an SP4N-LAPOR! report without its LAPOR number): the
        # same 400 as a field error, with the field the service names.
        fields = {error.field: [str(error.message)]} if error.field in form.fields else {}
        return _api_error(400, "invalid", _("Periksa kembali isian berikut."), fields=fields)
    return JsonResponse(
        {
            "tracking_code": complaint.tracking_code,
            "status": complaint.status,
            "tracking_url": services.tracking_url(complaint),
        },
        status=201,
    )


@require_safe
def complaint_intake_schema(request):
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})
