"""{% session_offers sessions action %}: the candidate's exam schedule's session cards
(scheduling.offer_cards), with the page's CSRF token from the template's context."""

from django import template

from scheduling.offer_cards import OfferCards

register = template.Library()


@register.simple_tag(takes_context=True)
def session_offers(context, sessions, action):
    cards = OfferCards(action=action, csrf_token=context.get("csrf_token"), context=context)
    return cards.html(sessions)
