"""A template builtin (settings: TEMPLATES' "builtins") replacing Django's `date` filter with
portal.dates.date: the same text, written without the filter's per-call work for the formats
the templates use (portal.dates says which, and why)."""

from django import template

from portal import dates

register = template.Library()

register.filter("date", dates.date, expects_localtime=True, is_safe=False)
