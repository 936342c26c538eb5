"""The engine's staff pages: the queue of cases waiting on the reader, one case with the actions
of its current step (the completeness check and the verification), and the decision letters.
Each action is one call to casework.services; its refusals are shown as messages. Who may act
is asked of casework.workflow, here to show a form and in the service to refuse."""

import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from casework import selectors
from casework.constants import Verdict
from casework.exceptions import CaseError
from casework.models import CaseDocument
from casework.queue_rows import queue_rows_html
from casework.services import decisions, review
from casework.staff_forms import (
    CheckDecisionForm,
    DecisionLetterForm,
    DocumentVerdictForm,
    QueueFilterForm,
)
from casework.workflow import (
    Action,
    decision_refusal,
    document_check_refusal,
    step_action_refusal,
)
from portal.downloads import file_response_secure
from portal.roles import holds_any_role
from registration.nip import NipError, parse_nip


def staff_required(view):
    """Anonymous visitors go to the login page; a user holding no staff role anywhere (at a
    provider, or for one service) gets 403. The outermost decorator, before any lookup."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not holds_any_role(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.portal_staff_only = True
    return wrapper


# --- The queue ----------------------------------------------------------------------------


@staff_required
@require_safe
def queue(request):
    steps = selectors.acting_steps(request.user)
    form = QueueFilterForm(request.GET or None, steps=steps)
    shown = steps
    if form.is_valid():
        service_id, step_id = form.cleaned_data["layanan"], form.cleaned_data["langkah"]
        shown = [
            step
            for step in steps
            if (not service_id or step.service_id == service_id)
            and (not step_id or step.pk == step_id)
        ]
    queue = selectors.staff_queue(
        steps=shown, user=request.user, page_number=request.GET.get("halaman")
    )
    # The table's rows in Python rather than a template loop (casework.queue_rows).
    for group in queue.groups:
        group.rows_html = queue_rows_html(group.rows)
    return render(
        request,
        "casework/staff/queue.html",
        {
            "form": form,
            "groups": queue.groups,
            "page": queue.page,
            "pages_label": _("Halaman antrean permohonan"),
            "total": queue.total,
            "acts_somewhere": bool(steps),
            "decides": any(step.kind == "decision" for step in steps),
        },
    )


# --- One case -----------------------------------------------------------------------------


def _case_or_404(request, public_id):
    case = selectors.case_for_staff(public_id=public_id, user=request.user)
    if case is None:
        raise Http404
    return case


def _nip_check(case) -> dict:
    """What the NIP says of the birth date and sex, against what the form gives."""
    try:
        parsed = parse_nip(case.nip)
    except NipError as error:
        return {"error": error.message}
    return {
        "birth_date": parsed.birth_date,
        "sex": parsed.sex,
        "birth_date_matches": parsed.birth_date == case.birth_date,
        "sex_matches": parsed.sex == case.sex,
    }


def _render_case(request, case, *, bound_verdict=None, check_form=None, status=200):
    """The case page. `bound_verdict` is (document pk, form) when a verdict was refused, so
    that the officer's choice and reason are shown again with the error."""
    user = request.user
    can_check = document_check_refusal(case, user) is None
    slots = selectors.case_document_slots(case=case)
    documents = []
    for slot in slots:
        form = None
        if can_check and slot.current is not None:
            if bound_verdict and bound_verdict[0] == slot.current.pk:
                form = bound_verdict[1]
            else:
                initial = {}
                if slot.current.verdict != Verdict.PENDING:
                    initial = {"verdict": slot.current.verdict, "reason": slot.current.reason}
                form = DocumentVerdictForm(prefix=f"d{slot.current.pk}", initial=initial)
        documents.append((slot, form))
    if check_form is None and can_check:
        check_form = CheckDecisionForm(kind=case.step.kind, initial={"step": case.step_id})
    timeline = selectors.case_timeline(case=case)
    return render(
        request,
        "casework/staff/case.html",
        {
            "case": case,
            "nip_check": _nip_check(case),
            "documents": documents,
            "summary": _summary(slots),
            "timeline": timeline,
            "check_form": check_form,
            "can_check": can_check,
            "pause": timeline.open_pause,
            "decides": step_action_refusal(case, user, Action.DECIDE) is None,
        },
        status=status,
    )


def _summary(slots) -> dict:
    counts = {"valid": 0, "needs_revision": 0, "pending": 0, "missing": 0}
    for slot in slots:
        if slot.current is None:
            counts["missing"] += int(slot.requirement.required)
        else:
            counts[slot.current.verdict] += 1
    return counts


@staff_required
@require_safe
def case_detail(request, public_id):
    return _render_case(request, _case_or_404(request, public_id))


def _case_url(case, anchor: str = "") -> str:
    url = reverse("casework_staff_case", args=[case.public_id])
    return f"{url}#{anchor}" if anchor else url


def _refused(request, case) -> bool:
    """The case is not at a checking step, or the reader does not check it: say so (the page
    they come back to shows what the case waits for)."""
    refusal = document_check_refusal(case, request.user)
    if refusal is not None:
        messages.error(request, str(refusal))
    return refusal is not None


@staff_required
@require_POST
def document_verdict(request, public_id, document_id):
    case = _case_or_404(request, public_id)
    document = (
        CaseDocument.objects.select_related("requirement")
        .filter(case=case, public_id=document_id)
        .first()
    )
    if document is None:
        raise Http404
    if _refused(request, case):
        return redirect(_case_url(case))
    form = DocumentVerdictForm(request.POST, prefix=f"d{document.pk}")
    if not form.is_valid():
        return _render_case(request, case, bound_verdict=(document.pk, form), status=400)
    try:
        document = review.document_verdict_set(
            document=document,
            actor=request.user,
            verdict=form.cleaned_data["verdict"],
            reason=form.cleaned_data["reason"],
        )
    except CaseError as error:
        form.add_error(None, str(error))
        return _render_case(request, case, bound_verdict=(document.pk, form), status=400)
    messages.success(
        request,
        _("%(document)s: %(verdict)s.")
        % {"document": document.requirement.name, "verdict": document.get_verdict_display()},
    )
    return redirect(_case_url(case, f"berkas-{document.requirement.code}"))


@staff_required
@require_POST
def case_check(request, public_id):
    """The decision of a checking step: complete (ACCEPT), return, or reject."""
    case = _case_or_404(request, public_id)
    if _refused(request, case):
        return redirect(_case_url(case))
    form = CheckDecisionForm(request.POST, kind=case.step.kind)
    if not form.is_valid():
        return _render_case(request, case, check_form=form, status=400)
    action, note = form.cleaned_data["action"], form.cleaned_data["note"]
    at = {"case": case, "actor": request.user, "step_id": form.cleaned_data["step"]}
    try:
        if action == Action.ACCEPT:
            review.case_check_accept(**at, note=note)
        elif action == Action.RETURN:
            review.case_check_return(**at, note=note)
        else:
            review.case_check_reject(**at, reason=note)
    except CaseError as error:
        form.add_error(None, str(error))
        return _render_case(request, case, check_form=form, status=400)
    done = {
        Action.ACCEPT: _("Permohonan dilanjutkan ke langkah berikutnya."),
        Action.RETURN: _(
            "Permohonan dikembalikan kepada pemohon untuk perbaikan; jangka waktu berhenti "
            "sampai diajukan kembali."
        ),
        Action.REJECT: _("Permohonan ditolak."),
    }
    messages.success(request, done[action])
    return redirect("casework_staff_queue")


# --- Decision letters ---------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def decisions_page(request):
    services = selectors.decision_services(request.user)
    chosen = request.POST.get("layanan") or request.GET.get("layanan")
    service = next((s for s in services if str(s.pk) == chosen), None)
    if service is None and len(services) == 1:
        service = services[0]
    if request.method == "POST" and service is None:
        raise Http404
    candidates = (
        selectors.decision_candidates(service=service, reader=request.user) if service else []
    )
    form = DecisionLetterForm(
        request.POST if request.method == "POST" else None,
        candidates=candidates,
        initial={"decided_on": timezone.localdate()},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                letter = decisions.decision_letter_create(
                    service=service,
                    actor=request.user,
                    case_ids=form.cleaned_data["cases"],
                    number=form.cleaned_data["number"],
                    decided_on=form.cleaned_data["decided_on"],
                )
            except CaseError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _(
                        "Surat penetapan %(number)s dibuat untuk %(count)s peserta; PDF-nya "
                        "sedang dibuat dan ditandatangani."
                    )
                    % {"number": letter.number, "count": letter.cases.count()},
                )
                return redirect(f"{reverse('casework_decisions')}?layanan={service.pk}")
        status = 400
    return render(
        request,
        "casework/staff/decisions.html",
        {
            "services": services,
            "service": service,
            "candidates": candidates,
            "form": form,
            "can_decide": service is not None
            and decision_refusal(service=service, user=request.user) is None,
            "letters": selectors.decision_letters_recent(services=services),
        },
        status=status,
    )


@require_safe
def decision_letter_pdf(request, public_id):
    """The signed letter, to staff of its service and to the proposer or employee of a case it
    lists; 404 for anyone else, and while it is not signed yet."""
    letter = selectors.decision_letter_for_viewer(public_id=public_id, user=request.user)
    if letter is None or not letter.pdf:
        raise Http404
    response = FileResponse(
        letter.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=request.GET.get("unduh") == "1",
        filename=f"surat-penetapan-{letter.public_id}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return file_response_secure(response)
