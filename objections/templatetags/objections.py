"""The candidate's objection card, which the dashboard (composition) includes: the window still
open for a decision, with its last day, or the objection made and its state."""

from django import template

from objections.selectors import candidate_objections

register = template.Library()


@register.inclusion_tag("objections/card.html")
def objection_cards(user):
    return {"entries": candidate_objections(user=user) if user.is_authenticated else []}
