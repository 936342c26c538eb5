"""{% application_status_badge application %}: an application's status as a badge, written in
Python.

registration/application/status_badge.html renders through this tag, so the include and the tag
give the same bytes. The candidate's dashboard shows the badge on every visit: the include cost
a template, a context of its own and two chains of {% if %}s, and get_status_display() looks
its label up in the field's choices anew every time; here each status's label is kept per
language."""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

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

# (status, language) -> its label (get_status_display()); only the statuses of the choices.
_labels: dict[tuple[str, str | None], str] = {}


@receiver(setting_changed, dispatch_uid="registration_badge_labels_reset")
def _labels_reset(*, setting, **kwargs):
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "USE_I18N"}:
        _labels.clear()


def _label(application) -> str:
    status = application.status
    if status not in ApplicationStatus.values:
        return application.get_status_display()
    key = (status, translation.get_language())
    try:
        return _labels[key]
    except KeyError:
        label = _labels[key] = str(application.get_status_display())
        return label


@register.simple_tag(takes_context=True)
def application_status_badge(context, application):
    modifier, icon = _LOOK.get(application.status, _OTHER)
    label = _label(application)
    if context.autoescape:
        label = conditional_escape(label)
    drawn = icon_html(icon) if icon else ""
    return mark_safe(  # noqa: S308 -- constant markup; the label is escaped as {{ }} does
        f'<span class="badge{modifier}">{drawn}{label}</span>'
    )
