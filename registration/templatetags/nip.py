"""{{ value|nip }}: a NIP grouped as printed on SK and ID cards."""

from django import template

from registration.nip import format_nip

register = template.Library()


@register.filter(name="nip")
def nip_filter(value: str | None) -> str:
    return format_nip(value) if value else ""
