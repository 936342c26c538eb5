"""Pages and acts of the payment and reports parts, and the staff queue. Thin: find what the
reader may see (else 404), parse the form, call one service, say what happened, go back to the
engagement page. Private files are streamed through permission-checked views only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assessments import documents, workflow
from assessments.constants import ReportKind
from assessments.forms.settlement import ProofForm, ProofReturnForm, ReportForm
from assessments.models import Engagement, Invoice, Participant, PaymentProof, Report
from assessments.selectors.queue import staff_queue
from assessments.services import payments, reports
from assessments.services.files import FileRefused
from assessments.views.files import file_stream
from assessments.views.pages import engagement_for_page, engagement_page_context
from casework.exceptions import CaseError, CaseForbidden
from casework.pdf import pdf_stored
from portal.choices import labels_set
from portal.downloads import file_response_secure


def _back(engagement, anchor: str) -> str:
    return reverse("assessments_engagement", args=[engagement.public_id]) + f"#{anchor}"


def _refused(request, exc: Exception) -> None:
    messages.error(request, str(exc.args[0]) if exc.args else _("Permintaan ditolak."))


def _render_page(request, engagement, *, status: int, **settlement_overrides):
    """The engagement page again, with a bound form of this part (what was typed is kept)."""
    context = engagement_page_context(engagement, request.user)
    context["settlement"].update(settlement_overrides)
    return render(request, "assessments/engagement.html", context, status=status)


def _stream(field_file, stem: str, *, download: bool):
    return file_stream(field_file, stem, download=download, framed_by_self=True)


# --- Invoice and payment ----------------------------------------------------------------------


@login_required
@require_POST
def invoice_issue(request, public_id):
    engagement = engagement_for_page(public_id, request.user)
    try:
        invoice = payments.invoice_issue(engagement=engagement, actor=request.user)
    except (CaseError, CaseForbidden) as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Tagihan %(number)s diterbitkan.") % {"number": invoice.number})
    return redirect(_back(engagement, "pembayaran"))


@login_required
@require_safe
def invoice_pdf(request, public_id):
    engagement = engagement_for_page(public_id, request.user)
    invoice = Invoice.objects.filter(engagement=engagement).first()
    if invoice is None:
        raise Http404
    if not pdf_stored(invoice.pdf):
        # The task has not run (broker down, worker busy): render it now.
        documents.invoice_store(invoice_id=invoice.pk)
        invoice.refresh_from_db(fields=["pdf"])
    return _stream(invoice.pdf, f"tagihan-{invoice.sequence:04d}-{invoice.year}", download=False)


@login_required
@require_POST
def proof_upload(request, public_id):
    engagement = engagement_for_page(public_id, request.user)
    form = ProofForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_page(request, engagement, status=400, proof_form=form)
    try:
        payments.proof_upload(
            engagement=engagement,
            actor=request.user,
            file=form.cleaned_data["file"],
            paid_on=form.cleaned_data["paid_on"],
            amount=form.cleaned_data["amount"],
        )
    except FileRefused as exc:
        form.add_error(exc.field, exc.message)
        return _render_page(request, engagement, status=400, proof_form=form)
    except (CaseError, CaseForbidden) as exc:
        # Not the form's fault (a proof already waits, the invoice is paid): say why.
        _refused(request, exc)
    else:
        messages.success(
            request, _("Bukti pembayaran diunggah dan menunggu konfirmasi Bendahara Penerima.")
        )
    return redirect(_back(engagement, "pembayaran"))


def _proof_for(request, public_id) -> PaymentProof:
    proof = (
        PaymentProof.objects.select_related(
            "invoice__engagement__service", "invoice__engagement__institution"
        )
        .filter(public_id=public_id)
        .first()
    )
    if proof is None or not workflow.engagement_visible_to(request.user, proof.invoice.engagement):
        raise Http404
    return proof


@login_required
@require_safe
def proof_file(request, public_id):
    proof = _proof_for(request, public_id)
    return _stream(proof.file, f"bukti-bayar-{proof.paid_on:%Y%m%d}", download=False)


@login_required
@require_POST
def proof_confirm(request, public_id):
    proof = _proof_for(request, public_id)
    engagement = proof.invoice.engagement
    try:
        payments.proof_confirm(proof=proof, actor=request.user)
    except (CaseError, CaseForbidden) as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Pembayaran dikonfirmasi; tagihan lunas."))
    return redirect(_back(engagement, "pembayaran"))


@login_required
@require_POST
def proof_return(request, public_id):
    proof = _proof_for(request, public_id)
    engagement = proof.invoice.engagement
    form = ProofReturnForm(request.POST)
    if not form.is_valid():
        return _render_page(request, engagement, status=400, return_form=form)
    try:
        payments.proof_return(proof=proof, actor=request.user, reason=form.cleaned_data["reason"])
    except (CaseError, CaseForbidden) as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Bukti pembayaran dikembalikan kepada instansi."))
    return redirect(_back(engagement, "pembayaran"))


# --- Reports ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_new(request, public_id, kind):
    engagement = engagement_for_page(public_id, request.user)
    if kind not in ReportKind.values:
        raise Http404
    participant = None
    if kind == ReportKind.INDIVIDUAL:
        participant = Participant.objects.filter(
            engagement=engagement, public_id=_uuid_or_none(request.GET.get("asesi"))
        ).first()
        if participant is None:
            raise Http404
    if not reports.may_write_reports(request.user, engagement):
        raise PermissionDenied
    existing = Report.objects.filter(
        engagement=engagement, kind=kind, participant=participant
    ).first()
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        initial={"body": existing.body if existing else ""},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report = reports.report_save(
                    engagement=engagement,
                    actor=request.user,
                    kind=kind,
                    participant=participant,
                    body=form.cleaned_data["body"],
                    file=form.cleaned_data["file"],
                )
            except FileRefused as exc:
                form.add_error(exc.field, exc.message)
            except (CaseError, CaseForbidden) as exc:
                form.add_error(None, str(exc.args[0]))
            else:
                messages.success(
                    request,
                    _("%(title)s disimpan; menunggu tanda tangan Pejabat Penandatangan.")
                    % {"title": report.title},
                )
                return redirect(_back(engagement, "laporan"))
        status = 400
    return render(
        request,
        "assessments/staff/report_form.html",
        {
            "engagement": engagement,
            "kind_label": ReportKind(kind).label,
            "participant": participant,
            "existing": existing,
            "form": form,
        },
        status=status,
    )


def _uuid_or_none(value):
    import uuid

    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def _report_for(request, public_id) -> Report:
    report = (
        Report.objects.select_related(
            "engagement__service", "engagement__institution", "participant"
        )
        .filter(public_id=public_id)
        .first()
    )
    if report is None or not workflow.report_visible_to(request.user, report):
        raise Http404
    return report


@login_required
@require_POST
def report_sign(request, public_id):
    report = _report_for(request, public_id)
    try:
        reports.report_sign(report=report, actor=request.user)
    except (CaseError, CaseForbidden) as exc:
        _refused(request, exc)
    else:
        messages.success(
            request, _("%(title)s ditandatangani dan diserahkan.") % {"title": report.title}
        )
    return redirect(_back(report.engagement, "laporan"))


@login_required
@require_POST
def reports_sign_all(request, public_id):
    engagement = engagement_for_page(public_id, request.user)
    try:
        count = reports.reports_sign_all(engagement=engagement, actor=request.user)
    except (CaseError, CaseForbidden) as exc:
        _refused(request, exc)
    else:
        messages.success(
            request, _("%(count)s laporan ditandatangani dan diserahkan.") % {"count": count}
        )
    return redirect(_back(engagement, "laporan"))


@login_required
@require_safe
def report_file(request, public_id):
    report = _report_for(request, public_id)
    field_file = report.pdf if report.pdf else report.source_file
    if not field_file:
        # Written in the portal, not signed yet: the staff read an unsigned preview
        # (report_visible_to lets nobody else see an undelivered report).
        response = HttpResponse(documents.report_pdf(report), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="draf-laporan-{report.kind}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return file_response_secure(response, framed_by_self=True)
    return _stream(field_file, f"laporan-{report.kind}", download=request.GET.get("unduh") == "1")


# --- The staff queue --------------------------------------------------------------------------


@require_safe
def staff_queue_page(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    page = staff_queue(request.user, page_number=request.GET.get("halaman"))
    if page is None:
        raise PermissionDenied
    engagements = [row.engagement for row in page.object_list]
    labels_set(engagements, field="purpose", choices=Engagement._meta.get_field("purpose").choices)
    labels_set(engagements, field="state", choices=Engagement._meta.get_field("state").choices)
    return render(
        request,
        "assessments/staff/queue.html",
        {
            "page": page,
            "rows": page.object_list,
            "total": page.paginator.count,
            "pages_label": _("Halaman antrean penilaian kompetensi"),
        },
    )
