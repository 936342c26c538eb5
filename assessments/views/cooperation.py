"""Pages and acts of the cooperation part (seed 004 steps 1-3 and the SPK): the institution's
registration and home, LAN's verification of institutions, the request and its cover letter,
the reply, coordination notes, the SPK and its files. Each view parses its form, calls one
service of assessments.services.cooperation/agreements, shows a message and redirects.

Who may see what: registration is public (rate-limited, with a honeypot); the institution
pages are for operators (anonymous → login, anyone else 403); the list of institutions for
LAN's Tim Verifikasi (403 for others); everything about one engagement is for whoever may see
the engagement page (anyone else 404, before any other check)."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments import workflow
from assessments.forms.cooperation import (
    AgreementForm,
    CancelForm,
    ConfirmForm,
    InstitutionRegisterForm,
    NoteForm,
    ReplyForm,
    RequestForm,
    ReturnForm,
    SecondPartyForm,
    SignedCopyForm,
)
from assessments.selectors import cooperation as selectors
from assessments.services import agreements as agreement_services
from assessments.services import cooperation as services
from assessments.views.files import file_stream
from assessments.views.pages import engagement_for_page
from casework.exceptions import CaseError, CaseForbidden
from casework.models import Institution
from portal.constants import Role
from portal.ratelimit import rate_limited
from portal.roles import role_required


def _page(engagement, anchor: str = ""):
    url = reverse("assessments_engagement", args=[engagement.public_id])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _refused(request, engagement, exc: Exception, anchor: str = ""):
    if isinstance(exc, CaseForbidden):
        raise PermissionDenied(str(exc))
    messages.error(request, getattr(exc, "message", None) or str(exc))
    return _page(engagement, anchor)


def _form_errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def operator_required(view):
    """Anonymous visitors go to the login page; a user who operates no institution at a
    provider of this service gets 403."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not selectors.operator_institutions(request.user).exists():
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


# --- Institution accounts ---------------------------------------------------------------------


# The institution registration shares the public registration budget ("register" in
# settings.PORTAL_RATE_LIMITS): both create accounts, from the same offices.
@require_http_methods(["GET", "POST"])
@rate_limited("register", when=lambda request: request.method == "POST")
def institution_register(request):
    providers = services.assessment_providers()
    if request.method == "POST":
        form = InstitutionRegisterForm(request.POST, providers=providers)
        if form.is_valid():
            if form.is_bot():
                # Said the same as a real registration, and nothing is stored.
                return redirect("assessments_institution_registered")
            data = form.cleaned_data
            try:
                services.institution_register(
                    provider=data["provider"],
                    name=data["name"],
                    kind=data["kind"],
                    address=data["address"],
                    operator_name=data["operator_name"],
                    email=data["email"],
                    phone=data["phone"],
                    password=data["password1"],
                )
            except services.FieldError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                return redirect("assessments_institution_registered")
    else:
        form = InstitutionRegisterForm(providers=providers)
    return render(
        request,
        "assessments/institution/register.html",
        {"form": form, "no_provider": not providers.exists()},
    )


@require_GET
def institution_registered(request):
    return render(request, "assessments/institution/registered.html")


@role_required(Role.VERIFIER)
@require_GET
def institutions_pending(request):
    return render(
        request,
        "assessments/staff/institutions.html",
        selectors.institutions_for_verifier(request.user),
    )


@role_required(Role.VERIFIER)
@require_POST
def institution_verify(request, pk):
    institution = get_object_or_404(Institution, pk=pk)
    if institution.provider_id not in selectors.verifier_provider_ids(request.user):
        raise Http404
    try:
        services.institution_verify(institution=institution, actor=request.user)
    except CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Akun instansi %(name)s telah diverifikasi; operatornya diberi tahu.")
            % {"name": institution.name},
        )
    return redirect("assessments_institutions_pending")


@operator_required
@require_GET
def institution_home(request):
    home = selectors.operator_home(request.user, page_number=request.GET.get("halaman"))
    return render(request, "assessments/institution/home.html", home)


# --- The request ------------------------------------------------------------------------------


@operator_required
@require_http_methods(["GET", "POST"])
def engagement_new(request):
    institutions = selectors.operator_institutions(request.user).filter(verified_at__isnull=False)
    if not institutions.exists():
        messages.error(
            request,
            _(
                "Akun instansi Anda belum diverifikasi oleh penyelenggara. Permohonan dapat "
                "diajukan setelah verifikasi."
            ),
        )
        return redirect("assessments_institution_home")
    if request.method == "POST":
        form = RequestForm(request.POST, request.FILES, institutions=institutions)
        if form.is_valid():
            data = form.cleaned_data
            institution = data["institution"]
            service = services.assessment_services().filter(provider=institution.provider).first()
            try:
                engagement = services.engagement_request(
                    institution=institution,
                    actor=request.user,
                    service=service,
                    purpose=data["purpose"],
                    participants_planned=data["participants_planned"],
                    preferred_mode=data["preferred_mode"],
                    preferred_period=data["preferred_period"],
                    letter_number=data["letter_number"],
                    letter_date=data["letter_date"],
                    cover_letter=data["cover_letter"],
                    notes=data["notes"],
                )
            except services.FieldError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            except CaseForbidden as exc:
                raise PermissionDenied(str(exc)) from exc
            except CaseError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Permohonan kerja sama terkirim ke Puslatbang PKASN LAN. Tunggu jawabannya."),
                )
                return _page(engagement)
    else:
        wanted = request.GET.get("instansi", "")
        chosen = institutions.filter(pk=int(wanted)).first() if wanted.isdigit() else None
        form = RequestForm(
            institutions=institutions, initial={"institution": chosen} if chosen else None
        )
    return render(request, "assessments/institution/request.html", {"form": form})


@login_required
@require_POST
def engagement_cancel(request, public_id):
    engagement = engagement_for_page(public_id, request.user)
    form = CancelForm(request.POST)
    form.is_valid()
    try:
        services.engagement_cancel(
            engagement=engagement,
            actor=request.user,
            reason=form.cleaned_data.get("reason", ""),
        )
    except CaseError as exc:
        return _refused(request, engagement, exc, "permohonan")
    messages.success(request, _("Permohonan dibatalkan."))
    return _page(engagement)


def _stream(field_file, stem: str, request):
    return file_stream(field_file, stem, download=request.GET.get("unduh") == "1")


@login_required
@require_GET
def cover_letter(request, public_id):
    engagement = engagement_for_page(public_id, request.user)
    return _stream(engagement.cover_letter, "surat-permohonan", request)


# --- The reply and notes ----------------------------------------------------------------------


@login_required
@require_POST
def engagement_reply(request, public_id):
    engagement = engagement_for_page(public_id, request.user)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _page(engagement, "jawaban")
    data = form.cleaned_data
    try:
        services.engagement_reply(
            engagement=engagement,
            actor=request.user,
            accept=data["decision"] == "accept",
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
            contact_email=data["contact_email"],
            reason=data["reason"],
        )
    except CaseError as exc:
        return _refused(request, engagement, exc, "jawaban")
    if data["decision"] == "accept":
        messages.success(request, _("Permohonan diterima; instansi diberi tahu."))
    else:
        messages.success(request, _("Permohonan ditolak; instansi diberi tahu alasannya."))
    return _page(engagement, "permohonan")


@login_required
@require_POST
def engagement_note(request, public_id):
    engagement = engagement_for_page(public_id, request.user)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Catatan tidak boleh kosong."))
        return _page(engagement, "catatan")
    try:
        services.note_add(engagement=engagement, actor=request.user, text=form.cleaned_data["text"])
    except CaseError as exc:
        return _refused(request, engagement, exc, "catatan")
    messages.success(request, _("Catatan koordinasi ditambahkan."))
    return _page(engagement, "catatan")


# --- The SPK ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request, public_id):
    engagement = engagement_for_page(public_id, request.user)
    agreement = selectors.agreement_of(engagement)
    if not agreement_services.may_edit(request.user, engagement, agreement):
        if not workflow.is_operator(request.user, engagement):
            raise PermissionDenied
        messages.error(request, _("SPK tidak dapat diubah sekarang."))
        return _page(engagement, "spk")
    if request.method == "POST":
        form = AgreementForm(request.POST)
        if form.is_valid():
            try:
                agreement_services.agreement_save(
                    engagement=engagement, actor=request.user, **form.cleaned_data
                )
            except services.FieldError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            except CaseError as exc:
                return _refused(request, engagement, exc, "spk")
            else:
                messages.success(
                    request, _("Isi SPK disimpan. LAN akan memeriksa dan mengonfirmasinya.")
                )
                return _page(engagement, "spk")
    else:
        form = AgreementForm(initial=selectors.agreement_initial(engagement, agreement))
    starts_on = form["starts_on"].value()
    deadline = None
    if agreement is not None and not form.is_bound:
        deadline = selectors.signing_deadline(engagement.service, agreement.starts_on)
    elif form.is_bound and form.is_valid():
        deadline = selectors.signing_deadline(engagement.service, form.cleaned_data["starts_on"])
    count = (
        agreement.participant_count if agreement is not None else engagement.participants_planned
    )
    context = {
        "engagement": engagement,
        "form": form,
        "fee": selectors.fee_line(engagement.service, count),
        "deadline": deadline,
        "starts_on": starts_on,
    }
    return render(request, "assessments/institution/agreement_form.html", context)


def _agreement_act(request, public_id, act, done: str, form_class=None, anchor="spk"):
    """The shape of the SPK's POST acts: page check, form, one service call, message."""
    engagement = engagement_for_page(public_id, request.user)
    data = {}
    if form_class is not None:
        form = form_class(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _form_errors(form))
            return _page(engagement, anchor)
        data = form.cleaned_data
    try:
        act(engagement, data)
    except CaseError as exc:
        return _refused(request, engagement, exc, anchor)
    messages.success(request, done)
    return _page(engagement, anchor)


@login_required
@require_POST
def agreement_confirm(request, public_id):
    return _agreement_act(
        request,
        public_id,
        lambda engagement, data: agreement_services.agreement_confirm(
            engagement=engagement,
            actor=request.user,
            signatory=data["signatory"],
            title=data["title"],
        ),
        _("Isi SPK dikonfirmasi; draf SPK dibuat dan instansi diberi tahu."),
        ConfirmForm,
    )


@login_required
@require_POST
def agreement_return(request, public_id):
    return _agreement_act(
        request,
        public_id,
        lambda engagement, data: agreement_services.agreement_return(
            engagement=engagement, actor=request.user, reason=data["reason"]
        ),
        _("SPK dikembalikan kepada instansi untuk diperbaiki."),
        ReturnForm,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_first_party(request, public_id):
    if request.method == "GET":
        return _agreement_file(request, public_id, "pihak-pertama")
    return _agreement_act(
        request,
        public_id,
        lambda engagement, data: agreement_services.agreement_sign_first(
            engagement=engagement, actor=request.user, file=data["file"]
        ),
        _("SPK yang ditandatangani Pihak Pertama diunggah."),
        SignedCopyForm,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_second_party(request, public_id):
    if request.method == "GET":
        return _agreement_file(request, public_id, "pihak-kedua")

    def act(engagement, data):
        in_portal = data["method"] == "portal"
        agreement_services.agreement_sign_second(
            engagement=engagement,
            actor=request.user,
            in_portal=in_portal,
            file=None if in_portal else data["file"],
        )

    return _agreement_act(
        request, public_id, act, _("SPK ditandatangani Pihak Kedua."), SecondPartyForm
    )


@login_required
@require_GET
def agreement_draft(request, public_id):
    engagement = engagement_for_page(public_id, request.user)
    agreement = selectors.agreement_of(engagement)
    if agreement is None or agreement.confirmed_at is None:
        raise Http404
    agreement_services.agreement_draft_ensure(agreement)
    return _stream(agreement.draft_pdf, "draf-spk", request)


AGREEMENT_FILES = {"pihak-pertama": "first_party_copy", "pihak-kedua": "second_party_copy"}


@login_required
@require_GET
def agreement_file(request, public_id, which):
    return _agreement_file(request, public_id, which)


def _agreement_file(request, public_id, which):
    engagement = engagement_for_page(public_id, request.user)
    agreement = selectors.agreement_of(engagement)
    if agreement is None or which not in AGREEMENT_FILES:
        raise Http404
    return _stream(getattr(agreement, AGREEMENT_FILES[which]), f"spk-{which}", request)
