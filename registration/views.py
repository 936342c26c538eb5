"""Public NIP check, registration by a confirmed address, the claim of a taken NIP, the
candidate's dashboard and profile."""

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
from portal.providers import page_service_set
from portal.ratelimit import rate_limited
from portal.roles import is_staff_member
from registration import services
from registration.application_views import application_overview
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
from scheduling.candidate_selectors import exam_overview


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


@require_http_methods(["GET", "POST"])
@rate_limited("register", when=lambda request: request.method == "POST")
def register(request):
    """NIP + address. Past the NIP check's own answers (invalid, not in the registry), every
    request ends on the same "check your e-mail" page: what was mailed is for the mailbox."""
    if request.user.is_authenticated:
        return redirect("dashboard")
    if request.method == "POST":
        form = RegisterForm(request.POST)
        if form.is_valid():
            try:
                sent = services.account_register_request(
                    nip=form.cleaned_data["nip"], email=form.cleaned_data["email"]
                )
            except RegistrationError as exc:
                form.add_error(exc.field, exc.message)
            else:
                request.session["register_sent"] = {
                    "address": sent.address,
                    "official": sent.official,
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
        {**sent, "valid_hours": REGISTRATION_LINK_VALID_HOURS},
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
def dashboard(request):
    if request.user.nip is None:
        # Staff land on their own home; a bare superuser (createsuperuser) on the admin.
        return redirect("staff_home" if is_staff_member(request.user) else "admin:index")
    librarian = librarian_get_by_nip(nip=request.user.nip)
    overview = application_overview(user=request.user)
    if overview["service"] is not None:
        page_service_set(request, overview["service"])
    exam = exam_overview(
        candidate=request.user, service=overview["service"], application=overview["application"]
    )
    return render(
        request,
        "registration/dashboard.html",
        {"librarian": librarian, **overview, **exam},
    )


@login_required
def profile(request):
    librarian = librarian_get_by_nip(nip=request.user.nip) if request.user.nip else None
    running = application_submitted_for_candidate(candidate=request.user)
    return render(
        request, "registration/profile.html", {"librarian": librarian, "running": running}
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
