"""What the queue tables' cells written in Python share (verification.queue_cells and the
other lists' cells, casework.due_cells): the few template expressions each of them writes,
with the bytes Django's template engine gives them."""

from django.template.defaultfilters import date as date_filter
from django.utils.html import conditional_escape
from django.utils.timezone import template_localtime


def text(value) -> str:
    """{{ value }}."""
    return conditional_escape(value)


def time_html(value, datetime_format: str = "c") -> str:
    """<time datetime="{{ value|date:datetime_format }}">{{ value|date:"j M Y" }}</time>"""
    local = template_localtime(value)  # what the template gives a date filter
    machine, shown = date_filter(local, datetime_format), date_filter(local, "j M Y")
    return f'<time datetime="{text(machine)}">{text(shown)}</time>'
