"""The engagement page: one address for both sides. The institution's operators and the
provider's staff on the service see it (anyone else 404, a guessed address tells nothing); each
part (request and agreement, participants and intake, payment and reports) shows what the
visitor may read and the forms of the acts they may take, from assessments.selectors.*."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from assessments import workflow
from assessments.models import Agreement, Engagement, Participant, PaymentProof
from assessments.selectors import cooperation, intake, settlement
from assessments.selectors.progress import engagement_progress
from portal.calendar import closures_preloaded_around
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
    # Every part reads the participants, the service's steps and the payment proofs: loaded
    # once here (fresh, even when a refused act renders the page again) instead of per part.
    prefetch_related_objects(
        [engagement],
        Prefetch("participants", queryset=Participant.objects.select_related("session")),
        "service__steps",
    )
    invoice = getattr(engagement, "invoice", None)
    if invoice is not None:
        prefetch_related_objects(
            [invoice],
            Prefetch("proofs", queryset=PaymentProof.objects.select_related("uploaded_by")),
        )
    is_staff = workflow.staff_may_see(user, engagement)
    events = list(event_list(subject=engagement).order_by("-created_at", "-pk"))
    if not is_staff:
        events = [event for event in events if event_candidate_sees(event)]
    with closures_preloaded_around(*_clock_anchors(engagement)):
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


def _clock_anchors(engagement) -> list:
    """The days the page's clocks start from: the SPK's signing deadline counts back from the
    assessment, the reports' and the payment's limits count on from the engagement's dates."""
    anchors = [timezone.localdate(), timezone.localtime(engagement.created_at).date()]
    try:
        agreement = engagement.agreement
    except Agreement.DoesNotExist:
        agreement = None
    if agreement is not None:
        anchors += [agreement.starts_on, agreement.ends_on]
    if engagement.intake_held_on is not None:
        anchors.append(engagement.intake_held_on)
    return anchors


@login_required
@require_GET
def engagement_detail(request, public_id):
    engagement = engagement_for_page(public_id, request.user)
    return render(
        request, "assessments/engagement.html", engagement_page_context(engagement, request.user)
    )
