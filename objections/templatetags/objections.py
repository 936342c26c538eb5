"""The candidate's objection card, which the dashboard (composition) includes: the window still
open for a decision, with its last day, or the objection made and its state."""

from django import template

from objections.selectors import candidate_objections

register = template.Library()


@register.inclusion_tag("objections/card.html")
def objection_cards(user):
    return {"entries": candidate_objections(user=user) if user.is_authenticated else []}


@register.inclusion_tag("objections/staff_card.html")
def objection_staff_card(user):
    """The staff home's card: the open objections the reader answers, and how many are past
    their due date (one query; nothing for a reader who answers none)."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from objections.constants import ObjectionState
    from objections.selectors import objection_queue
    from portal.constants import Role
    from portal.roles import user_roles

    if not user.is_authenticated or not user_roles(user) & {Role.VERIFIER, Role.ASSESSOR}:
        return {"counts": None}
    counts = objection_queue(user=user, state=ObjectionState.OPEN).aggregate(
        open=Count("pk"), late=Count("pk", filter=Q(due_date__lt=timezone.localdate()))
    )
    return {"counts": counts}
