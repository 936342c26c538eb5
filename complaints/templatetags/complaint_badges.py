"""{% complaint_status_badge complaint %}: a complaint's status as a badge, written in Python.

complaints/public/status_badge.html renders through this tag, so the include and the tag give
the same bytes (the line break the include's file ended with included). The candidate's
dashboard lists up to five complaints, each with a badge: the include cost a template, a
context of its own and a chain of {% if %}s each, and get_status_display() looks its label up
in the field's choices anew every time; here each status's label is kept per language."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from complaints.constants import ComplaintStatus
from portal.choices import KeptLabels
from portal.templatetags.icons import icon_html

register = template.Library()

# status -> (the badge's modifier class, its icon). Colour follows the meaning; the text always
# says it.
_LOOK = {
    ComplaintStatus.ANSWERED: (" badge--success", "check"),
    ComplaintStatus.CLOSED: (" badge--success", "check"),
    ComplaintStatus.FORWARDED: (" badge--warning", "arrow"),
    ComplaintStatus.DUPLICATE: (" badge--warning", "arrow"),
    ComplaintStatus.REJECTED: (" badge--danger", "error"),
}
_OTHER = (" badge--info", "clock")

_LABELS = KeptLabels(ComplaintStatus)  # get_status_display(), kept per language


@register.simple_tag(takes_context=True)
def complaint_status_badge(context, complaint):
    modifier, icon = _LOOK.get(complaint.status, _OTHER)
    label = _LABELS.label(complaint.status)
    if context.autoescape:
        label = conditional_escape(label)
    return mark_safe(  # noqa: S308 -- constant markup; the label is escaped as {{ }} does
        f'<span class="badge{modifier}">{icon_html(icon)}{label}</span>\n'
    )
