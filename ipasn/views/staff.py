"""BKPSDM's officials' pages of the IP-ASN report (seed 003): the queue of what waits on my
roles, the overview of every report of my services, the report's page with the action of its
current step, and the agency-wide laporan per year.

Thin: who may come in is decided first (portal.roles.role_required: any of the service's roles,
else 403 before any lookup), then the report must be one of the reader's services (else 404:
another provider's officials learn nothing), then the form is parsed and one service called.
A refusal re-renders the report page with the error next to the form that caused it and what
was typed kept (400; 403 when the step is another role's). Private files are streamed only
through permission-checked views."""

import functools
from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from casework.exceptions import CaseError, CaseForbidden
from ipasn import workflow
from ipasn.clock import ReportClock
from ipasn.constants import IndexCategoryCode, ReportState
from ipasn.forms.staff import (
    AgencySummaryForm,
    ForwardForm,
    OverviewFilterForm,
    ProcessForm,
    ReturnForm,
    SignForm,
    UploadForm,
)
from ipasn.models import AgencySummary, Report
from ipasn.queue_cells import queue_rows_html
from ipasn.selectors import report_route, service_reports, staff_queue
from ipasn.services import reports as report_services
from ipasn.services.files import FileRefused
from portal.choices import labels_set
from portal.constants import OnlineFlow, Role, StepKind
from portal.downloads import file_response_secure
from portal.models import Service
from portal.roles import holds_role_for_service, role_required, user_roles

STAFF_ONLY = role_required(*workflow.STAFF_ROLES)
# Who reads and makes the agency-wide laporan: the Kabid who signs, the Kepala who receives it,
# the processing unit that makes it.
AGENCY_ROLES = (Role.DIVISION_HEAD, Role.AGENCY_HEAD, Role.PERSONNEL_ANALYST)
ENTRIES_PER_PAGE = 50
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _services(user, *roles: Role) -> list[Service]:
    """The IP-ASN services where `user` holds one of `roles`; 403 when there is none (an
    official of another provider holds the roles, but not for this service)."""
    services = [
        service
        for service in Service.objects.filter(online_flow=OnlineFlow.IPASN_REPORT).select_related(
            "provider"
        )
        if any(holds_role_for_service(user, role, service) for role in roles)
    ]
    if not services:
        raise PermissionDenied(_("Anda tidak memegang peran pada layanan Laporan IP-ASN."))
    return services


def _report_for(request, public_id) -> Report:
    report = (
        Report.objects.select_related(
            "service__provider", "service__completion_limit", "institution", "step", "operator"
        )
        .exclude(state=ReportState.DRAFT)
        .filter(public_id=public_id)
        .first()
    )
    if report is None or not workflow.is_staff_for(request.user, report):
        raise Http404
    return report


def _detail_url(report: Report, anchor: str = "") -> str:
    url = reverse("ipasn_staff_report", args=[report.public_id])
    return f"{url}#{anchor}" if anchor else url


# --- The clock, as officials read it ---------------------------------------------------------


def _duration(value) -> str:
    """Open time as "1 jam 15 menit" (service-hour limits read as timedelta)."""
    if not isinstance(value, timedelta):
        return "" if value is None else str(value)
    minutes = int(value.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return _("%(h)d jam %(m)d menit") % {"h": hours, "m": minutes}
    if hours:
        return _("%(h)d jam") % {"h": hours}
    return _("%(m)d menit") % {"m": minutes}


@dataclass(frozen=True)
class ClockView:
    clock: ReportClock
    used: str
    remaining: str
    paused_for: str


def _clock_view(clock: ReportClock) -> ClockView:
    reading = clock.reading
    if reading is None:
        return ClockView(clock, "", "", "")
    return ClockView(
        clock,
        _duration(reading.used),
        _duration(reading.remaining),
        _duration(reading.paused_for),
    )


# --- Queue and overview ----------------------------------------------------------------------


@STAFF_ONLY
@require_safe
def queue(request):
    _services(request.user, *workflow.STAFF_ROLES)
    waiting = staff_queue(request.user, page_number=request.GET.get("halaman"))
    return render(
        request,
        "ipasn/staff/queue.html",
        {
            "queue": waiting,
            # The rows in Python rather than the template engine (ipasn.queue_cells).
            "queue_rows": queue_rows_html(waiting.mine),
            "agency_reader": _holds_any(request.user, AGENCY_ROLES),
            "pages_label": _("Halaman antrean Laporan IP-ASN"),
        },
    )


@STAFF_ONLY
@require_safe
def overview(request):
    _services(request.user, *workflow.STAFF_ROLES)
    form = OverviewFilterForm(request.GET or None)
    states, search = [], ""
    if form.is_valid():
        states = [form.cleaned_data["status"]] if form.cleaned_data["status"] else []
        search = form.cleaned_data["cari"]
    page, rows = service_reports(
        request.user, states=states, search=search, page_number=request.GET.get("halaman")
    )
    return render(
        request,
        "ipasn/staff/overview.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "total": page.paginator.count,
            "filtered": bool(states or search),
            "pages_label": _("Halaman daftar Laporan IP-ASN"),
        },
    )


def _holds_any(user, roles) -> bool:
    return bool(user_roles(user) & set(roles))


# --- The report's page -----------------------------------------------------------------------


# What the report page's table of employees shows (templates/ipasn/staff/report.html).
_ENTRY_COLUMNS = (
    "nip",
    "name",
    "missing",
    "qualification_score",
    "competence_score",
    "performance_score",
    "discipline_score",
    "index",
    "category",
)


def _recap_summary(report: Report, page_number) -> dict:
    entries = report.entries.all()
    totals = entries.aggregate(count=Count("pk"), incomplete=Count("pk", filter=~Q(missing=[])))
    counted = dict(entries.order_by().values_list("category").annotate(n=Count("pk")))
    total = totals["count"] or 1

    def share(n: int) -> str:
        return f"{100 * n / total:.1f}".replace(".", ",")

    distribution = [
        (label, counted.get(code, 0), share(counted.get(code, 0)))
        for code, label in IndexCategoryCode.choices
    ]
    if counted.get(""):
        distribution.append((_("Tanpa kategori"), counted[""], share(counted[""])))
    # The table's columns only (not the positions and trainings read from the recap), and the
    # category's label looked up once per page, not by get_category_display() per row (issue 19).
    shown = entries.order_by("row").only(*_ENTRY_COLUMNS)
    page = Paginator(shown, ENTRIES_PER_PAGE).get_page(page_number)
    page.object_list = list(page.object_list)
    labels_set(page.object_list, field="category", choices=IndexCategoryCode.choices)
    return {
        "count": totals["count"],
        "incomplete": totals["incomplete"],
        "distribution": distribution,
        "page": page,
    }


def _next_step(route, step):
    later = [entry.step for entry in route.steps if entry.step.order > step.order]
    return later[0] if later else None


def _page(request, report: Report, *, status: int = 200, refusal: str = "", **forms):
    """The report's page; `forms` are bound forms to show again (with their errors)."""
    user = request.user
    route = report_route(report)
    acts = workflow.acts_at_step(user, report)
    step = report.step
    kind = step.kind if acts else None
    following = _next_step(route, step) if step is not None else None
    action = ""
    if kind == StepKind.ROUTING:
        action = "forward" if following is not None else "sign"
    elif kind in (StepKind.PROCESSING, StepKind.EXTERNAL_UPLOAD, StepKind.REPORT):
        action = kind
    context = {
        "report": report,
        "route": route,
        "clock": _clock_view(route.clock),
        "pauses": route.pauses,
        "recap": _recap_summary(report, request.GET.get("pegawai")),
        "acts": acts,
        "action": action,
        "next_step": following,
        "refusal": refusal,
        "step_actor": step.get_actor_display() if step is not None else "",
        "own_unit": workflow.own_unit_reason(user, report)
        if report.state == ReportState.ROUTING
        else None,
        "forward_label": (
            _("%(action)s ke %(role)s")
            % {
                "action": workflow.ACTION_LABELS[StepKind.ROUTING],
                "role": following.get_actor_display(),
            }
            if following is not None
            else ""
        ),
        "forward_form": None,
        "process_form": None,
        "return_form": None,
        "upload_form": None,
        "sign_form": None,
        "laporan_error": "",
    }
    if action == "forward":
        context["forward_form"] = forms.get("forward_form") or ForwardForm(step=step)
    elif action == StepKind.PROCESSING:
        context["process_form"] = forms.get("process_form") or ProcessForm()
        context["return_form"] = forms.get("return_form") or ReturnForm()
    elif action == StepKind.EXTERNAL_UPLOAD:
        context["upload_form"] = forms.get("upload_form") or UploadForm()
    elif action == "sign":
        context["sign_form"] = forms.get("sign_form") or SignForm()
    context["laporan_error"] = forms.get("laporan_error", "")
    return render(request, "ipasn/staff/report.html", context, status=status)


@STAFF_ONLY
@require_safe
def report_page(request, public_id):
    return _page(request, _report_for(request, public_id))


def _refused(request, report, exc: Exception, **forms):
    """A refusal not tied to a field: the step is another role's (403) or the report moved on
    (400). Said above the actions, with the form kept."""
    status = 403 if isinstance(exc, CaseForbidden) else 400
    return _page(request, report, status=status, refusal=str(exc), **forms)


def _action(view):
    """A POST action on a report: staff only, the report found (404), a GET (a reload of a
    refused form) goes back to the report's page."""

    @STAFF_ONLY
    @require_http_methods(["GET", "HEAD", "POST"])
    @functools.wraps(view)
    def wrapper(request, public_id):
        report = _report_for(request, public_id)
        if request.method != "POST":
            return redirect(_detail_url(report))
        return view(request, report)

    return wrapper


def _form_act(request, report, *, form, name, act, success, error_field=None, anchor=""):
    """The official's act through `form` (in the page's context as `name`): `act(data)` runs
    the service on the valid form's data. Another role's step is the page's 403; any other
    refusal lands on the form (on `error_field(exc)`'s field, or the form's top) with a 400 and
    what was typed kept; done, the page says `success(report)`."""
    if not form.is_valid():
        return _page(request, report, status=400, **{name: form})
    try:
        report = act(form.cleaned_data)
    except FileRefused as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _page(request, report, status=400, **{name: form})
    except CaseForbidden as exc:
        return _refused(request, report, exc, **{name: form})
    except CaseError as exc:
        form.add_error(error_field(exc) if error_field else None, str(exc))
        return _page(request, report, status=400, **{name: form})
    messages.success(request, success(report))
    return redirect(_detail_url(report, anchor) if anchor else _detail_url(report))


@_action
def forward(request, report):
    return _form_act(
        request,
        report,
        form=ForwardForm(request.POST, step=report.step),
        name="forward_form",
        act=lambda data: report_services.report_forward(
            report=report, actor=request.user, note=data["note"]
        ),
        success=lambda report: (
            _("Laporan %(reference)s diteruskan ke %(role)s.")
            % {"reference": report.reference, "role": report.step.get_actor_display()}
        ),
    )


@_action
def process(request, report):
    return _form_act(
        request,
        report,
        form=ProcessForm(request.POST),
        name="process_form",
        act=lambda data: report_services.report_process(
            report=report, actor=request.user, note=data["note"]
        ),
        success=lambda report: (
            _("Dokumen dinyatakan sesuai dan diproses. Langkah berikutnya: %(step)s.")
            % {"step": report.step.name}
        ),
        anchor="tindakan",
    )


@_action
def return_(request, report):
    return _form_act(
        request,
        report,
        form=ReturnForm(request.POST),
        name="return_form",
        act=lambda data: report_services.report_return(
            report=report, actor=request.user, reasons=data["reasons"]
        ),
        success=lambda report: (
            _(
                "Laporan %(reference)s dikembalikan ke %(pd)s. Jangka waktu berhenti sampai "
                "laporan disampaikan kembali."
            )
            % {"reference": report.reference, "pd": report.institution.name}
        ),
        error_field=lambda exc: "reasons",
    )


@_action
def upload(request, report):
    return _form_act(
        request,
        report,
        form=UploadForm(request.POST, request.FILES),
        name="upload_form",
        act=lambda data: report_services.report_upload_record(
            report=report,
            actor=request.user,
            uploaded_on=data["uploaded_on"],
            proof=data["proof"],
            note=data["note"],
        ),
        success=lambda report: _("Unggahan ke aplikasi IP-ASN dicatat."),
        # The date's refusals name it ("Tanggal unggah ..."); anything else is the report's.
        error_field=lambda exc: "uploaded_on" if "tanggal" in str(exc).lower() else None,
        anchor="tindakan",
    )


@_action
def laporan_make(request, report):
    try:
        report = report_services.report_laporan_make(report=report, actor=request.user)
    except CaseForbidden as exc:
        return _refused(request, report, exc)
    except CaseError as exc:
        return _page(request, report, status=400, laporan_error=str(exc))
    messages.success(
        request,
        _("Laporan Data IP-ASN dibuat dan diteruskan ke %(role)s untuk ditandatangani.")
        % {"role": report.step.get_actor_display()},
    )
    return redirect(_detail_url(report))


@_action
def sign(request, report):
    return _form_act(
        request,
        report,
        form=SignForm(request.POST),
        name="sign_form",
        act=lambda data: report_services.report_laporan_sign(
            report=report, actor=request.user, note=data["note"]
        ),
        success=lambda report: (
            _(
                "Laporan Data IP-ASN %(pd)s ditandatangani dan dikirim ke Kepala BKPSDM; "
                "perangkat daerah menerimanya juga."
            )
            % {"pd": report.institution.name}
        ),
    )


# --- The agency's laporan per year -----------------------------------------------------------


def _agency_page(request, services, *, status=200, failed=None, error=""):
    years = (
        Report.objects.filter(service__in=services, state=ReportState.COMPLETED)
        .values("service", "year")
        .annotate(
            reports=Count("pk", distinct=True),
            employees=Count("entries", distinct=True),
        )
        .order_by("-year", "service")
    )
    by_id = {service.pk: service for service in services}
    rows = [
        {
            "service": by_id[row["service"]],
            "year": row["year"],
            "reports": row["reports"],
            "employees": row["employees"],
            "error": error if failed and failed == (row["service"], row["year"]) else "",
        }
        for row in years
    ]
    summaries = (
        AgencySummary.objects.filter(service__in=services)
        .select_related("service", "created_by")
        .order_by("-year", "-created_at")
    )
    return render(
        request,
        "ipasn/staff/agency.html",
        {
            "rows": rows,
            "summaries": summaries,
            "several_services": len(services) > 1,
            "error": error if failed is None else "",
        },
        status=status,
    )


@role_required(*AGENCY_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def agency(request):
    services = _services(request.user, *AGENCY_ROLES)
    if request.method != "POST":
        return _agency_page(request, services)
    form = AgencySummaryForm(request.POST)
    if not form.is_valid():
        return _agency_page(
            request, services, status=400, error=_("Pilih tahun laporan badan yang akan dibuat.")
        )
    service = next((s for s in services if s.pk == form.cleaned_data["service"]), None)
    if service is None:
        raise Http404
    year = form.cleaned_data["year"]
    # Written by the laporan part; imported here so the pages load without it.
    from ipasn.services.agency import agency_summary_create

    try:
        summary = agency_summary_create(service=service, year=year, actor=request.user)
    except (CaseError, CaseForbidden) as exc:
        status = 403 if isinstance(exc, CaseForbidden) else 400
        return _agency_page(
            request, services, status=status, failed=(service.pk, year), error=str(exc)
        )
    messages.success(
        request,
        _("Laporan IP-ASN badan tahun %(year)d dibuat (%(n)d perangkat daerah).")
        % {"year": summary.year, "n": summary.report_count},
    )
    return redirect(reverse("ipasn_agency"))


def _stream(field_file, filename: str):
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    extension = field_file.name.rsplit(".", 1)[-1].lower()
    response = FileResponse(
        handle,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
        as_attachment=extension != "pdf",
        filename=f"{filename}.{extension}",
    )
    response["Cache-Control"] = "private, no-store"
    return file_response_secure(response)


@role_required(*AGENCY_ROLES)
@require_safe
def agency_file(request, public_id, kind):
    summary = AgencySummary.objects.select_related("service").filter(public_id=public_id).first()
    if summary is None or not any(
        holds_role_for_service(request.user, role, summary.service) for role in AGENCY_ROLES
    ):
        raise Http404
    if kind not in ("xlsx", "pdf"):
        raise Http404
    field_file = summary.xlsx if kind == "xlsx" else summary.pdf
    return _stream(field_file, f"laporan-ip-asn-badan-{summary.year}")
