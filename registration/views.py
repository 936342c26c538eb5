"""Public NIP check, registration by a confirmed address, the claim of a taken NIP, the
candidate's profile."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods

from portal.downloads import file_response_secure
from portal.ratelimit import rate_limited
from registration import services
from registration.candidate_selectors import candidate_profile_with_levels
from registration.constants import REGISTRATION_LINK_VALID_HOURS, RegistrationMailKind
from registration.exceptions import ClaimError, RegistrationError, link_expired_message
from registration.forms import ClaimForm, ClaimStartForm, NipCheckForm, RegisterForm
from registration.nip import NipError, parse_nip
from registration.selectors import (
    application_submitted_for_candidate,
    claim_for_link,
    document_for_viewer,
    librarian_get_by_nip,
    link_expired,
    registration_link_get,
)


@require_http_methods(["GET"])
@rate_limited("nip_check", when=lambda request: "nip" in request.GET)
def nip_check(request):
    form = NipCheckForm(request.GET if "nip" in request.GET else None)
    context = {"form": form}
    if form.is_valid():
        try:
            parsed = parse_nip(form.cleaned_data["nip"])
        except NipError as exc:
            form.add_error("nip", exc.message)
        else:
            context["parsed"] = parsed
            context["librarian"] = librarian_get_by_nip(nip=parsed.nip)
            context["searched"] = True
    return render(request, "registration/nip_check.html", context)


def _register_counts(request) -> bool:
    """The POSTs that look a NIP up or mail count against the limit; "Ubah" (back to the form
    with what was typed) does neither."""
    return request.method == "POST" and "ubah" not in request.POST


@require_http_methods(["GET", "POST"])
@rate_limited("register", when=_register_counts)
def register(request):
    """NIP + address, then "periksa kembali": the address is shown back and only its button
    (the `confirm` field) mails. Past the NIP check's own answers (invalid, not in the registry),
    the mail decides what happens next; the page says where it went and, when the NIP already
    has an account, that account's address masked with the ways to recover or claim it."""
    if request.user.is_authenticated:
        return redirect("dashboard")
    if request.method == "POST" and "ubah" in request.POST:
        # Back from the check step: the form again, filled in, nothing judged yet.
        form = RegisterForm(
            initial={"nip": request.POST.get("nip", ""), "email": request.POST.get("email", "")}
        )
        form.fields["email"].widget.attrs["autofocus"] = True  # what is usually mistyped
        return render(request, "registration/register.html", {"form": form})
    if request.method == "POST":
        form = RegisterForm(request.POST)
        if form.is_valid():
            nip, email = form.cleaned_data["nip"], form.cleaned_data["email"]
            try:
                if not form.cleaned_data["confirm"]:
                    check = services.account_register_check(nip=nip, email=email)
                    return render(
                        request,
                        "registration/register_check.html",
                        {"form": form, "check": check, "typed_email": email},
                    )
                # A double click sends one mail: the service locks the NIP and skips a repeat.
                sent = services.account_register_request(nip=nip, email=email)
            except RegistrationError as exc:
                form.add_error(exc.field, exc.message)
            else:
                request.session["register_sent"] = {
                    "address": sent.address,
                    "official": sent.official,
                    "account_address": sent.account_address,
                    "nip": parse_nip(nip).nip if sent.nip_taken else "",
                }
                return redirect("register_done")
    else:
        form = RegisterForm(initial={"nip": request.GET.get("nip", "")})
    return render(request, "registration/register.html", {"form": form})


def register_done(request):
    sent = request.session.get("register_sent")
    if not sent:
        return redirect(reverse("register"))
    return render(
        request,
        "registration/register_done.html",
        {
            "official": False,
            "account_address": "",
            "nip": "",
            **sent,
            "valid_hours": REGISTRATION_LINK_VALID_HOURS,
        },
    )


def _link_state(link) -> str:
    if link is None:
        return "invalid"
    if link.used_at is not None:
        return "used"
    return "expired" if link_expired(link) else "open"


@require_http_methods(["GET", "POST"])
def register_confirm(request, token):
    """The link from the registration mail: a page that shows what will be created, and a
    button that creates it (mail scanners follow links; they do not press buttons)."""
    error = None
    if request.method == "POST":
        try:
            confirmed = services.account_register_confirm(token=token)
        except RegistrationError as exc:
            error = exc.message
        else:
            if confirmed.created:
                messages.success(
                    request,
                    _(
                        "Akun Anda telah dibuat. Nama pengguna dan kata sandi dikirim ke "
                        "%(address)s."
                    )
                    % {"address": confirmed.user.email},
                )
            return redirect(request.path)
    link = registration_link_get(token=token, kind=RegistrationMailKind.REGISTER_LINK)
    state = _link_state(link)
    return render(
        request,
        "registration/register_confirm.html",
        {
            "link": link,
            "state": state,
            "error": error,
            "librarian": librarian_get_by_nip(nip=link.nip) if link else None,
            "expired_message": link_expired_message(),
        },
        status=400 if error or state in ("invalid", "expired") else 200,
    )


# --- Claiming a NIP that someone else registered ---------------------------------------------


@require_http_methods(["GET", "POST"])
@rate_limited("account_claim", when=lambda request: request.method == "POST")
def account_claim_start(request):
    """NIP + the claimant's address; like /register/, every answer is "check your e-mail"."""
    if request.method == "POST":
        form = ClaimStartForm(request.POST)
        if form.is_valid():
            try:
                sent = services.account_claim_request(
                    nip=form.cleaned_data["nip"], email=form.cleaned_data["email"]
                )
            except RegistrationError as exc:
                form.add_error(exc.field, exc.message)
            else:
                request.session["claim_sent"] = sent.address
                return redirect("account_claim_sent")
    else:
        form = ClaimStartForm(initial={"nip": request.GET.get("nip", "")})
    return render(request, "registration/claim_start.html", {"form": form})


def account_claim_sent(request):
    address = request.session.get("claim_sent")
    if not address:
        return redirect("account_claim_start")
    return render(
        request,
        "registration/claim_sent.html",
        {"address": address, "valid_hours": REGISTRATION_LINK_VALID_HOURS},
    )


@require_http_methods(["GET", "POST"])
def account_claim_continue(request, token):
    """The link from the claim mail: the claim form (identity documents), and afterwards the
    claim's status for whoever holds the link."""
    link = registration_link_get(token=token, kind=RegistrationMailKind.CLAIM_LINK)
    state = _link_state(link)
    form = ClaimForm(request.POST or None, request.FILES or None)
    error = None
    if request.method == "POST" and state in ("open", "used") and form.is_valid():
        try:
            claim = services.account_claim_submit(
                token=token,
                full_name=form.cleaned_data["full_name"],
                statement=form.cleaned_data["statement"],
                ktp=form.cleaned_data["ktp"],
                employee_card=form.cleaned_data["employee_card"],
            )
        except ValidationError as exc:
            for field, messages_ in exc.message_dict.items():
                for message in messages_:
                    form.add_error(field, message)
        except (RegistrationError, ClaimError) as exc:
            error = exc.message
        else:
            request.session["claim_submitted"] = claim.email
            return redirect("account_claim_submitted")
    claim = claim_for_link(link=link) if state == "used" else None
    return render(
        request,
        "registration/claim_form.html",
        {
            "form": form,
            "link": link,
            "state": state,
            "error": error,
            "claim": claim,
            "librarian": librarian_get_by_nip(nip=link.nip) if link else None,
            "expired_message": link_expired_message(),
        },
        status=400 if error or form.errors or state in ("invalid", "expired") else 200,
    )


def account_claim_submitted(request):
    address = request.session.get("claim_submitted")
    if not address:
        return redirect("account_claim_start")
    return render(request, "registration/claim_submitted.html", {"address": address})


@login_required
def profile(request):
    librarian = librarian_get_by_nip(nip=request.user.nip) if request.user.nip else None
    running = application_submitted_for_candidate(candidate=request.user)
    # With the rank and level its summary prints: one query instead of three.
    profile = candidate_profile_with_levels(request.user) if request.user.nip else None
    return render(
        request,
        "registration/profile.html",
        {"librarian": librarian, "running": running, "profile": profile},
    )


@require_http_methods(["GET"])
@xframe_options_sameorigin  # staff view PDFs inline in an <iframe> on our own pages
def document_file(request, public_id):
    """Stream a private document to its candidate or to staff who need it; 404 for anyone
    else, so a guessed link tells nothing. Works the same with local and S3 storage."""
    document = document_for_viewer(public_id=public_id, user=request.user)
    if document is None:
        raise Http404
    extension = document.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=request.GET.get("unduh") == "1",
        filename=f"{document.requirement.code}-v{document.version}.{extension}",
    )
    response["Cache-Control"] = "private, no-store"
    return file_response_secure(response, framed_by_self=True)
