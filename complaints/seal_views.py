"""The complaint supervisor's seal report: every opening of an anonymous reporter's sealed
identity at the supervisor's providers, month by month (which complaint, who, when, why,
resealed when, who was told), and the month as CSV. Nothing here names a reporter."""

from datetime import date

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from complaints.constants import SealNotice, SealPurpose
from complaints.staff_selectors import seal_months, seal_openings_of_month
from portal.constants import Role
from portal.exports import table_response
from portal.roles import person_label, role_required


def _month(year: int, month: int) -> tuple[date, date]:
    """[first day, first day of the next month); 404 for a month that does not exist."""
    if not (1 <= month <= 12 and 2000 <= year <= 9999):
        raise Http404
    start = date(year, month, 1)
    end = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return start, end


def _month_asked(value: str) -> tuple[date, date]:
    """?bulan=2026-12; the current month when absent; 404 when malformed."""
    if not value:
        today = timezone.localdate()
        return _month(today.year, today.month)
    year, sep, month = value.partition("-")
    if not (sep and year.isdigit() and month.isdigit()):
        raise Http404
    return _month(int(year), int(month))


def _rows(openings) -> list[dict]:
    purposes = dict(SealPurpose.choices)
    notices = dict(SealNotice.choices)
    return [
        {
            "opening": opening,
            "complaint": opening.complaint,
            "opener": person_label(opening.opened_by),
            "purpose": purposes.get(opening.purpose, opening.purpose),
            "notified": notices.get(opening.notified, "-"),
            "nobody_told": opening.notified == SealNotice.NOBODY,
        }
        for opening in openings
    ]


@role_required(Role.COMPLAINT_SUPERVISOR)
@require_safe
def report(request):
    start, end = _month_asked(request.GET.get("bulan", ""))
    openings = seal_openings_of_month(supervisor=request.user, start=start, end=end)
    return render(
        request,
        "complaints/staff/seal_report.html",
        {
            "month": start,
            "rows": _rows(openings),
            "months": seal_months(supervisor=request.user),
        },
    )


@role_required(Role.COMPLAINT_SUPERVISOR)
@require_safe
def report_csv(request):
    start, end = _month_asked(request.GET.get("bulan", ""))
    openings = seal_openings_of_month(supervisor=request.user, start=start, end=end)
    headers = [
        _("Pengaduan"),
        _("Penyelenggara"),
        _("Dibuka oleh"),
        _("Dibuka"),
        _("Tujuan"),
        _("Alasan"),
        _("Disegel kembali"),
        _("Diberitahukan kepada"),
    ]
    rows = [
        [
            str(row["complaint"].public_id),
            row["complaint"].provider.name,
            row["opener"],
            row["opening"].opened_at,
            row["purpose"],
            row["opening"].reason,
            row["opening"].resealed_at,
            row["notified"],
        ]
        for row in _rows(openings)
    ]
    return table_response(
        fmt="csv", filename=f"segel-identitas-{start:%Y-%m}", headers=headers, rows=rows
    )
