"""The objection pages: the candidate's form and their objection with its answer; the staff
queue and one objection with the answer form. Each action is one call to objections.services;
its refusals are shown next to the field they concern."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from objections import selectors, services, workflow
from objections.constants import ObjectionState
from objections.exceptions import ObjectionAlreadySubmitted, ObjectionError
from objections.forms import AnswerForm, ObjectionForm
from objections.queue_cells import QueueCells
from portal.calendar import working_days_overdue, working_days_overdue_many
from portal.constants import Role
from portal.downloads import file_response_secure
from portal.events import (
    HistoryEntry,
    event_candidate_sees,
    event_is_problem,
    event_list,
    event_title,
    history_entries,
)
from portal.queues import QueueColumn, queue_page
from portal.roles import role_required
from registration.access import candidate_required
from registration.models import Application

PAGE_SIZE = 25
TABS = (ObjectionState.OPEN, ObjectionState.ANSWERED)
QUEUE_COLUMNS = [
    QueueColumn(gettext_lazy("Peserta"), "candidate", header_class="queue-table__name"),
    QueueColumn(gettext_lazy("Keberatan atas"), "kind"),
    QueueColumn(gettext_lazy("Diajukan"), "submitted", cell_class="nowrap"),
    QueueColumn(gettext_lazy("Batas waktu jawaban"), "due", cell_class="nowrap"),
    QueueColumn(gettext_lazy("Status"), "state"),
]


def _apply_errors(form, exc: ObjectionError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


# --- The candidate ---------------------------------------------------------------------------


@candidate_required
@require_http_methods(["GET", "HEAD", "POST"])
def objection_new(request, public_id):
    """The "Ajukan keberatan" form, while the window of the application's decision is open."""
    application = get_object_or_404(
        Application.objects.select_related("service__provider"),
        public_id=public_id,
        candidate_id=request.user.pk,
    )
    decision = selectors.decision_for(application=application)
    if decision is not None:
        existing = selectors.objection_for_decision(application=application, decision=decision)
        if existing is not None:
            return redirect("objection_detail", existing.public_id)
    refusal = workflow.submit_refusal(
        application=application,
        user=request.user,
        decision=decision,
        today=timezone.localdate(),
    )
    form = ObjectionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            objection = services.objection_submit(
                application=application,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                attachment=form.cleaned_data["attachment"],
            )
        except ObjectionAlreadySubmitted as exc:
            messages.info(request, str(exc.message))
            return redirect("objection_detail", exc.objection.public_id)
        except ObjectionError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request, _("Keberatan Anda diterima. Kami mengirim tanda terimanya ke e-mail Anda.")
            )
            return redirect("objection_detail", objection.public_id)
    return render(
        request,
        "objections/form.html",
        {
            "application": application,
            "decision": decision,
            "refusal": refusal,
            "form": form,
            "answer_days": application.service.objection_answer_days,
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )


@candidate_required
@require_safe
def objection_detail(request, public_id):
    objection = selectors.objection_for_candidate(public_id=public_id, user=request.user)
    if objection is None:
        raise Http404
    # The application's own timeline, as the candidate reads it (registration's application
    # page shows it only while the application is open; a rejected one is closed).
    history = [
        HistoryEntry(event_title(event, for_candidate=True), event, event_is_problem(event))
        # The page names no actor: no user row joined per event.
        for event in event_list(subject=objection.application)
        .select_related(None)
        .order_by("-created_at", "-id")
        if event_candidate_sees(event)
    ]
    return render(request, "objections/detail.html", {"objection": objection, "history": history})


@candidate_required
@require_safe
def objection_file(request, public_id):
    objection = selectors.objection_for_candidate(public_id=public_id, user=request.user)
    return _file(request, objection)


def _file(request, objection):
    if objection is None or not objection.attachment:
        raise Http404
    response = FileResponse(
        objection.attachment.open("rb"),
        content_type=objection.attachment_content_type,
        as_attachment=request.GET.get("unduh") == "1",
        filename=f"lampiran-keberatan.{objection.attachment.name.rsplit('.', 1)[-1]}",
    )
    response["Cache-Control"] = "private, no-store"
    return file_response_secure(response)


# --- Staff -----------------------------------------------------------------------------------


@role_required(Role.VERIFIER, Role.ASSESSOR)
@require_safe
def staff_queue(request):
    state = request.GET.get("status")
    if state not in TABS:
        state = ObjectionState.OPEN
    page = queue_page(
        selectors.objection_queue(user=request.user, state=state),
        number=request.GET.get("halaman"),
        per_page=PAGE_SIZE,
        rows=selectors.objection_queue_rows(),
    )
    today = timezone.localdate()
    overdue = working_days_overdue_many(
        due_dates=[row.due_date for row in page if row.state == ObjectionState.OPEN],
        today=today,
    )
    for row in page:
        row.overdue_days = overdue.get(row.due_date) if row.state == ObjectionState.OPEN else None
    return render(
        request,
        "objections/staff_queue.html",
        {
            "page": page,
            "state": state,
            "tabs": [ObjectionState(tab) for tab in TABS],
            "columns": QUEUE_COLUMNS,
            "cells": QueueCells(),
        },
    )


def _staff_objection_or_404(request, public_id):
    """Another provider's objection, or one of a kind the reader does not answer, is not
    found (404, as for an id that exists nowhere)."""
    objection = selectors.objection_for_staff(public_id=public_id, user=request.user)
    if objection is None:
        raise Http404
    return objection


@role_required(Role.VERIFIER, Role.ASSESSOR)
@require_http_methods(["GET", "HEAD", "POST"])
def staff_detail(request, public_id):
    objection = _staff_objection_or_404(request, public_id)
    can_answer = workflow.answer_refusal(objection, request.user) is None
    form = AnswerForm(request.POST or None) if can_answer else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("Keberatan ini sudah dijawab."))
            return redirect("objections_staff_detail", objection.public_id)
        if form.is_valid():
            try:
                services.objection_answer(
                    objection=objection,
                    actor=request.user,
                    outcome=form.cleaned_data["outcome"],
                    answer=form.cleaned_data["answer"],
                )
            except ObjectionError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Jawaban disimpan dan dikirim ke peserta."))
                return redirect("objections_staff_detail", objection.public_id)
    today = timezone.localdate()
    overdue_days = None
    if objection.state == ObjectionState.OPEN and objection.due_date and objection.due_date < today:
        overdue_days = working_days_overdue(objection.due_date, today)
    history = history_entries(
        event_list(subject=objection.application).order_by("-created_at", "-id")
    )
    return render(
        request,
        "objections/staff_detail.html",
        {
            "objection": objection,
            "application": objection.application,
            "form": form,
            "overdue_days": overdue_days,
            "history": history,
        },
        status=400 if form is not None and form.errors else 200,
    )


@role_required(Role.VERIFIER, Role.ASSESSOR)
@require_safe
def staff_file(request, public_id):
    return _file(request, _staff_objection_or_404(request, public_id))
