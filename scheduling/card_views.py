"""The exam card: the candidate's download (their own seat only; the URL carries no id) and the
public check page its QR code opens (scheduling.exam_card says what the token is and what the
answer may tell)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from portal.catalogue import service_get_by_flow
from portal.constants import OnlineFlow
from portal.downloads import file_response_secure
from portal.models import Service
from registration.access import candidate_required
from registration.constants import ApplicationStatus
from registration.selectors import application_current
from scheduling.exam_card import FILENAME, card_check, exam_card_pdf, exam_card_seat


@candidate_required
@require_safe
def exam_card_download(request):
    """The logged-in candidate's card while they hold a seat; 404 otherwise."""
    try:
        service = service_get_by_flow(flow=OnlineFlow.CANDIDATE_APPLICATION)
    except Service.DoesNotExist:
        raise Http404 from None
    application = application_current(candidate=request.user, service=service)
    if application is None or application.status != ApplicationStatus.SCHEDULED:
        raise Http404
    seat = exam_card_seat(application)
    if seat is None:
        raise Http404
    content = exam_card_pdf(application=seat.application, session=seat.session)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}"'
    response["Cache-Control"] = "private, no-store"
    return file_response_secure(response)


@require_safe
def exam_card_check(request, token: str):
    """Open to anyone holding the card's QR code: no login at the exam room's door."""
    check = card_check(token)
    response = render(
        request,
        "scheduling/card_check.html",
        {"check": check},
        status=404 if check.status == "unknown" else 200,
    )
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
