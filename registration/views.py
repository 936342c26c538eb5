"""Public NIP check and registration, the candidate's dashboard and profile."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods

from portal.downloads import file_response_secure
from portal.ratelimit import rate_limited
from portal.roles import is_staff_member
from registration import services
from registration.application_views import application_overview
from registration.exceptions import RegistrationError
from registration.forms import NipCheckForm, RegisterForm
from registration.nip import NipError, parse_nip
from registration.selectors import (
    application_submitted_for_candidate,
    document_for_viewer,
    librarian_get_by_nip,
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
    if request.user.is_authenticated:
        return redirect("dashboard")
    if request.method == "POST":
        form = RegisterForm(request.POST)
        if form.is_valid():
            try:
                user = services.account_register(
                    nip=form.cleaned_data["nip"], email=form.cleaned_data["email"]
                )
            except RegistrationError as exc:
                form.add_error(exc.field, exc.message)
            else:
                request.session["registered_email"] = user.email
                return redirect("register_done")
    else:
        form = RegisterForm(initial={"nip": request.GET.get("nip", "")})
    return render(request, "registration/register.html", {"form": form})


def register_done(request):
    email = request.session.get("registered_email")
    if not email:
        return redirect(reverse("register"))
    return render(request, "registration/register_done.html", {"email": email})


@login_required
def dashboard(request):
    if request.user.nip is None:
        # Staff land on their own home; a bare superuser (createsuperuser) on the admin.
        return redirect("staff_home" if is_staff_member(request.user) else "admin:index")
    librarian = librarian_get_by_nip(nip=request.user.nip)
    overview = application_overview(user=request.user)
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
