"""{% application_status_badge application %}: an application's status as a badge, written in
Python.

registration/application/status_badge.html renders through this tag, so the include and the tag
give the same bytes. The candidate's dashboard shows the badge on every visit: the include cost
a template, a context of its own and two chains of {% if %}s, and get_status_display() looks
its label up in the field's choices anew every time; here each status's label is kept per
language."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from portal.choices import KeptLabels
from portal.templatetags.icons import icon_html
from registration.constants import ApplicationStatus

register = template.Library()

# status -> (the badge's modifier class, its icon or None). Colour follows the meaning; the text
# always says it. A draft has neither.
_LOOK = {
    ApplicationStatus.SUBMITTED: (" badge--info", "clock"),
    ApplicationStatus.IN_REVIEW: (" badge--info", "clock"),
    ApplicationStatus.SCHEDULED: (" badge--info", "clock"),
    ApplicationStatus.RETURNED: (" badge--warning", "warning"),
    ApplicationStatus.VERIFIED: (" badge--success", "check"),
    ApplicationStatus.PASSED: (" badge--success", "check"),
    ApplicationStatus.REJECTED: (" badge--danger", None),
    ApplicationStatus.FAILED: (" badge--danger", None),
}
_OTHER = ("", None)

_LABELS = KeptLabels(ApplicationStatus)  # get_status_display(), kept per language


@register.simple_tag(takes_context=True)
def application_status_badge(context, application):
    modifier, icon = _LOOK.get(application.status, _OTHER)
    label = _LABELS.label(application.status)
    if context.autoescape:
        label = conditional_escape(label)
    drawn = icon_html(icon) if icon else ""
    return mark_safe(  # noqa: S308 -- constant markup; the label is escaped as {{ }} does
        f'<span class="badge{modifier}">{drawn}{label}</span>'
    )
