"""{% seat_rows %}: the committee's session page's seat table rows (scheduling.seat_rows), with
the page's CSRF token and address from the template's context."""

from django import template

from scheduling.seat_rows import SeatRows

register = template.Library()


@register.simple_tag(takes_context=True)
def seat_rows(context):
    rows = SeatRows(
        session=context["session"],
        path=context["request"].path,
        csrf_token=context.get("csrf_token"),
        can_change_seats=context["can_change_seats"],
        can_mark_attendance=context["can_mark_attendance"],
        move_targets=context["move_targets"],
        context=context,
    )
    return rows.html(context["seats"])
