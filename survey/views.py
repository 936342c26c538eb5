"""The satisfaction survey's pages: the public form per service, the candidate's form after their
service ended, the reporter's form after their complaint ended, and the IKM for staff."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from complaints.selectors import complaint_by_tracking_code
from portal.constants import Role
from portal.exports import FORMATS, table_response
from portal.models import Service
from portal.providers import page_service_set
from portal.ratelimit import rate_limited
from portal.roles import role_provider_ids, role_required
from survey import ikm, selectors
from survey.constants import IkmMethod
from survey.exceptions import SurveyAlreadyAnswered, SurveyError
from survey.forms import SurveyForm, SurveyResultsFilter
from survey.services import survey_submit

FORM_TEMPLATE = "survey/form.html"
UNAVAILABLE_TEMPLATE = "survey/unavailable.html"


def _thanks(service: Service):
    return redirect(f"{reverse('survey_thanks')}?{urlencode({'layanan': service.slug})}")


def _submit(form: SurveyForm, **about) -> SurveyError | None:
    """Record a valid form: None when done, else why it was refused."""
    try:
        survey_submit(answers=form.answers(), **form.respondent(), **about)
    except SurveyError as exc:
        return exc
    return None


@require_http_methods(["GET", "HEAD", "POST"])
@rate_limited("survey_submit", when=lambda request: request.method == "POST")
def survey_public(request, slug):
    service = selectors.survey_service(slug=slug)
    if service is None:
        raise Http404
    page_service_set(request, service)
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        refused = _submit(form, service=service)
        if refused is None:
            return _thanks(service)
        form.add_error(None, refused.message)
    return render(request, FORM_TEMPLATE, {"form": form, "service": service, "about": "public"})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def survey_application(request):
    finished = selectors.applications_finished(user=request.user)
    application = next((item for item in finished if not item.answered), None)
    if application is None:
        reason = "answered" if finished else "unfinished"
        return render(request, UNAVAILABLE_TEMPLATE, {"reason": reason})
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        refused = _submit(form, application=application, respondent=request.user)
        if refused is None:
            return _thanks(application.service)
        if isinstance(refused, SurveyAlreadyAnswered):  # answered in another tab
            return render(request, UNAVAILABLE_TEMPLATE, {"reason": "answered"})
        form.add_error(None, refused.message)
    return render(
        request,
        FORM_TEMPLATE,
        {
            "form": form,
            "service": application.service,
            "application": application,
            "about": "application",
        },
    )


# Every request looks a tracking code up, so every request counts against the lookup limit.
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limited("complaint_track", when=lambda request: True)
def survey_complaint(request, code):
    complaint = complaint_by_tracking_code(code)
    if complaint is None:
        return render(request, "complaints/public/not_found.html", status=404)
    state = selectors.complaint_survey_state(complaint)
    if state != "ready":
        return render(
            request,
            UNAVAILABLE_TEMPLATE,
            {"reason": "complaint_open" if state == "open" else "answered", "complaint": complaint},
        )
    service = selectors.complaint_survey_service(complaint)
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        refused = _submit(form, complaint=complaint)
        if refused is None:
            return _thanks(service)
        if isinstance(refused, SurveyAlreadyAnswered):
            return render(
                request, UNAVAILABLE_TEMPLATE, {"reason": "answered", "complaint": complaint}
            )
        form.add_error(None, refused.message)
    return render(
        request,
        FORM_TEMPLATE,
        {"form": form, "service": service, "complaint": complaint, "about": "complaint"},
    )


@require_safe
def survey_thanks(request):
    service = selectors.survey_service(slug=request.GET.get("layanan") or "")
    return render(request, "survey/thanks.html", {"service": service})


def _element_headers() -> list[str]:
    """The element headers, "U1 Persyaratan" to "U9 Sarana dan prasarana", in the request's
    language."""
    return [
        f"U{number} {capfirst(ikm.element_label(code))}"
        for number, code in enumerate(ikm.ELEMENTS, start=1)
    ]


# Who reads the IKM, each of the services of the providers where they hold one of these roles.
IKM_READERS = (Role.ADMINISTRATOR, Role.COMPLAINT_HANDLER)


def _filtered_results(request):
    provider_ids = role_provider_ids(request.user, *IKM_READERS)
    form = SurveyResultsFilter(request.GET or None, provider_ids=provider_ids)
    service = form.cleaned_data["layanan"] if form.is_valid() else None
    return form, selectors.survey_results(service=service, provider_ids=provider_ids)


@role_required(*IKM_READERS)
@require_safe
def survey_results(request):
    form, results = _filtered_results(request)
    return render(
        request,
        "survey/results.html",
        {
            "form": form,
            "results": results,
            "elements": _element_headers(),
            "methods": IkmMethod.labels,
            "query": request.GET.urlencode(),
        },
    )


@role_required(*IKM_READERS)
@require_safe
def survey_results_export(request, fmt):
    if fmt not in FORMATS:
        raise Http404
    _form, results = _filtered_results(request)
    # Both IKM figures, each with its grade, and which one the provider publishes.
    figure_headers = []
    for method in IkmMethod:
        figure_headers += [
            _("IKM (%(method)s)") % {"method": method.label},
            _("Mutu pelayanan (%(method)s)") % {"method": method.label},
            _("Kinerja unit pelayanan (%(method)s)") % {"method": method.label},
        ]
    headers = [
        _("Layanan"),
        _("Semester"),
        _("Responden"),
        _("Sampel minimum"),
        _("Keterwakilan sampel"),
        *(_("%(element)s (NRR)") % {"element": label} for label in _element_headers()),
        *(_("%(element)s (nilai)") % {"element": label} for label in _element_headers()),
        *figure_headers,
        _("IKM resmi"),
    ]
    rows = []
    for result in results:
        report = result.ikm
        figures = []
        for figure in report.figures:
            figures += [figure.value, figure.grade.letter, str(figure.grade.label)]
        rows.append(
            [
                result.service_name,
                str(result.semester.label),
                report.respondents,
                report.minimum_sample,
                _("Representatif") if report.representative else _("Belum representatif"),
                *(element.nrr for element in report.elements),
                *(element.score for element in report.elements),
                *figures,
                str(report.official.method_label),
            ]
        )
    return table_response(
        fmt=fmt, filename="ikm-survei-kepuasan", headers=headers, rows=rows, title=_("IKM")
    )
