"""The engagement page: one address for both sides. The institution's operators and the
provider's staff on the service see it (anyone else 404, a guessed address tells nothing); each
part (request and agreement, participants and intake, payment and reports) shows what the
visitor may read and the forms of the acts they may take, from assessments.selectors.*."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments import workflow
from assessments.models import Engagement
from assessments.selectors import cooperation, intake, settlement
from assessments.selectors.progress import engagement_progress
from portal.events import event_candidate_sees, event_list, history_entries


def engagement_for_page(public_id, user) -> Engagement:
    """The engagement if `user` may see it; else 404."""
    engagement = (
        Engagement.objects.select_related(
            "service__provider", "institution", "requested_by", "agreement", "invoice"
        )
        .prefetch_related("service__steps")
        .filter(public_id=public_id)
        .first()
    )
    if engagement is None or not workflow.engagement_visible_to(user, engagement):
        raise Http404
    return engagement


def engagement_page_context(engagement, user) -> dict:
    """Everything the engagement page shows `user` (who may see it): the tracker, the history
    (the institution reads only the entries declared for it) and each part's section."""
    is_staff = workflow.staff_may_see(user, engagement)
    events = list(event_list(subject=engagement).order_by("-created_at", "-pk"))
    if not is_staff:
        events = [event for event in events if event_candidate_sees(event)]
    context = {
        "engagement": engagement,
        "is_operator": workflow.is_operator(user, engagement),
        "is_staff": is_staff,
        "progress": engagement_progress(engagement),
        "history": history_entries(events),
    }
    for part in (cooperation, intake, settlement):
        context.update(part.section(engagement, user))
    return context


@login_required
@require_GET
def engagement_detail(request, public_id):
    engagement = engagement_for_page(public_id, request.user)
    return render(
        request, "assessments/engagement.html", engagement_page_context(engagement, request.user)
    )
