"""The verification panel's screens: the queue, one application's review page, and its actions.
Every action is one call to verification.services; a refusal is shown next to the field it
concerns (naming the document), or as a message when no field of the form can change it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from portal.calendar import working_days_overdue, working_days_overdue_many
from portal.constants import Role
from portal.queues import QueueColumn, queue_page
from portal.roles import role_required
from registration.conflicts import conflict_check
from registration.constants import ApplicationStatus, Verdict
from registration.exceptions import ApplicationError
from registration.selectors import claim_panel_member, snapshot_lines
from verification import selectors, services, workflow
from verification.exceptions import VerdictsRefused
from verification.filters import QueueFilter
from verification.forms import DecisionForm, DocumentReviewForm
from verification.queue_cells import QueueCells

PAGE_SIZE = 25
# The review page embeds one document at a time, the one named by ?dokumen=<requirement code>.
VIEWER_PARAMETER = "dokumen"
VIEWER_ANCHOR = "penampil"

# The queue's columns (verification.queue_cells writes their cells).
QUEUE_COLUMNS = [
    QueueColumn(gettext_lazy("NIP"), "nip", cell_class="mono nowrap"),
    QueueColumn(gettext_lazy("Nama"), "name", header_class="queue-table__name"),
    QueueColumn(gettext_lazy("Instansi"), "institution"),
    QueueColumn(gettext_lazy("Tujuan / jenjang"), "purpose"),
    QueueColumn(gettext_lazy("Status"), "status"),
    QueueColumn(gettext_lazy("Diajukan"), "submitted", cell_class="nowrap"),
    QueueColumn(gettext_lazy("Batas waktu"), "due", cell_class="nowrap"),
    QueueColumn(gettext_lazy("Verifikator"), "verifier"),
]


# role_required is the outermost decorator everywhere, so that an anonymous visitor is sent to
# the login page and a candidate gets 403 before anything else (including 405) is answered.


@role_required(Role.VERIFIER)
@require_safe
def queue(request):
    # The filter set always narrows by status (to VISIBLE_STATUSES at most).
    filterset = QueueFilter(
        request.GET,
        queryset=selectors.application_panel_rows(verifier=request.user),
        request=request,
    )
    page = queue_page(
        filterset.qs,
        number=request.GET.get("halaman"),
        per_page=PAGE_SIZE,
        rows=selectors.application_queue_rows(),
    )
    today = timezone.localdate()
    overdue = working_days_overdue_many(
        due_dates=[application.due_date for application in page], today=today
    )
    for application in page:
        application.overdue_days = overdue.get(application.due_date)
    return render(
        request,
        "verification/queue.html",
        {
            "filter": filterset,
            "page": page,
            "today": today,
            "columns": QUEUE_COLUMNS,
            "cells": QueueCells(reader_id=request.user.pk),
            "claims_panel": claim_panel_member(request.user),
        },
    )


def _application_or_404(request, public_id):
    """The application, if it is one of the reader's providers; else 404 (not 403: another
    provider's application is not shown to exist)."""
    application = selectors.application_for_review(public_id=public_id, verifier=request.user)
    if application is None:
        raise Http404
    conflict_check(staff=request.user, candidate=application.candidate)
    return application


def _detail_url(application, document: str = "", anchor: str = "") -> str:
    url = reverse("verification_detail", args=[application.public_id])
    if document:
        url += "?" + urlencode({VIEWER_PARAMETER: document})
    return f"{url}#{anchor}" if anchor else url


def _review_forms(slots, reasons, data=None) -> dict[str, DocumentReviewForm]:
    """The verdict part of the review form, per requirement code with a current document,
    showing its present verdict (and the latest reason where it needs revision)."""
    forms = {}
    for slot in slots:
        current = slot.current
        if current is None:
            continue
        initial = {}
        if current.verdict != Verdict.PENDING:
            initial["verdict"] = current.verdict
            latest = next((r for r in slot.reviews if r.document_id == current.pk), None)
            if latest is not None and current.verdict == Verdict.NEEDS_REVISION:
                initial.update(reason=latest.reason_id, note=latest.note)
        code = slot.requirement.code
        forms[code] = DocumentReviewForm(
            data,
            reasons=reasons,
            prefix=code,
            initial=initial,
            document_name=slot.requirement.name,
        )
    return forms


def _shown_verdicts(slots, review_forms) -> list[str]:
    """The verdicts as the form shows them (the submitted ones when it is shown again)."""
    verdicts = []
    for slot in slots:
        if slot.current is None:
            continue
        form = review_forms.get(slot.requirement.code)
        verdict = slot.current.verdict
        if form is not None and form.is_bound:
            verdict = form.data.get(form.add_prefix("verdict")) or Verdict.PENDING
        verdicts.append(verdict)
    return verdicts


def _in_view(slots, code: str | None):
    """The one document slot whose file the page embeds: the asked one, else the first
    uploaded (nine embedded PDFs made the page slow to open)."""
    uploaded = [slot for slot in slots if slot.current is not None]
    return next((slot for slot in uploaded if slot.requirement.code == code), None) or next(
        iter(uploaded), None
    )


def _render_detail(
    request, application, *, slots=None, review_forms=None, decision_form=None, in_view=None
):
    """The review page. After a refused submit the bound forms come back with their errors,
    so that nothing the verifier chose is lost."""
    user = request.user
    can_review = workflow.review_refusal(application, user) is None
    if slots is None:
        slots = selectors.review_slots(application=application, shown=request.GET.get("versi"))
    if can_review and review_forms is None:
        review_forms = _review_forms(slots, selectors.revision_reasons())
    review_forms = review_forms or {}
    if can_review and decision_form is None:
        decision_form = DecisionForm()
    verdicts = _shown_verdicts(slots, review_forms)
    if decision_form is not None:
        decision_form.offer(workflow.decisions_offered(verdicts))
        if not decision_form.is_bound:
            decision_form.initial["decision"] = workflow.decision_suggested(verdicts)
    documents = [(slot, review_forms.get(slot.requirement.code)) for slot in slots]
    errors = [form for form in (*review_forms.values(), decision_form) if form and form.errors]
    lines = snapshot_lines(snapshot=application.snapshot) if application.snapshot else []
    today = timezone.localdate()
    overdue_days = None
    if application.due_date and application.due_date < today:
        overdue_days = working_days_overdue(application.due_date, today)
    return render(
        request,
        "verification/detail.html",
        {
            "application": application,
            # What the candidate submitted is what the panel verifies (and what is printed
            # later); the profile only lends its contact details, which apply at once.
            "snapshot": application.snapshot,
            "snapshot_lines": lines,
            "changed_lines": [line for line in lines if line.changed],
            "contact": getattr(application.candidate, "profile", None),
            "documents": documents,
            "in_view": in_view or _in_view(slots, request.GET.get(VIEWER_PARAMETER)),
            "error_forms": errors,
            "summary": selectors.verdict_summary(slots),
            "timeline": selectors.review_timeline(application=application),
            "registry_name": selectors.application_registry_name(application=application),
            "can_claim": workflow.claim_refusal(application, user) is None,
            "can_release": can_review,
            "can_review": can_review,
            "decision_form": decision_form,
            "today": today,
            "overdue_days": overdue_days,
        },
    )


@role_required(Role.VERIFIER)
@require_safe
def detail(request, public_id):
    return _render_detail(request, _application_or_404(request, public_id))


@role_required(Role.VERIFIER)
@require_POST
def claim(request, public_id):
    application = _application_or_404(request, public_id)
    try:
        services.application_claim(application=application, verifier=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Pengajuan ini sekarang Anda tangani. Periksa setiap berkas."))
    return redirect(_detail_url(application))


@role_required(Role.VERIFIER)
@require_POST
def release(request, public_id):
    application = _application_or_404(request, public_id)
    try:
        services.application_release(application=application, verifier=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(_detail_url(application))
    messages.success(request, _("Pengajuan dikembalikan ke antrean."))
    return redirect("verification_queue")


def _verdicts_given(review_forms, all_valid: bool) -> list[services.VerdictInput]:
    """The verdicts chosen on the form; "all valid" makes every document valid, unless one is
    marked as needing revision, which is an error next to that document rather than a guess."""
    given = []
    for code, form in review_forms.items():
        data = form.cleaned_data
        verdict = data["verdict"]
        if all_valid and verdict == Verdict.NEEDS_REVISION:
            form.add_error(
                "verdict",
                _(
                    "%(document)s ditandai perlu perbaikan, sedangkan “Semua berkas sesuai” "
                    "dicentang. Hapus centang itu atau pilih Sesuai."
                )
                % {"document": form.document_name},
            )
            continue
        if all_valid:
            verdict = Verdict.VALID
        if verdict:
            given.append(services.VerdictInput(code, verdict, data["reason"], data["note"]))
    return given


@role_required(Role.VERIFIER)
@require_POST
def decide(request, public_id):
    """The review form's one submit: every document's verdict and, with "Simpan dan putuskan",
    the decision. A document's "Lihat" button saves what was chosen and shows that document."""
    application = _application_or_404(request, public_id)
    slots = selectors.review_slots(application=application)
    review_forms = _review_forms(slots, selectors.revision_reasons(), data=request.POST)
    decision_form = DecisionForm(request.POST)
    shown = request.POST.get(VIEWER_PARAMETER, "")
    deciding = request.POST.get("aksi") == "putuskan" and not shown
    valid = all([form.is_valid() for form in review_forms.values()]) and decision_form.is_valid()
    decision = None
    if valid:
        given = _verdicts_given(review_forms, decision_form.cleaned_data["all_valid"])
        if deciding:
            decision = decision_form.cleaned_data["decision"]
            if not decision:
                decision_form.add_error("decision", _("Pilih keputusan verifikasi."))
        valid = not any(form.errors for form in (*review_forms.values(), decision_form))
    if valid:
        try:
            services.application_review_save(
                application=application,
                verifier=request.user,
                verdicts=given,
                decision=decision,
                note=decision_form.cleaned_data["note"],
            )
        except VerdictsRefused as exc:
            for code, (field, message) in exc.errors.items():
                review_forms[code].add_error(field, message)
        except ApplicationError as exc:
            field = getattr(exc, "field", None)
            if field not in decision_form.fields:
                # Not this verifier's to review (any more): nothing on the form can fix that.
                messages.error(request, exc.message)
                return redirect(_detail_url(application))
            decision_form.add_error(field, exc.message)
        else:
            return _review_saved(request, application, decision, shown)
    return _render_detail(
        request,
        application,
        slots=slots,
        review_forms=review_forms,
        decision_form=decision_form,
        in_view=_in_view(slots, shown or request.GET.get(VIEWER_PARAMETER)),
    )


def _review_saved(request, application, decision, shown):
    if decision is None:
        if not shown:
            messages.success(request, _("Hasil pemeriksaan disimpan."))
        return redirect(_detail_url(application, shown, VIEWER_ANCHOR if shown else "pemeriksaan"))
    done = {
        ApplicationStatus.VERIFIED: _("Pengajuan diverifikasi. Peserta diberi tahu lewat e-mail."),
        ApplicationStatus.RETURNED: _(
            "Pengajuan dikembalikan untuk perbaikan. Peserta diberi tahu lewat e-mail."
        ),
        ApplicationStatus.REJECTED: _("Pengajuan ditolak. Peserta diberi tahu lewat e-mail."),
    }
    messages.success(request, done[decision])
    return redirect("verification_queue")
