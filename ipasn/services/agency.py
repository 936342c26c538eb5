"""The agency's Laporan Data IP-ASN for a year (seed 003's product for the whole of BKPSDM's
Perangkat Daerah): every completed report of that year, one row per Perangkat Daerah, the
agency's distribution by category, every employee and the incomplete recap data, as XLSX and a
signed PDF stored on an AgencySummary for the Kepala.

Guarantees: made only by the Kabid, the Kepala Badan or the Analis Kepegawaian of the service;
refused, with a message, for a year without a completed report; locking the year's completed
reports serialises two clicks, and a summary that already holds exactly the year's completed reports
is returned instead of made again (a second click makes no second one, a report completed
since makes a new one). A Perangkat Daerah that completed two reports for the year counts with
its latest."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.exceptions import CaseError, CaseForbidden
from casework.pdf import signer_name
from ipasn import documents
from ipasn.constants import ReportState
from ipasn.models import AgencySummary, Report
from portal.constants import Role
from portal.models import Service
from portal.roles import holds_role_for_service
from portal.signing import SigningKeyMissing

# Who makes (and signs) the agency's laporan, in the order their title is printed.
SUMMARY_ROLES = (Role.DIVISION_HEAD, Role.AGENCY_HEAD, Role.PERSONNEL_ANALYST)


def may_create_summary(user, service: Service) -> bool:
    """The Kabid, the Kepala Badan or the processing unit of the service (to show the form)."""
    return (
        user is not None
        and user.is_authenticated
        and user.is_active
        and any(holds_role_for_service(user, role, service) for role in SUMMARY_ROLES)
    )


def _latest_per_institution(reports: list[Report]) -> list[Report]:
    latest: dict[int, Report] = {}
    for report in reports:
        kept = latest.get(report.institution_id)
        if kept is None or (report.closed_at, report.pk) > (kept.closed_at, kept.pk):
            latest[report.institution_id] = report
    return sorted(latest.values(), key=lambda report: (report.institution.name, report.pk))


def agency_summary_create(*, service: Service, year: int, actor) -> AgencySummary:
    """The agency's laporan for `year` (XLSX and signed PDF), or the existing one when no
    report was completed since it was made."""
    if not may_create_summary(actor, service):
        raise CaseForbidden(
            _(
                "Laporan IP-ASN badan hanya dapat dibuat oleh Kepala Bidang, Kepala Badan atau "
                "Analis Kepegawaian."
            )
        )
    with transaction.atomic():
        # The year's completed reports, locked in one order: a second click waits here for the
        # first to commit, then finds its summary. (Not the service's row: that would hold up
        # every report's numbering while the PDF renders.)
        completed = list(
            Report.objects.select_for_update(of=("self",))
            .filter(service=service, year=year, state=ReportState.COMPLETED)
            .select_related("institution")
            .order_by("pk")
        )
        if not completed:
            raise CaseError(
                _(
                    "Belum ada Laporan IP-ASN perangkat daerah tahun %(year)d yang selesai: "
                    "laporan badan dibuat dari laporan yang sudah ditandatangani."
                )
                % {"year": year}
            )
        last_closed = max(report.closed_at for report in completed)
        existing = (
            AgencySummary.objects.filter(service=service, year=year, created_at__gte=last_closed)
            .exclude(pdf="")
            .order_by("-created_at")
            .first()
        )
        if existing is not None:
            return existing
        reports = _latest_per_institution(completed)
        laporan = documents.agency_laporan(service=service, year=year, reports=reports)
        laporan.signer_name = signer_name(actor)
        laporan.signer_title = documents.signer_title(
            provider=service.provider, actor=actor, roles=SUMMARY_ROLES, service=service
        )
        laporan.signed_on = timezone.localdate()
        from portal.signing import pdf_sign

        try:
            signed = pdf_sign(
                documents.laporan_pdf(laporan),
                reason=f"{documents.TITLE} {service.provider.name} {year}",
                name=laporan.signer_name or None,
            )
        except SigningKeyMissing as exc:
            raise CaseError(
                _(
                    "Kunci tanda tangan elektronik belum dipasang di portal, sehingga laporan "
                    "badan belum dapat dibuat. Hubungi administrator portal."
                )
            ) from exc
        summary = AgencySummary(
            service=service,
            year=year,
            report_count=len(reports),
            employee_count=laporan.total,
            created_by=actor,
        )
        name = f"laporan-data-ip-asn-badan-{year}-{summary.public_id}"
        summary.xlsx.save(f"{name}.xlsx", ContentFile(documents.laporan_xlsx(laporan)), save=False)
        summary.pdf.save(f"{name}.pdf", ContentFile(signed), save=False)
        summary.save()
    return summary
