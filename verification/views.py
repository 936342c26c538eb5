"""The verification panel's screens: the queue, one application's review page, and its actions.
Every action is one call to verification.services; its refusals are shown as messages."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from portal.calendar import working_days_overdue, working_days_overdue_many
from portal.catalogue import requirement_list
from portal.constants import Role
from portal.queues import QueueColumn, queue_page
from portal.roles import role_required
from registration.constants import ApplicationStatus, Verdict
from registration.exceptions import ApplicationError
from registration.selectors import claim_panel_member, snapshot_lines
from verification import selectors, services, workflow
from verification.filters import QueueFilter
from verification.forms import DecisionForm, DocumentReviewForm

PAGE_SIZE = 25
DECISION_ANCHOR = "keputusan"

# The queue's columns (templates/verification/queue_cells.html draws their cells).
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
        rows=selectors.application_rows(),
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
            "claims_panel": claim_panel_member(request.user),
        },
    )


def _application_or_404(request, public_id):
    """The application, if it is one of the reader's providers; else 404 (not 403: another
    provider's application is not shown to exist)."""
    application = selectors.application_for_review(public_id=public_id, verifier=request.user)
    if application is None:
        raise Http404
    return application


def _detail_url(application, anchor: str = "") -> str:
    url = reverse("verification_detail", args=[application.public_id])
    return f"{url}#{anchor}" if anchor else url


def _review_form(slot, reasons, data=None) -> DocumentReviewForm:
    initial = {}
    current = slot.current
    if current is not None and current.verdict != Verdict.PENDING:
        initial["verdict"] = current.verdict
        latest = next((r for r in slot.reviews if r.document_id == current.pk), None)
        if latest is not None and current.verdict == Verdict.NEEDS_REVISION:
            initial.update(reason=latest.reason_id, note=latest.note)
    return DocumentReviewForm(data, reasons=reasons, prefix=slot.requirement.code, initial=initial)


def _render_detail(request, application, *, bound_review=None, decision_form=None):
    """The review page. `bound_review` is (requirement code, form) when a verdict was refused,
    so that the verifier's choices are shown again with the reason."""
    user = request.user
    can_review = workflow.review_refusal(application, user) is None
    slots = selectors.review_slots(application=application, shown=request.GET.get("versi"))
    reasons = selectors.revision_reasons() if can_review else []
    documents = []
    for slot in slots:
        form = None
        if can_review and slot.current is not None:
            if bound_review and bound_review[0] == slot.requirement.code:
                form = bound_review[1]
            else:
                form = _review_form(slot, reasons)
        documents.append((slot, form))
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
            "summary": selectors.verdict_summary(slots),
            "timeline": selectors.review_timeline(application=application),
            "registry_name": selectors.application_registry_name(application=application),
            "can_claim": workflow.claim_refusal(application, user) is None,
            "can_release": can_review,
            "can_review": can_review,
            "decision_form": decision_form or (DecisionForm() if can_review else None),
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


@role_required(Role.VERIFIER)
@require_POST
def review(request, public_id, document_id):
    application = _application_or_404(request, public_id)
    document = selectors.document_for_review(application=application, public_id=document_id)
    if document is None:
        raise Http404
    code = document.requirement.code
    form = DocumentReviewForm(request.POST, reasons=selectors.revision_reasons(), prefix=code)
    if not form.is_valid():
        return _render_detail(request, application, bound_review=(code, form))
    try:
        review = services.document_review(
            document=document,
            verifier=request.user,
            verdict=form.cleaned_data["verdict"],
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return _render_detail(request, application, bound_review=(code, form))
    messages.success(
        request,
        _("%(document)s: %(verdict)s.")
        % {"document": document.requirement.name, "verdict": review.get_verdict_display()},
    )
    return redirect(_detail_url(application, _next_anchor(application, document)))


def _next_anchor(application, document) -> str:
    """Where the verifier goes next: the following document, or the decision after the last."""
    codes = list(requirement_list(service=application.service).values_list("code", flat=True))
    position = codes.index(document.requirement.code) if document.requirement.code in codes else -1
    return f"berkas-{codes[position + 1]}" if 0 <= position < len(codes) - 1 else DECISION_ANCHOR


@role_required(Role.VERIFIER)
@require_POST
def decide(request, public_id):
    application = _application_or_404(request, public_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, application, decision_form=form)
    decision = form.cleaned_data["decision"]
    try:
        services.application_decide(
            application=application,
            verifier=request.user,
            decision=decision,
            note=form.cleaned_data["note"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return _render_detail(request, application, decision_form=form)
    done = {
        ApplicationStatus.VERIFIED: _("Pengajuan diverifikasi. Peserta diberi tahu lewat e-mail."),
        ApplicationStatus.RETURNED: _(
            "Pengajuan dikembalikan untuk perbaikan. Peserta diberi tahu lewat e-mail."
        ),
        ApplicationStatus.REJECTED: _("Pengajuan ditolak. Peserta diberi tahu lewat e-mail."),
    }
    messages.success(request, done[decision])
    return redirect("verification_queue")
