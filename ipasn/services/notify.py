"""The mails of a report, sent after the commit of the act that causes them, through the
portal's outbox (stored first, retried until sent): the officials of the step the report
reached, the Perangkat Daerah when its report is returned, and both the Perangkat Daerah and
the Kepala BKPSDM when the laporan is signed."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from ipasn.models import Report
from portal.constants import Role
from portal.mail import operator_addresses, staff_addresses
from portal.models import ServiceStep


def report_url(report: Report, *, staff: bool) -> str:
    name = "ipasn_staff_report" if staff else "ipasn_report"
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse(name, args=[report.public_id])


def _send(kind: str, *, to: list[str], context: dict) -> None:
    recipients = sorted({address for address in to if address})
    if not recipients:
        return
    subject = render_to_string(f"ipasn/mail/{kind}_subject.txt", context).strip()
    body = render_to_string(f"ipasn/mail/{kind}_body.txt", context)
    EmailMessage(subject=" ".join(subject.split()), body=body, to=recipients).send()


def _report(report_id: int) -> Report:
    return Report.objects.select_related("service__provider", "institution").get(pk=report_id)


def step_reached(report_id: int, step_id: int) -> None:
    """The report waits at a step: tell the officials holding its role."""
    report = _report(report_id)
    step = ServiceStep.objects.get(pk=step_id)
    to = staff_addresses(report.service.provider_id, step.actor, service=report.service)
    _send(
        "step",
        to=to,
        context={"report": report, "step": step, "url": report_url(report, staff=True)},
    )


def returned(report_id: int) -> None:
    report = _report(report_id)
    pause = report.pauses.order_by("-started_at").first()
    _send(
        "returned",
        to=operator_addresses(report.institution),
        context={"report": report, "pause": pause, "url": report_url(report, staff=False)},
    )


def completed(report_id: int) -> None:
    report = _report(report_id)
    _send(
        "completed",
        to=operator_addresses(report.institution),
        context={"report": report, "url": report_url(report, staff=False)},
    )
    _send(
        "completed_head",
        to=staff_addresses(report.service.provider_id, Role.AGENCY_HEAD, service=report.service),
        context={"report": report, "url": report_url(report, staff=True)},
    )
