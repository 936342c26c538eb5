"""The public service standard pages: the list of services and one service's standard, with
what the portal measured next to each promised time limit and the last semester's IKM."""

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from composition import standards
from composition.links import assessment_url, casework_url, ipasn_url
from portal.providers import STANDARDS_HTML_KEY, page_service_set
from survey.ikm import last_semester
from survey.selectors import survey_ikm


@require_safe
def service_standards(request):
    # The list is the same for every visitor: kept rendered per language until a provider or a
    # service changes (portal.providers).
    key = STANDARDS_HTML_KEY.format(language=get_language())
    services_html = cache.get(key)
    if services_html is None:
        services_html = render_to_string(
            "portal/standards/list_services.html",
            {"services": standards.service_standard_list()},
            request=request,
        )
        cache.set(key, services_html, settings.PORTAL_PROVIDER_CACHE_SECONDS)
    return render(request, "portal/standards/list.html", {"services_html": services_html})


@require_safe
def service_standard(request, slug):
    service = standards.service_standard_get(slug=slug)
    if service is None:
        raise Http404
    page_service_set(request, service)
    today = timezone.localdate()
    semester = last_semester(today)
    requirements = service.requirements.all()
    hours = service.provider.hours.all()
    by_institution_assessment = standards.applies_by_institution_assessment(service)
    by_ipasn = standards.applies_by_ipasn(service)
    return render(
        request,
        "portal/standards/detail.html",
        {
            "service": service,
            "applies_online": standards.applies_online(service),
            "applies_by_casework": standards.applies_by_casework(service),
            "proposals_url": casework_url("casework_proposals"),
            "applies_by_institution_assessment": by_institution_assessment,
            "institution_register_url": assessment_url("assessments_institution_register"),
            "institution_home_url": assessment_url("assessments_institution_home"),
            # Seed 004's report limits with what the portal measured (none elsewhere).
            "report_limits": (
                standards.report_limit_rows(service, today) if by_institution_assessment else []
            ),
            # Seed 003's reports: the Perangkat Daerah's page, and the open service time the
            # completed reports took (its clock is in service hours, not working days).
            "applies_by_ipasn": by_ipasn,
            "ipasn_home_url": ipasn_url("ipasn_home"),
            "ipasn_measurement": standards.ipasn_measurement(service, today) if by_ipasn else None,
            "requirements": standards.requirement_rows(requirements),
            "requirements_mark": standards.rows_mark(requirements),
            "marks": standards.standard_marks(service),
            "staff_number": standards.staff_number_text(service),
            "steps": standards.step_rows(service),
            "steps_mark": standards.rows_mark(service.steps.all()),
            "completion_limit": standards.completion_limit_row(
                service, today, measure=not by_ipasn
            ),
            "measurements": standards.stage_measurements(
                service=service, time_limits=service.time_limits.all(), today=today
            ),
            "measured_since": standards.measured_since(today),
            "measured_months": standards.MEASURED_MONTHS,
            "hours": standards.hours_rows(hours),
            "hours_mark": standards.rows_mark(hours),
            "semester": semester,
            "ikm": survey_ikm(service=service, semester=semester),
        },
    )
