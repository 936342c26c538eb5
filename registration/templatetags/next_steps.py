from django import template

from registration.next_steps import next_step as next_step_text

register = template.Library()


@register.simple_tag
def next_step(application, status=None) -> str:
    """{% next_step application %}: what the candidate does next (registration.next_steps), the
    same sentence on the dashboard and in the e-mails."""
    return next_step_text(application, status=status)
