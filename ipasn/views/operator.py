"""The Perangkat Daerah's pages of the IP-ASN report (seed 003): its reports and the form that
starts one, the recap template, the report page (a task list while the draft is being made
or the report is back for fixing, then the route through BKPSDM with its stamps, the returns
and their reasons, the laporan once signed) and the acts on it. Each act parses its form, calls
one service of ipasn.services.reports and redirects; a refused upload re-renders the page with
the field's error (a refused recap with the table of every bad cell), status 400.

Who may see: anonymous visitors go to the login page; a user who operates no Perangkat Daerah
gets 403 (before any lookup); an operator sees only their own Perangkat Daerah's reports
(another's: 404). An official of the service opening a report's operator address is sent to
the officials' page of it."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casework.exceptions import CaseError, CaseForbidden
from casework.models import Institution
from ipasn import workflow
from ipasn.constants import OPEN_STATES, ReportState
from ipasn.forms.operator import LetterForm, RecapForm, ReportCreateForm
from ipasn.models import Report
from ipasn.selectors import operator_reports, report_route
from ipasn.services import reports as services
from ipasn.services.files import FileRefused
from portal.choices import labels_set
from portal.downloads import file_response_secure
from portal.models import ServiceStep

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Employees with incomplete data listed on the report page; the laporan lists them all.
INCOMPLETE_SHOWN = 50


def operator_institutions(user):
    """The Perangkat Daerah `user` operates at a provider running the IP-ASN report."""
    providers = services.ipasn_services().values("provider")
    return (
        Institution.objects.filter(operators=user, provider__in=providers)
        .select_related("provider")
        .order_by("name")
    )


def operator_required(view):
    """Anonymous visitors go to the login page; a user who operates no Perangkat Daerah at a
    provider of the service gets 403."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not operator_institutions(request.user).exists():
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def report_for_operator(public_id, user) -> Report:
    """The report if `user` operates its Perangkat Daerah; else 404."""
    report = (
        Report.objects.select_related(
            "service__provider", "service__completion_limit", "institution", "step"
        )
        .filter(public_id=public_id, institution__operators=user)
        .first()
    )
    if report is None:
        raise Http404
    return report


def _page(report, anchor: str = ""):
    url = reverse("ipasn_report", args=[report.public_id])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _not_editable(report) -> CaseError:
    return CaseError(
        _("Laporan ini tidak dapat diubah lagi (status: %(state)s).")
        % {"state": report.get_state_display()}
    )


def _refused(request, report, exc: CaseError, anchor: str = ""):
    if isinstance(exc, CaseForbidden):
        raise PermissionDenied(str(exc))
    messages.error(request, str(exc))
    return _page(report, anchor)


# --- The Perangkat Daerah's reports -----------------------------------------------------------


def _home(request, form, status=200):
    reports = list(
        operator_reports(request.user)
        .filter(service__in=services.ipasn_services())
        .annotate(employee_count=Count("entries"))
    )
    # The state's and the step's labels looked up once per page, not by get_FOO_display() per
    # row (portal.choices, issue 19).
    labels_set(reports, field="state", choices=Report._meta.get_field("state").flatchoices)
    steps = [report.step for report in reports if report.step is not None]
    labels_set(steps, field="actor", choices=ServiceStep._meta.get_field("actor").flatchoices)
    return render(
        request,
        "ipasn/operator/home.html",
        {
            "form": form,
            "reports": reports,
            "needs_action": [r for r in reports if r.state == ReportState.RETURNED],
        },
        status=status,
    )


@operator_required
@require_GET
def home(request):
    form = ReportCreateForm(institutions=operator_institutions(request.user))
    return _home(request, form)


@operator_required
@require_POST
def create(request):
    form = ReportCreateForm(request.POST, institutions=operator_institutions(request.user))
    if not form.is_valid():
        return _home(request, form, status=400)
    institution, year = form.cleaned_data["institution"], form.cleaned_data["year"]
    service = services.ipasn_services().filter(provider=institution.provider).first()
    try:
        report = services.report_create(
            service=service, institution=institution, operator=request.user, year=year
        )
    except CaseForbidden as exc:
        raise PermissionDenied(str(exc)) from exc
    except CaseError as exc:
        # A second click on "Buat laporan" (or a report of that year still open): the one
        # that exists is where to continue.
        existing = Report.objects.filter(
            institution=institution,
            service=service,
            year=year,
            state__in=[ReportState.DRAFT, *OPEN_STATES],
        ).first()
        if existing is not None:
            messages.info(request, str(exc))
            return _page(existing)
        form.add_error(None, str(exc))
        return _home(request, form, status=400)
    messages.success(
        request,
        _("Draf Laporan IP-ASN tahun %(year)d dibuat. Lengkapi surat pengantar dan rekapitulasi.")
        % {"year": year},
    )
    return _page(report)


@login_required
@require_GET
def recap_template_download(request):
    from ipasn.recap import recap_template

    response = HttpResponse(recap_template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="templat-rekapitulasi-ip-asn.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return file_response_secure(response)


# --- One report ---------------------------------------------------------------------------------


def _recap_summary(report) -> dict:
    entries = report.entries.all()
    incomplete = entries.exclude(missing=[])
    return {
        "employee_count": entries.count(),
        "incomplete_count": incomplete.count(),
        "incomplete": list(incomplete.only("row", "nip", "name", "missing")[:INCOMPLETE_SHOWN]),
    }


def report_page_context(
    report, user, *, letter_form=None, recap_form=None, recap_errors=None
) -> dict:
    route = report_route(report)
    may_edit = workflow.operator_may_edit(user, report)
    summary = _recap_summary(report)
    submit_blocker = services.submit_refusal(report) if may_edit else None
    open_pause = next((p for p in route.pauses if p.ended_at is None), None)
    return {
        "report": report,
        "route": route,
        "clock": route.clock,
        "provider": report.service.provider,
        "may_edit": may_edit,
        "returned": report.state == ReportState.RETURNED,
        "open_pause": open_pause if report.state == ReportState.RETURNED else None,
        "letter_form": letter_form or LetterForm(),
        "recap_form": recap_form or RecapForm(),
        "recap_errors": recap_errors,
        "recap_error_count": len(recap_errors or []),
        "submit_blocker": str(submit_blocker) if submit_blocker else "",
        "laporan_ready": report.state == ReportState.COMPLETED
        and report.result_signed_at is not None,
        **summary,
    }


def _render_page(request, report, status=200, **forms):
    return render(
        request,
        "ipasn/operator/report.html",
        report_page_context(report, request.user, **forms),
        status=status,
    )


def _staff_page(report):
    """The officials' page of the report, once the officials' pages are in the URLconf."""
    try:
        return redirect(reverse("ipasn_staff_report", args=[report.public_id]))
    except NoReverseMatch:
        return None


@login_required
@require_GET
def report_detail(request, public_id):
    if not operator_institutions(request.user).exists():
        # An official of the service following an operator's link: their own page of it.
        report = Report.objects.select_related("service").filter(public_id=public_id).first()
        if report is not None and workflow.is_staff_for(request.user, report):
            response = _staff_page(report)
            if response is not None:
                return response
        raise PermissionDenied
    report = report_for_operator(public_id, request.user)
    return _render_page(request, report)


@operator_required
@require_http_methods(["GET", "POST"])
def letter_attach(request, public_id):
    report = report_for_operator(public_id, request.user)
    if request.method == "GET":
        return _page(report, "surat")
    if not workflow.operator_may_edit(request.user, report):
        return _refused(request, report, _not_editable(report))
    form = LetterForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.report_letter_attach(
                report=report, actor=request.user, file=form.cleaned_data["cover_letter"]
            )
        except FileRefused as exc:
            form.add_error("cover_letter", exc.message)
        except CaseError as exc:
            return _refused(request, report, exc, "surat")
        else:
            messages.success(request, _("Surat pengantar tersimpan."))
            return _page(report, "rekapitulasi")
    return _render_page(request, report, status=400, letter_form=form)


@operator_required
@require_http_methods(["GET", "POST"])
def recap_attach(request, public_id):
    report = report_for_operator(public_id, request.user)
    if request.method == "GET":
        # A reload after a refusal lands on the page, never on a blank 405.
        return _page(report, "rekapitulasi")
    if not workflow.operator_may_edit(request.user, report):
        return _refused(request, report, _not_editable(report))
    form = RecapForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            report = services.report_recap_attach(
                report=report, actor=request.user, file=form.cleaned_data["recap_file"]
            )
        except services.RecapRefused as exc:
            return _render_page(request, report, status=400, recap_errors=exc.errors)
        except CaseForbidden as exc:
            raise PermissionDenied(str(exc)) from exc
        except CaseError as exc:
            if report.state not in (ReportState.DRAFT, ReportState.RETURNED):
                return _refused(request, report, exc, "rekapitulasi")
            form.add_error("recap_file", str(exc))
        else:
            count = report.entries.count()
            messages.success(
                request,
                _("Rekapitulasi diterima: %(n)d pegawai.") % {"n": count},
            )
            return _page(report, "sampaikan")
    return _render_page(request, report, status=400, recap_form=form)


@operator_required
@require_http_methods(["GET", "POST"])
def submit(request, public_id):
    report = report_for_operator(public_id, request.user)
    if request.method == "GET":
        return _page(report, "sampaikan")
    resubmission = report.state == ReportState.RETURNED
    try:
        report = services.report_submit(report=report, actor=request.user)
    except CaseError as exc:
        report.refresh_from_db(fields=["state"])
        if report.state == ReportState.ROUTING and not isinstance(exc, CaseForbidden):
            # The second click of a double click: the first one already sent it.
            messages.info(request, str(exc))
            return _page(report)
        return _refused(request, report, exc, "sampaikan")
    if resubmission:
        messages.success(request, _("Laporan disampaikan kembali ke Unit Pengolah BKPSDM."))
    else:
        messages.success(
            request,
            _("Laporan disampaikan. Nomor agenda: %(reference)s.")
            % {"reference": report.reference},
        )
    return _page(report)


@operator_required
@require_http_methods(["GET", "POST"])
def withdraw(request, public_id):
    report = report_for_operator(public_id, request.user)
    if request.method == "GET":
        return _page(report)
    try:
        services.report_withdraw(report=report, actor=request.user)
    except CaseError as exc:
        return _refused(request, report, exc)
    messages.success(request, _("Laporan ditarik. Anda dapat membuat laporan baru."))
    return _page(report)
