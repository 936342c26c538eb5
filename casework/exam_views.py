"""Pages of seed 002's steps 5-9: exam sessions (scheduler), results (the session's
assessors), the products of a case (certificate officer, signing official), its handover and
the LSP's fee, and the permission-checked files. Thin: parse, call one service, render.

Who may do what is asked of casework.workflow (here to show a form, in the services to
refuse). A page for a role answers 403 to whoever holds none of its roles anywhere; an object
the reader may not see answers 404, so a guessed address tells nothing."""

import functools
import re

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from casework import exam_forms, selectors
from casework.credentials import (
    issued_document_credential_jwt,
    issued_document_credential_refusal,
)
from casework.exceptions import CaseError
from casework.models import Case, ExamSession
from casework.services import exams, products
from casework.workflow import (
    Action,
    handover_confirm_refusal,
    is_session_assessor,
    may_schedule_exams,
    payment_record_refusal,
    step_action_refusal,
)
from portal.constants import Role, StepKind
from portal.credentials.keys import MEDIA_TYPE
from portal.downloads import file_response_secure
from portal.roles import holds_any_role

_CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


def staff_of(*roles: Role):
    """Anonymous visitors go to the login page; a user holding none of the roles, at a
    provider or for a service (external staff), gets 403."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not holds_any_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.portal_staff_only = True
        return wrapper

    return decorator


# --- Exam sessions -------------------------------------------------------------------------


def _session_form(user, data=None) -> exam_forms.ExamSessionForm | None:
    services = selectors.scheduled_services(user=user)
    service_list = list(services)
    if not service_list:
        return None
    assessor_ids = set().union(
        *(selectors.service_assessor_ids(service=service) for service in service_list)
    )
    assessors = get_user_model().objects.filter(pk__in=assessor_ids).order_by("first_name")
    waiting = Case.objects.filter(
        pk__in=[case.pk for case in selectors.cases_awaiting_exam(services=service_list)]
    ).order_by("name", "pk")
    return exam_forms.ExamSessionForm(data, services=services, assessors=assessors, cases=waiting)


@staff_of(Role.SCHEDULER, Role.ASSESSOR)
@require_http_methods(["GET", "POST"])
def exam_sessions(request):
    """The sessions the reader may see; a scheduler also forms a new one here."""
    form = _session_form(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                session = exams.exam_session_create(
                    service=data["service"],
                    actor=request.user,
                    organiser=data["organiser"],
                    scheme=data["scheme"],
                    starts_at=form.starts_at(),
                    place=data["place"],
                    assessors=data["assessors"],
                    cases=data["cases"],
                )
            except CaseError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Sesi uji kompetensi dibuat."))
                return redirect("casework_exam_session", pk=session.pk)
    return render(
        request,
        "casework/exam/sessions.html",
        {"sessions": selectors.exam_sessions_for(user=request.user), "form": form},
    )


def _session_or_404(pk: int, user) -> ExamSession:
    session = selectors.exam_session_for_viewer(pk=pk, user=user)
    if session is None:
        raise Http404
    return session


@staff_of(Role.SCHEDULER, Role.ASSESSOR)
@require_http_methods(["GET"])
def exam_session(request, pk: int):
    """One session: its participants; its assessors mark them examined and record results,
    the service's scheduler adds participants."""
    session = _session_or_404(pk, request.user)
    return _session_page(request, session)


def _session_page(request, session, *, cases_form=None, assess_forms=None, status=200):
    scheduler = may_schedule_exams(request.user, session.service)
    if scheduler and cases_form is None:
        waiting = selectors.cases_awaiting_exam(services=[session.service])
        if waiting:
            cases_form = exam_forms.SessionCasesForm(
                cases=Case.objects.filter(pk__in=[case.pk for case in waiting])
            )
    assess_forms = assess_forms or {}
    rows = [
        (case, assess_forms.get(case.pk) or exam_forms.AssessForm(prefix=f"hasil-{case.pk}"))
        for case in selectors.session_participants(session=session)
    ]
    return render(
        request,
        "casework/exam/session.html",
        {
            "session": session,
            "rows": rows,
            "assessor": is_session_assessor(request.user, session),
            "scheduler": scheduler,
            "cases_form": cases_form,
            "exam_kind": StepKind.EXAM,
            "assessment_kind": StepKind.ASSESSMENT,
        },
        status=status,
    )


@staff_of(Role.SCHEDULER)
@require_POST
def exam_session_cases_add(request, pk: int):
    session = _session_or_404(pk, request.user)
    if not may_schedule_exams(request.user, session.service):
        raise Http404
    waiting = selectors.cases_awaiting_exam(services=[session.service])
    form = exam_forms.SessionCasesForm(
        request.POST, cases=Case.objects.filter(pk__in=[case.pk for case in waiting])
    )
    if form.is_valid():
        try:
            joined = exams.exam_session_cases_add(
                session=session, cases=form.cleaned_data["cases"], actor=request.user
            )
        except CaseError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("%(count)s peserta ditambahkan ke sesi.") % {"count": len(joined)}
            )
            return redirect("casework_exam_session", pk=session.pk)
    return _session_page(request, session, cases_form=form, status=400)


def _participant_or_404(session: ExamSession, public_id) -> Case:
    case = session.cases.filter(public_id=public_id).first()
    if case is None:
        raise Http404
    return case


@staff_of(Role.ASSESSOR)
@require_POST
def exam_attend(request, pk: int, public_id):
    """The assessor marks the participant examined."""
    session = _session_or_404(pk, request.user)
    case = _participant_or_404(session, public_id)
    try:
        exams.exam_attend(case=case, actor=request.user)
    except CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(name)s ditandai sudah diuji.") % {"name": case.name})
    return redirect("casework_exam_session", pk=session.pk)


@staff_of(Role.ASSESSOR)
@require_POST
def exam_assess(request, pk: int, public_id):
    """The assessor records the participant's result."""
    session = _session_or_404(pk, request.user)
    case = _participant_or_404(session, public_id)
    form = exam_forms.AssessForm(request.POST, prefix=f"hasil-{case.pk}")
    if not form.is_valid():
        return _session_page(request, session, assess_forms={case.pk: form}, status=400)
    try:
        exams.exam_assess(
            case=case,
            actor=request.user,
            outcome=form.cleaned_data["outcome"],
            notes=form.cleaned_data["notes"],
        )
    except CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Hasil uji %(name)s dicatat.") % {"name": case.name})
    return redirect("casework_exam_session", pk=session.pk)


# --- Products of a case ----------------------------------------------------------------------


@staff_of(Role.CERTIFICATE_OFFICER, Role.SIGNING_OFFICIAL)
@require_http_methods(["GET"])
def product_queue(request):
    """The cases waiting at a product step where the reader acts."""
    return render(
        request,
        "casework/products/queue.html",
        {"cases": selectors.product_queue_for(user=request.user)},
    )


def _case_or_404(public_id, user) -> Case:
    case = selectors.case_for_viewer(public_id=public_id, user=user)
    if case is None:
        raise Http404
    return case


def _step_form(case: Case, user, action: Action, form_class, bound=None):
    """The form of the step's action when the user may take it now, else None."""
    if bound is not None:
        return bound
    if step_action_refusal(case, user, action) is not None:
        return None
    return form_class()


def products_context(request, case: Case, **bound) -> dict:
    """What templates/casework/products/_case_products.html needs: the case's products and
    the forms the reader may use now (`bound` are forms with errors to show again)."""
    user = request.user
    context = {
        "case": case,
        **selectors.case_products(case=case),
        "record_form": _step_form(
            case, user, Action.RECORD, exam_forms.ExternalProductForm, bound.get("record")
        ),
        "may_issue": step_action_refusal(case, user, Action.ISSUE) is None,
        "handover_form": _step_form(
            case, user, Action.HAND_OVER, exam_forms.HandoverForm, bound.get("handover")
        ),
        "payment_form": bound.get("payment")
        or (exam_forms.PaymentForm() if payment_record_refusal(case, user) is None else None),
        "may_confirm": handover_confirm_refusal(case, user) is None,
        "back": request.get_full_path() if request.method == "GET" else "",
    }
    return context


@login_required
@require_http_methods(["GET"])
def case_products(request, public_id):
    """A case's products and handover, with the forms of whoever acts on them now."""
    case = _case_or_404(public_id, request.user)
    return render(request, "casework/products/case.html", products_context(request, case))


def _case_page_again(request, case, status=400, **bound):
    case = _case_or_404(case.public_id, request.user)  # re-read: the POST may have moved it
    return render(
        request,
        "casework/products/case.html",
        products_context(request, case, **bound),
        status=status,
    )


def _back(request, case: Case):
    """Where a POST goes back to: the page it came from (e.g. the case page), if on our site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("casework_case_products", public_id=case.public_id)


def _run(request, case, form, call, *, key: str, done: str):
    """Call the service with the valid form's data; its refusal shows on the form."""
    try:
        call(form.cleaned_data)
    except products.ProductFileRejected as exc:
        form.add_error(exc.field, exc.message)
    except CaseError as exc:
        form.add_error(None, str(exc))
    else:
        messages.success(request, done)
        return _back(request, case)
    return _case_page_again(request, case, **{key: form})


@login_required
@require_POST
def external_product_record(request, public_id):
    case = _case_or_404(public_id, request.user)
    form = exam_forms.ExternalProductForm(request.POST, request.FILES)
    if not form.is_valid():
        return _case_page_again(request, case, record=form)
    return _run(
        request,
        case,
        form,
        lambda data: products.external_product_record(
            case=case,
            actor=request.user,
            issuer=data["issuer"],
            scheme=data["scheme"],
            number=data["number"],
            issued_on=data["issued_on"],
            valid_until=data["valid_until"],
            scan=data["scan"],
        ),
        key="record",
        done=_("Sertifikat LSP dicatat."),
    )


@login_required
@require_POST
def skh_issue(request, public_id):
    case = _case_or_404(public_id, request.user)
    try:
        document = products.skh_issue(case=case, actor=request.user)
    except CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Surat keterangan %(number)s diterbitkan; PDF bertanda tangan sedang dibuat.")
            % {"number": document.number},
        )
    return _back(request, case)


@login_required
@require_POST
def handover_record(request, public_id):
    case = _case_or_404(public_id, request.user)
    form = exam_forms.HandoverForm(request.POST, request.FILES)
    if not form.is_valid():
        return _case_page_again(request, case, handover=form)
    return _run(
        request,
        case,
        form,
        lambda data: products.handover_record(
            case=case,
            actor=request.user,
            method=data["method"],
            received_by=data["received_by"],
            handed_at=form.handed_at(),
            receipt=data["receipt"],
            courier=data["courier"],
            tracking_number=data["tracking_number"],
        ),
        key="handover",
        done=_("Penyerahan dicatat; permohonan selesai."),
    )


@login_required
@require_POST
def payment_record(request, public_id):
    case = _case_or_404(public_id, request.user)
    form = exam_forms.PaymentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _case_page_again(request, case, payment=form)
    return _run(
        request,
        case,
        form,
        lambda data: products.payment_record(
            case=case,
            actor=request.user,
            payee=data["payee"],
            amount=data["amount"],
            paid_on=data["paid_on"],
            proof=data["proof"],
        ),
        key="payment",
        done=_("Pembayaran dicatat."),
    )


@login_required
@require_POST
def handover_confirm(request, public_id):
    """The employee confirms they received the products (from their case page)."""
    case = _case_or_404(public_id, request.user)
    try:
        products.handover_confirm(case=case, actor=request.user)
    except CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Terima kasih, penerimaan sudah dikonfirmasi."))
    return _back(request, case)


# --- Files -----------------------------------------------------------------------------------


def _file(field_file, filename: str, *, download: bool):
    extension = field_file.name.rsplit(".", 1)[-1].lower()
    response = FileResponse(
        field_file.open("rb"),
        content_type=_CONTENT_TYPES.get(extension, "application/octet-stream"),
        as_attachment=download,
        filename=f"{filename}.{extension}",
    )
    response["Cache-Control"] = "private, no-store"
    return file_response_secure(response)


def _case_file(request, public_id, attribute: str, field: str, filename: str):
    case = selectors.case_for_viewer(public_id=public_id, user=request.user)
    record = getattr(case, attribute, None) if case is not None else None
    field_file = getattr(record, field, None) if record is not None else None
    if not field_file:
        raise Http404
    return _file(field_file, filename, download=request.GET.get("unduh") == "1")


@require_http_methods(["GET"])
def issued_document_file(request, public_id):
    """The signed Surat Keterangan Hasil, to who may see its case; 404 for anyone else."""
    document = selectors.issued_document_for_viewer(public_id=public_id, user=request.user)
    if document is None:
        raise Http404
    name = f"surat-keterangan-hasil-{document.number.replace('/', '-')}"
    return _file(document.pdf, name, download=request.GET.get("unduh") == "1")


@require_http_methods(["GET"])
def issued_document_credential(request, public_id):
    """The Surat Keterangan Hasil as a Verifiable Credential (vc+jwt), to who may see its case;
    404 for anyone else, and for a document not yet issued."""
    document = selectors.issued_document_for_viewer(
        public_id=public_id, user=request.user, rendered=False
    )
    if document is None or issued_document_credential_refusal(document) is not None:
        raise Http404
    token = issued_document_credential_jwt(document=document)
    response = HttpResponse(token, content_type=MEDIA_TYPE)
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", document.number)
    response["Content-Disposition"] = f'attachment; filename="kredensial-{name}.jwt"'
    response["Cache-Control"] = "private, no-store"
    return file_response_secure(response)


@require_http_methods(["GET"])
def external_product_scan(request, public_id):
    return _case_file(request, public_id, "external_product", "scan", "sertifikat-lsp")


@require_http_methods(["GET"])
def handover_receipt(request, public_id):
    return _case_file(request, public_id, "handover", "receipt", "tanda-terima")


@require_http_methods(["GET"])
def payment_proof(request, public_id):
    return _case_file(request, public_id, "payment", "proof", "bukti-pembayaran")
