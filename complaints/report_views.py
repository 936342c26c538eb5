"""The complaint report: the team's page with its downloads (XLSX, CSV, PDF), and the public
"Laporan Pengaduan" with its PDF. Both show complaints.reports.Report and nothing else: figures,
never a complaint. (The period forms live here: they serve these two pages only.)"""

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from complaints.reports import (
    PUBLIC_REPORT_GENERATION_KEY,
    Period,
    Report,
    complaint_first_year,
    complaint_latest_period,
    complaint_report,
    last_full_month,
    public_periods,
    staff_presets,
)
from portal.constants import Role
from portal.downloads import file_response_secure
from portal.exports import FORMATS, table_response
from portal.kept import kept
from portal.models import Provider, Service
from portal.providers import page_provider_set, provider_list
from portal.roles import provider_scope, role_required

# Who reads the team's report, each over the providers where they hold one of these roles.
REPORT_READERS = (Role.COMPLAINT_HANDLER, Role.ADMINISTRATOR)

PDF = "pdf"
DOWNLOADS = (*FORMATS, PDF)

# The public PDF is rendered at most this often per period and language: WeasyPrint costs far
# more than the page, and the figures of a past period do not change.
PUBLIC_PDF_SECONDS = 10 * 60
# The public page's figures (and the periods it offers) are kept per period, provider and
# language while no complaint is saved or deleted (complaints.apps drops their generation, now
# and at the commit), and at most this long: a service's or provider's new name shows within it.
PUBLIC_REPORT_SECONDS = 5 * 60


class StaffReportForm(forms.Form):
    dari = forms.DateField(
        label=gettext_lazy("Dari tanggal"),
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Tulis tanggal dengan format TTTT-BB-HH.")},
    )
    sampai = forms.DateField(
        label=gettext_lazy("Sampai tanggal"),
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Tulis tanggal dengan format TTTT-BB-HH.")},
    )
    layanan = forms.ModelChoiceField(
        label=gettext_lazy("Layanan"),
        queryset=Service.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("Semua layanan"),
    )
    penyelenggara = forms.ModelChoiceField(
        label=gettext_lazy("Penyelenggara"),
        queryset=provider_list(),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("Semua penyelenggara Anda"),
        error_messages={"invalid_choice": gettext_lazy("Pilih penyelenggara dari daftar.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the reader's own providers and their services: their complaints, no other.
        self.fields["layanan"].queryset = self.fields["layanan"].queryset.filter(
            provider_scope(user, *REPORT_READERS, path="provider")
        )
        self.fields["penyelenggara"].queryset = self.fields["penyelenggara"].queryset.filter(
            provider_scope(user, *REPORT_READERS, path="pk")
        )

    def providers(self) -> list[Provider]:
        """The providers the report covers: the one chosen, else all of the reader's."""
        chosen = self.cleaned_data.get("penyelenggara")
        return [chosen] if chosen is not None else list(self.fields["penyelenggara"].queryset)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("dari") and data.get("sampai") and data["sampai"] < data["dari"]:
            self.add_error("sampai", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data


class PublicPeriodForm(forms.Form):
    periode = forms.ChoiceField(
        label=gettext_lazy("Periode"),
        error_messages={"invalid_choice": gettext_lazy("Pilih periode dari daftar.")},
    )
    penyelenggara = forms.ModelChoiceField(
        label=gettext_lazy("Penyelenggara"),
        queryset=provider_list(),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("Semua penyelenggara"),
        error_messages={"invalid_choice": gettext_lazy("Pilih penyelenggara dari daftar.")},
    )

    def __init__(self, *args, periods: dict[str, list[Period]], **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = {period.key: period for group in periods.values() for period in group}
        self.fields["periode"].choices = [
            (group, [(period.key, period.label) for period in members])
            for group, members in periods.items()
        ]

    def clean_periode(self) -> Period:
        return self.periods[self.cleaned_data["periode"]]


def _staff_form(request) -> StaffReportForm:
    """The period asked for; this month when nothing was asked."""
    if request.GET:
        return StaffReportForm(request.GET, user=request.user)
    this_month = staff_presets(timezone.localdate())[0][1]
    return StaffReportForm({"dari": this_month.start, "sampai": this_month.end}, user=request.user)


def _staff_report(form: StaffReportForm) -> Report:
    """Over the reader's providers only (one of them when chosen, or when they have one)."""
    data = form.cleaned_data
    providers = form.providers()
    return complaint_report(
        start=data["dari"],
        end=data["sampai"],
        service=data["layanan"],
        provider=providers[0] if len(providers) == 1 else None,
        provider_ids=[provider.pk for provider in providers],
    )


def _query(report: Report) -> str:
    """The query string of a report's period, service and provider, for the download links."""
    params = {"dari": report.start.isoformat(), "sampai": report.end.isoformat()}
    if report.service:
        params["layanan"] = report.service.slug
    if report.provider:
        params["penyelenggara"] = report.provider.slug
    return urlencode(params)


def _pdf(report: Report, *, title: str, public: bool) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(
        "complaints/reports/report_pdf.html",
        {
            "report": report,
            "title": title,
            "public": public,
            "generated_at": timezone.localtime(),
        },
    )
    # The template fetches nothing: no stylesheet, image or font from the network or the disk.
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return file_response_secure(response)


def _render_staff(request, form: StaffReportForm, report: Report | None, *, status: int = 200):
    return render(
        request,
        "complaints/reports/staff.html",
        {
            "form": form,
            "report": report,
            "presets": [
                (name, urlencode({"dari": period.start, "sampai": period.end}))
                for name, period in staff_presets(timezone.localdate())
            ],
            "query": _query(report) if report else "",
            "downloads": DOWNLOADS,
        },
        status=status,
    )


@role_required(*REPORT_READERS)
@require_safe
def complaint_report_staff(request):
    form = _staff_form(request)
    if not form.is_valid():
        return _render_staff(request, form, None, status=400)
    return _render_staff(request, form, _staff_report(form))


@role_required(*REPORT_READERS)
@require_safe
def complaint_report_staff_download(request, fmt):
    if fmt not in DOWNLOADS:
        raise Http404
    form = _staff_form(request)
    if not form.is_valid():
        return _render_staff(request, form, None, status=400)
    report = _staff_report(form)
    filename = f"laporan-pengaduan-{report.start:%Y-%m-%d}-{report.end:%Y-%m-%d}"
    if report.service:
        filename += f"-{report.service.slug}"
    if fmt == PDF:
        return _pdf_response(_pdf(report, title=_("Laporan Pengaduan"), public=False), filename)
    return table_response(
        fmt=fmt,
        filename=filename,
        headers=[_("Kategori"), _("Nilai"), _("Jumlah")],
        rows=report.table_rows(),
        title=_("Laporan pengaduan"),
    )


def _public_form(request) -> PublicPeriodForm:
    """The period asked for; when nothing was asked, the month of the latest complaint (the
    last full month when there is none), so the page opens on figures. Every period from the
    first complaint's year stays selectable, those without complaints too."""
    today = timezone.localdate()

    def build() -> tuple[Period, int]:
        default = complaint_latest_period(today=today) or last_full_month(today)
        return default, min(complaint_first_year() or today.year, default.start.year)

    default, first_year = _public_kept(f"complaints:public-report-periods:{today}", build)
    periods = public_periods(today=today, first_year=first_year)
    data = request.GET if "periode" in request.GET else {"periode": default.key}
    return PublicPeriodForm(data, periods=periods)


def _public_kept(key: str, build):
    return kept(
        key,
        build,
        generation_key=PUBLIC_REPORT_GENERATION_KEY,
        timeout=min(PUBLIC_REPORT_SECONDS, settings.PORTAL_PROVIDER_CACHE_SECONDS),
    )


def _public_report(period: Period, provider: Provider | None) -> Report:
    language = translation.get_language() or settings.LANGUAGE_CODE
    about = provider.slug if provider is not None else ""
    return _public_kept(
        f"complaints:public-report:{period.key}:{about}:{language}",
        lambda: complaint_report(
            start=period.start, end=period.end, provider=provider, public=True
        ),
    )


@require_safe
def complaint_report_public(request):
    form = _public_form(request)
    if not form.is_valid():
        context = {"form": form, "report": None}
        return render(request, "complaints/reports/public.html", context, status=400)
    period = form.cleaned_data["periode"]
    provider = form.cleaned_data["penyelenggara"]
    if provider is not None:
        page_provider_set(request, provider)  # its address and channels in the footer
    return render(
        request,
        "complaints/reports/public.html",
        {
            "form": form,
            "period": period,
            "provider": provider,
            "report": _public_report(period, provider),
            "in_progress": period.end >= timezone.localdate(),
        },
    )


@require_safe
def complaint_report_public_pdf(request):
    form = _public_form(request)
    if not form.is_valid():
        context = {"form": form, "report": None}
        return render(request, "complaints/reports/public.html", context, status=400)
    period = form.cleaned_data["periode"]
    provider = form.cleaned_data["penyelenggara"]
    language = translation.get_language() or settings.LANGUAGE_CODE
    about = provider.slug if provider is not None else ""
    key = f"complaint-report-pdf:{period.key}:{about}:{language}"
    content = cache.get(key)
    if content is None:
        title = _("Laporan Pengaduan %(period)s") % {"period": period.label}
        content = _pdf(_public_report(period, provider), title=title, public=True)
        cache.set(key, content, PUBLIC_PDF_SECONDS)
    filename = f"laporan-pengaduan-{period.key}" + (f"-{about}" if about else "")
    return _pdf_response(content, filename)
