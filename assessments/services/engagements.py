"""The one way an engagement's state changes (assessments.workflow.TRANSITIONS holds the
table): in a transaction holding the engagement's row lock, the actor checked, the event
recorded. Other services call `engagement_transition` inside their own transaction."""

from django.db import transaction
from django.utils import timezone

from assessments.constants import CLOSED_STATES
from assessments.models import Engagement
from assessments.workflow import transition_refusal
from portal.events import event_record


def engagement_locked(engagement: Engagement) -> Engagement:
    """The engagement re-read under its row lock (call inside transaction.atomic)."""
    return (
        Engagement.objects.select_for_update(of=("self",))
        .select_related("service__provider", "institution")
        .get(pk=engagement.pk)
    )


def engagement_transition(
    *, engagement: Engagement, actor, to_state: str, note: str = ""
) -> Engagement:
    """Move the engagement to `to_state` (checked against the table and the actor; actor None
    is the portal itself). Returns the engagement, re-read and moved."""
    with transaction.atomic():
        engagement = engagement_locked(engagement)
        refusal = transition_refusal(engagement, actor, to_state)
        if refusal is not None:
            raise refusal
        from_state = engagement.state
        engagement.state = to_state
        fields = ["state"]
        if to_state in CLOSED_STATES:
            engagement.closed_at = timezone.now()
            fields.append("closed_at")
        engagement.save(update_fields=fields)
        event_record(
            subject=engagement,
            kind="state",
            actor=actor,
            from_state=from_state,
            to_state=to_state,
            note=note,
        )
    return engagement
