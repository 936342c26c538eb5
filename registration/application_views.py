"""The candidate's own application for the librarian exam: the profile it needs, the purpose and
levels, one upload per required document, submitting, and the timeline. No URL here carries an
id: the application shown or changed is always the logged-in candidate's own."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.catalogue import requirement_list, service_get_by_flow, service_time_limit
from portal.constants import FileKind, OnlineFlow, Stage
from portal.events import event_candidate_sees, event_is_problem, event_title
from portal.models import Event, Requirement, Service
from portal.providers import page_service_set
from portal.uploads import UploadRejected
from registration import services, workflow
from registration.access import candidate_required
from registration.candidate_selectors import (
    PANEL_STATES,
    application_overview,
    candidate_profile,
    candidate_profile_with_levels,
)
from registration.constants import ApplicationStatus, Sex, Verdict
from registration.exceptions import ApplicationError, ApplicationIncomplete
from registration.forms import ApplicationForm, DeclarationForm, DocumentUploadForm, ProfileForm
from registration.models import Application, Document
from registration.nip import parse_nip
from registration.selectors import (
    application_current,
    application_list_for_candidate,
    application_submitted_for_candidate,
    application_timeline,
    document_slots,
    librarian_get_by_nip,
)

# What the file picker offers, matching what portal.uploads accepts (Open Forms #524): the
# extensions for file managers that filter by name, the type for those that filter by type.
ACCEPT = {
    FileKind.PDF: ".pdf,application/pdf",
    FileKind.JPEG: ".jpg,.jpeg,image/jpeg",
    FileKind.PNG: ".png,image/png",
}


def _service() -> Service:
    try:
        return service_get_by_flow(flow=OnlineFlow.CANDIDATE_APPLICATION)
    except Service.DoesNotExist:
        raise Http404 from None  # the service is switched off


# --- Profile -----------------------------------------------------------------------------------


@candidate_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    profile = candidate_profile(request.user)
    initial = {} if profile else services.profile_initial(user=request.user)
    data = request.POST if request.method == "POST" else None  # an empty POST is judged too
    form = ProfileForm(data, instance=profile, initial=initial)
    # A submitted application keeps the data it was submitted with (see the note on the page).
    running = application_submitted_for_candidate(candidate=request.user)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.profile_save(user=request.user, data=form.profile_data())
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _profile_saved_message(running))
                return redirect("application")
        else:
            # The service's rules for the fields the form accepted: all errors in one round.
            errors = services.profile_errors(user=request.user, data=form.profile_data())
            for name, field_errors in errors.items():
                if name in form.fields and name not in form.errors:
                    form.add_error(name, field_errors)
    nip = parse_nip(request.user.nip)
    return render(
        request,
        "registration/profile_form.html",
        {
            "form": form,
            "profile": profile,
            "librarian": librarian_get_by_nip(nip=request.user.nip),
            "running": running,
            # Not asked: the service takes them from the NIP; shown so the candidate sees them.
            "nip_birth_date": nip.birth_date,
            "nip_sex": Sex(nip.sex).label,
        },
    )


def _profile_saved_message(running: Application | None) -> str:
    if running is None:
        return _("Profil peserta tersimpan.")
    if running.status == ApplicationStatus.RETURNED:
        return _(
            "Profil peserta tersimpan. Perubahan data diri ikut diperiksa ketika Anda "
            "mengajukan kembali."
        )
    return _(
        "Profil peserta tersimpan. Nomor WhatsApp dan alamat pengiriman langsung berlaku; "
        "perubahan data diri berlaku untuk pengajuan berikutnya, bukan pengajuan yang sedang "
        "berjalan."
    )


# --- Application -------------------------------------------------------------------------------


@dataclass
class Slot:
    """One required document on the application page."""

    requirement: Requirement
    current: Document | None
    versions: list[Document]
    uploadable: bool
    form: DocumentUploadForm | None = None
    review: object = None  # verification.models.DocumentReview: why it needs revision
    error: str = ""  # a refusal when there is no form to show it in
    rules: str = ""
    older: list[Document] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"slot-{self.requirement.code}"


def _or_words(words: list[str]) -> str:
    # The same phrases portal.uploads uses in its refusals, so the page and the error agree.
    if len(words) == 1:
        return words[0]
    if len(words) == 2:
        return _("%(first)s atau %(last)s") % {"first": words[0], "last": words[1]}
    return _("%(items)s, atau %(last)s") % {"items": ", ".join(words[:-1]), "last": words[-1]}


def _size_words(kilobytes: int) -> str:
    if kilobytes >= 1024:
        megabytes = kilobytes / 1024
        decimals = 0 if megabytes == int(megabytes) else 1
        return f"{number_format(megabytes, decimal_pos=decimals)} MB"
    return f"{kilobytes} KB"


def _upload_form(requirement: Requirement, data=None, files=None) -> DocumentUploadForm:
    form = DocumentUploadForm(data, files, auto_id=f"berkas-{requirement.code}-%s")
    kinds = [FileKind(kind) for kind in requirement.accepted_kinds]
    form.fields["file"].widget.attrs["accept"] = ",".join(ACCEPT[kind] for kind in kinds)
    return form


def _slots(
    application: Application,
    *,
    failed: tuple[str, DocumentUploadForm, str] | None,
    only: Requirement | None = None,
    with_forms: bool = True,
):
    """Every requirement (or only `only`) with its documents and, where the candidate
    may change it now, an upload form. `failed` is (code, bound form, message) of a refused
    upload."""
    panel_working = application.status in PANEL_STATES
    slots = []
    for requirement, current, versions in document_slots(application=application, requirement=only):
        if panel_working and current is not None:
            # Verdicts are the panel's drafts until it decides; the candidate sees them with the
            # decision (display only: the object is not saved).
            current.verdict = Verdict.PENDING
        uploadable = workflow.document_replaceable(application=application, current=current)
        slot = Slot(
            requirement=requirement,
            current=current,
            versions=versions,
            uploadable=uploadable,
            older=[document for document in versions if not document.is_current],
            rules=_("%(kinds)s, paling besar %(size)s")
            % {
                "kinds": _or_words([FileKind(kind).label for kind in requirement.accepted_kinds]),
                "size": _size_words(requirement.max_size_kb),
            },
        )
        if failed and failed[0] == requirement.code:
            slot.form = failed[1] if uploadable else None
            slot.error = "" if uploadable else failed[2]
        elif uploadable and with_forms:
            slot.form = _upload_form(requirement)
        if with_forms and current is not None and current.verdict == Verdict.NEEDS_REVISION:
            slot.review = current.reviews.select_related("reason").first()
        slots.append(slot)
    return slots


@dataclass
class TimelineEntry:
    """One line of the timeline: an event, or a run of uploads or verdicts in a row (nine
    uploads read as one step, with the nine documents listed under it)."""

    event: Event  # the latest of the run: its time is shown
    title: str
    actor: str
    tone: str  # "done", "current" or "problem": the marker of .timeline__item
    notes: list[str] = field(default_factory=list)


# Events that come in runs, one per document.
GROUPED_KINDS = frozenset({"document_uploaded", "document_reviewed"})


def _timeline(application: Application, user) -> list[TimelineEntry]:
    """The application's events in words, newest first (like a parcel tracker)."""
    runs: list[list[Event]] = []
    # Only the actor's id is read here: no join of the whole user row per event.
    for event in application_timeline(application=application).select_related(None):
        if not event_candidate_sees(event):
            continue
        if event.kind == "document_reviewed" and application.status in PANEL_STATES:
            continue  # the panel's verdicts are shown with its decision
        previous = runs[-1][-1] if runs else None
        if (
            previous is not None
            and event.kind in GROUPED_KINDS
            and event.kind == previous.kind
            and event.actor_id == previous.actor_id
        ):
            runs[-1].append(event)
        else:
            runs.append([event])
    entries = []
    for run in runs:
        latest = run[-1]
        problem = any(event_is_problem(event) for event in run)
        # A run reads as one step; a single event in its declared words.
        if latest.kind == "document_uploaded" and len(run) > 1:
            title = _("%(count)s berkas diunggah") % {"count": len(run)}
        elif latest.kind == "document_reviewed" and problem:
            title = _("Berkas diperiksa: ada yang perlu diperbaiki")
        else:
            title = event_title(latest, for_candidate=True)
        if latest.actor_id is None:
            actor = ""
        elif latest.actor_id == user.pk:
            actor = _("oleh Anda")
        else:
            actor = _("oleh petugas")
        entries.append(
            TimelineEntry(
                event=latest,
                title=title,
                actor=actor,
                tone="problem" if problem else "done",
                notes=[event.note for event in run if event.note],
            )
        )
    entries.reverse()
    if entries and entries[0].tone == "done":
        entries[0].tone = "current"
    return entries


# The task list's tags (GOV.UK task list): what the candidate still has to do on each line.
TODO, DONE, FIX = "todo", "done", "fix"


@dataclass
class Task:
    """One line of the task list: a part of the application, where to fill it in, its state."""

    title: str
    url: str
    status: str  # TODO, DONE or FIX
    anchor: str
    hint: str = ""
    slot: Slot | None = None  # a document's line: its requirement and current file


def _tasks(application: Application, profile, slots: list[Slot], editable: bool) -> list[Task]:
    """Data diri, the purpose and levels, then each document the service requires."""
    purpose_problems = (
        services.application_purpose_problems(application=application, profile=profile)
        if editable
        else []
    )
    tasks = [
        Task(
            title=_("Data diri"),
            url=reverse("profile_edit"),
            status=DONE if profile is not None else TODO,
            anchor="tugas-data-diri",
            hint=_("Data yang dicetak pada sertifikat."),
        ),
        Task(
            title=_("Tujuan uji kompetensi"),
            url=reverse("application_update"),
            status=FIX if purpose_problems else DONE,
            anchor="tugas-tujuan",
            hint=" ".join(purpose_problems) or application.get_purpose_display(),
        ),
    ]
    for slot in slots:
        current = slot.current
        if current is None:
            status = TODO
        elif current.verdict == Verdict.NEEDS_REVISION:
            status = FIX
        else:
            status = DONE
        tasks.append(
            Task(
                title=slot.requirement.name,
                url=reverse("application_upload", args=[slot.requirement.code]),
                status=status,
                anchor=f"tugas-{slot.requirement.code}",
                hint="" if slot.requirement.required else _("Opsional"),
                slot=slot,
            )
        )
    return tasks


def _application_context(request, overview: dict) -> dict:
    page_service_set(request, overview["service"])
    return {**overview, "profile": candidate_profile(request.user)}


def _overview_or_404(request) -> dict:
    overview = application_overview(user=request.user)
    if overview["service"] is None:
        raise Http404
    return overview


def _render_application(request, *, create_form: ApplicationForm | None = None, status=200):
    # One query for the profile with what its summary prints, and "missing" worked out from the
    # documents the task list loads anyway: the same page with five queries fewer.
    profile = candidate_profile_with_levels(request.user)
    overview = application_overview(
        user=request.user, has_profile=profile is not None, missing=False
    )
    if overview["service"] is None:
        raise Http404
    page_service_set(request, overview["service"])
    context = {**overview, "profile": profile}
    application = overview["application"]
    # "Kesalahan:" in the title, the first thing a screen reader says after a refusal.
    context["page_error"] = create_form is not None and bool(create_form.errors)
    if application is None:
        context["create_form"] = create_form or ApplicationForm(service=overview["service"])
        context["requirements"] = requirement_list(service=overview["service"])
        context["previous_rejected"] = (
            application_list_for_candidate(candidate=request.user)
            .filter(service=overview["service"], status=ApplicationStatus.REJECTED)
            .first()
        )
    else:
        slots = _slots(application, failed=None, with_forms=False)
        if overview["editable"]:
            context["missing"] = services.application_missing_from(
                application=application,
                profile=profile,
                requirements=[(slot.requirement, slot.current) for slot in slots],
            )
        context["tasks"] = _tasks(application, profile, slots, overview["editable"])
        context["tasks_done"] = sum(task.status == DONE for task in context["tasks"])
        context["timeline"] = _timeline(application, request.user)
    return render(request, "registration/application/detail.html", context, status=status)


@candidate_required
@require_http_methods(["GET", "POST"])
def application(request):
    """GET: the application as a task list. POST: start the application (purpose and levels)."""
    if request.method == "GET":
        return _render_application(request)
    service = _service()
    if application_current(candidate=request.user, service=service) is not None:
        messages.info(request, _("Anda sudah memiliki pengajuan untuk layanan ini."))
        return redirect("application")
    form = ApplicationForm(request.POST, service=service)
    if form.is_valid():
        try:
            created = services.application_create(
                candidate=request.user,
                service=service,
                purpose=form.cleaned_data["purpose"],
                current_level=form.cleaned_data["current_level"],
                target_level=form.cleaned_data["target_level"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Pengajuan dibuat. Sekarang unggah berkas persyaratan satu per satu."),
            )
            # After a failed exam, the documents still valid come over from the last application.
            reused = getattr(created, "reused_documents", None)
            if reused:
                messages.info(request, services.documents_reused_message(reused))
            return redirect("application")
    return _render_application(request, create_form=form)


def _mine_or_redirect(request, *, related: bool = True) -> Application | None:
    application = application_current(candidate=request.user, service=_service(), related=related)
    if application is None:
        messages.error(request, _("Buat pengajuan terlebih dahulu."))
    return application


@candidate_required
@require_http_methods(["GET", "POST"])
def application_update(request):
    """The purpose and levels: shown, and changed while the application is still the
    candidate's to edit."""
    application = _mine_or_redirect(request)
    if application is None:
        return redirect("application")
    editable = workflow.application_edit_refusal(application, request.user) is None
    if request.method == "GET":
        form = ApplicationForm(
            service=application.service,
            initial={
                "purpose": application.purpose,
                "current_level": application.current_level_id,
                "target_level": application.target_level_id,
            },
        )
        return _render_purpose(request, application, form if editable else None)
    form = ApplicationForm(request.POST, service=application.service)
    if form.is_valid():
        try:
            services.application_update(
                application=application,
                actor=request.user,
                purpose=form.cleaned_data["purpose"],
                current_level=form.cleaned_data["current_level"],
                target_level=form.cleaned_data["target_level"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Tujuan dan jenjang pengajuan diperbarui."))
            return redirect(f"{reverse('application')}#tugas-tujuan")
    if workflow.application_edit_refusal(application, request.user) is not None:
        # The form is no longer on the page: say why at the top instead.
        for error in form.non_field_errors():
            messages.error(request, error)
        return redirect("application")
    return _render_purpose(request, application, form, status=400)


def _render_purpose(request, application: Application, form, *, status: int = 200):
    page_service_set(request, application.service)
    problems = services.application_purpose_problems(
        application=application, profile=candidate_profile(request.user)
    )
    return render(
        request,
        "registration/application/purpose.html",
        {
            "application": application,
            "service": application.service,
            "form": form,
            "problems": problems if form is not None else [],
            "page_error": status >= 400,
        },
        status=status,
    )


@candidate_required
@require_http_methods(["GET", "POST"])
def application_upload(request, code):
    """One document's page: its rules, its current file and, where the candidate may change it
    now, the upload. A refusal is shown on this page, whose address a reload asks again with
    GET; the other documents are untouched."""
    # The document's page shows the application's status only, and document_upload locks the
    # application afresh: the narrow query (no snapshot, verifier nor purpose's name) serves.
    application = _mine_or_redirect(request, related=False)
    if application is None:
        return redirect("application")
    requirement = requirement_list(service=application.service).filter(code=code).first()
    if requirement is None:
        raise Http404
    if request.method == "GET":
        return _render_document(request, application, requirement)
    form = _upload_form(requirement, request.POST, request.FILES)
    if form.is_valid():
        try:
            document = services.document_upload(
                application=application,
                requirement=requirement,
                file=form.cleaned_data["file"],
                actor=request.user,
            )
        except (UploadRejected, ApplicationError) as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(
                request,
                _("%(name)s berhasil diunggah (versi %(version)s).")
                % {"name": requirement.name, "version": document.version},
            )
            return redirect(f"{reverse('application')}#tugas-{requirement.code}")
    message = " ".join(form.errors.get("file", [])) or _("Berkas tidak dapat diunggah.")
    return _render_document(
        request, application, requirement, failed=(code, form, message), status=400
    )


def _render_document(
    request, application: Application, requirement: Requirement, *, failed=None, status=200
):
    page_service_set(request, application.service)
    slots = _slots(application, failed=failed, only=requirement)
    return render(
        request,
        "registration/application/document.html",
        {
            "application": application,
            "service": application.service,
            "slot": slots[0],
            "page_error": status >= 400,
        },
        status=status,
    )


@candidate_required
@require_http_methods(["GET", "POST"])
def application_submit(request):
    """Periksa kembali: everything the application holds, each with a link to change it, the
    declaration and the submit button. A second click lands on the confirmation."""
    application = _mine_or_redirect(request)
    if application is None:
        return redirect("application")
    if workflow.application_edit_refusal(application, request.user) is not None:
        # A second click, or a page left open: it is already with the panel.
        if application.status in PANEL_STATES:
            return redirect("application_submitted")
        return redirect("application")
    form = DeclarationForm(
        request.POST if request.method == "POST" else None, auto_id="pernyataan-%s"
    )
    submit_refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(
                application=application,
                actor=request.user,
                declared=form.cleaned_data["declaration"],
            )
        except ApplicationIncomplete as exc:
            submit_refusal = exc
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("application_submit")
        else:
            return redirect("application_submitted")
    overview = _overview_or_404(request)
    context = _application_context(request, overview)
    slots = _slots(application, failed=None, with_forms=False)
    status = 400 if request.method == "POST" else 200
    context.update(
        {
            "slots": slots,
            "purpose_problems": services.application_purpose_problems(
                application=application, profile=context["profile"]
            ),
            "form": form,
            "submit_refusal": submit_refusal,
            "page_error": status >= 400,
        }
    )
    return render(request, "registration/application/review.html", context, status=status)


@candidate_required
@require_http_methods(["GET"])
def application_submitted(request):
    """The confirmation after submitting: the reference number and what happens next. Shown
    while the panel has the application; otherwise the application page says where it is."""
    overview = _overview_or_404(request)
    application = overview["application"]
    if application is None or application.status not in PANEL_STATES:
        return redirect("application")
    context = _application_context(request, overview)
    context["verification_days"] = service_time_limit(
        service=application.service, stage=Stage.VERIFICATION
    )
    return render(request, "registration/application/submitted.html", context)
