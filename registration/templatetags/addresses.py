"""{{ value|masked_email }}: an address as pages show it to anyone but its owner."""

from django import template

from registration.addresses import address_mask

register = template.Library()


@register.filter(name="masked_email")
def masked_email(value: str | None) -> str:
    return address_mask(value or "")
