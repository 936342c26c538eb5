"""The candidate's exam schedule's session cards, written in Python: the template they replaced
(kept as tests/scheduling/session_offers_reference.html) wrote a card per open session, with six
date filters, a translated sentence, an address and the CSRF field each; a verified candidate of
a busy service is offered over a hundred sessions, and the cards were some 60 % of the page's
CPU (issue 19). The HTML is what that template wrote, white space included:
tests/scheduling/test_offer_cards.py renders both for every state of a card, in both languages.

What is the same on every card is written once per page: the translated labels, the form's
address and the CSRF field."""

from django.template.base import render_value_in_context
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _

from portal.cells import (
    csrf_field,
    day_month_year_long,
    hour_minute,
    text,
    weekday_day_month_year,
)
from portal.choices import choice_labels
from scheduling.constants import SessionMode

MOVE = "move"  # the candidate holds a seat and moves it; otherwise a seat is taken


class OfferCards:
    """The cards of one schedule page; `html(sessions)` writes the list."""

    def __init__(self, *, action: str, csrf_token, context):
        self.context = context
        self.modes = {
            value: conditional_escape(label)
            for value, label in choice_labels(SessionMode.choices).items()
        }
        url = reverse("exam_seat_move" if action == MOVE else "exam_seat_take")
        self.form_open = (
            f'<form method="post" action="{conditional_escape(url)}">\n'
            f"          {csrf_field(csrf_token)}\n"
            '          <input type="hidden" name="session" value="'
        )
        self.choose = text(_("Pindah ke sesi ini") if action == MOVE else _("Pilih sesi ini"))
        # Translated outside the f-strings: makemessages does not read calls inside them.
        full = text(_("Penuh"))
        self.full_button = f'<button type="button" class="btn btn--small" disabled>{full}</button>'
        self.full_badge = f'<span class="badge badge--danger">{full}</span>'
        self.list_label = text(_("Sesi ujian yang dibuka"))
        self.labels = {
            "mode": text(_("Moda")),
            "venue": text(_("Tempat")),
            "seats": text(_("Sisa kursi")),
            "closes": text(_("Pemesanan ditutup")),
        }

    def html(self, sessions) -> SafeString:
        cards = "".join(self._card(session) for session in sessions)
        return mark_safe(  # noqa: S308 -- every value escaped in _card
            f'\n<ul class="session-cards" aria-label="{self.list_label}">\n  {cards}\n</ul>\n'
        )

    def _value(self, value) -> str:
        """{{ value }}: escaped and localised as the template writes it."""
        return render_value_in_context(value, self.context)

    def _card(self, session) -> str:
        pk = session.pk
        starts = template_localtime(session.starts_at)
        ends = template_localtime(session.ends_at)
        closes = template_localtime(session.booking_closes_at)
        day = weekday_day_month_year(starts)
        labels = self.labels
        mode = self.modes.get(session.mode) or conditional_escape(session.mode)
        if session.platform:
            mode += f" ({conditional_escape(session.platform)})"
        venue = ""
        if session.venue:
            venue = (
                f"<div><dt>{labels['venue']}</dt>"
                f"<dd>{linebreaksbr(session.venue, autoescape=True)}</dd></div>"
            )
        if session.seats_left > 0:
            seats = _("%(left)s dari %(capacity)s") % {
                "left": self._value(session.seats_left),
                "capacity": self._value(session.capacity),
            }
        else:
            seats = self.full_badge
        return (
            f'\n  <li class="session-card" aria-labelledby="sesi-{pk}">\n'
            f'    <h3 class="session-card__when" id="sesi-{pk}">'
            f'<time datetime="{starts.isoformat()}">{day}</time></h3>\n'
            f'    <p class="session-card__time">{hour_minute(starts)}\u2013{hour_minute(ends)}'
            " WIB</p>\n"
            '    <dl class="session-card__facts">\n'
            f"      <div><dt>{labels['mode']}</dt><dd>{mode}</dd></div>\n"
            f"      {venue}\n"
            f"      <div><dt>{labels['seats']}</dt><dd>{seats}</dd></div>\n"
            f"      <div><dt>{labels['closes']}</dt><dd>{day_month_year_long(closes)}, "
            f"{hour_minute(closes)} WIB</dd></div>\n"
            "    </dl>\n"
            '    <div class="session-card__action">\n      '
            f"{self._action(session, starts, day)}\n"
            "    </div>\n"
            "  </li>\n  "
        )

    def _action(self, session, starts, day: str) -> str:
        if not session.booking_started:
            opens = template_localtime(session.booking_opens_at)
            said = _("Dibuka %(opens)s WIB") % {
                "opens": f"{day_month_year_long(opens)}, {hour_minute(opens)}"
            }
            return f'\n        <span class="badge">{said}</span>\n      '
        if session.seats_left <= 0:
            return f"\n        {self.full_button}\n      "
        return (
            f'\n        {self.form_open}{session.pk}">\n'
            f'          <button type="submit" class="btn btn--small">{self.choose}'
            f'<span class="visually-hidden">: {day}, {hour_minute(starts)} WIB</span></button>\n'
            "        </form>\n      "
        )
