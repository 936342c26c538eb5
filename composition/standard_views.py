"""The public service standard pages: the list of services and one service's standard, with
what the portal measured next to each promised time limit and the last semester's IKM."""

import copy

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from composition import standards
from composition.links import assessment_url, casework_url, ipasn_url
from portal.kept import kept
from portal.providers import (
    STANDARD_GENERATION_KEY,
    STANDARD_PAGE_KEY,
    STANDARDS_HTML_KEY,
    cached_html,
    page_service_set,
)
from survey.ikm import last_semester
from survey.selectors import survey_ikm


@require_safe
def service_standards(request):
    # The list is the same for every visitor: kept rendered per language until a provider or a
    # service changes (portal.providers).
    services_html = cached_html(
        STANDARDS_HTML_KEY.format(language=get_language()),
        lambda: render_to_string(
            "portal/standards/list_services.html",
            {"services": standards.service_standard_list()},
            request=request,
        ),
    )
    return render(request, "portal/standards/list.html", {"services_html": services_html})


@require_safe
def service_standard(request, slug):
    """One service's standard. The page's content is the same for every visitor of a language
    but for the signed-in visitor's buttons, and is kept as HTML with its service (no query when
    kept) per service, language, visitor and day: the measured period ends today. A provider's
    or a service's change, and one of a table the page shows (portal.apps), drops every kept
    page; what the portal measured (time taken, the IKM's answers) is kept at most
    PORTAL_STANDARD_MEASURED_SECONDS (5 minutes) behind: the page gives its figures over the
    last months, by the day."""
    today = timezone.localdate()
    key = STANDARD_PAGE_KEY.format(
        slug=slug,
        language=get_language(),
        visitor="member" if request.user.is_authenticated else "public",
        day=today.isoformat(),
    )

    def build() -> tuple:
        service = standards.service_standard_get(slug=slug)
        if service is None:
            return None  # not kept: any slug may be asked for
        page_service_set(request, service)
        content = render_to_string(
            "portal/standards/detail_content.html",
            _standard_context(service, today),
            request=request,
        )
        return _service_alone(service), content

    found = kept(
        key,
        build,
        generation_key=STANDARD_GENERATION_KEY,
        timeout=min(
            settings.PORTAL_PROVIDER_CACHE_SECONDS, settings.PORTAL_STANDARD_MEASURED_SECONDS
        ),
    )
    if found is None:
        raise Http404
    service, content = found
    if getattr(request, "portal_service", None) is None:  # read from the cache: not set by build
        page_service_set(request, service)
    return render(
        request,
        "portal/standards/detail.html",
        {"service": service, "content": mark_safe(content)},  # noqa: S308 -- rendered above
    )


def _service_alone(service):
    """The service's own row without what was read with it (requirements, steps, the provider
    and its hours...): what the page's header and footer need of it, small in the cache."""
    alone = copy.copy(service)
    alone._state = copy.copy(service._state)
    alone._state.fields_cache = {}
    alone._prefetched_objects_cache = {}
    return alone


def _standard_context(service, today) -> dict:
    semester = last_semester(today)
    requirements = service.requirements.all()
    hours = service.provider.hours.all()
    by_institution_assessment = standards.applies_by_institution_assessment(service)
    by_ipasn = standards.applies_by_ipasn(service)
    return {
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
        "completion_limit": standards.completion_limit_row(service, today, measure=not by_ipasn),
        "measurements": standards.stage_measurements(
            service=service, time_limits=service.time_limits.all(), today=today
        ),
        "measured_since": standards.measured_since(today),
        "measured_months": standards.MEASURED_MONTHS,
        "hours": standards.hours_rows(hours),
        "hours_mark": standards.rows_mark(hours),
        "semester": semester,
        "ikm": survey_ikm(service=service, semester=semester),
    }
