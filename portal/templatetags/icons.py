"""{% icon "check" %}: the portal's decorative inline icons, written here once.

includes/icon.html renders through this tag too, so `{% include "includes/icon.html" with
name="check" %}` and `{% icon "check" %}` give the same bytes, the line break the include's file
ends with included (it is the space between an icon and the text beside it). The tag costs a
fraction of the include (no template, no context of its own, no chain of {% elif %}): a dashboard
shows about ten icons. With constant arguments, the tag's output is built when the template is
compiled."""

from django import template
from django.template.base import FilterExpression
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The drawing of each icon (16 by 16). An unknown name draws an empty icon, as the include did.
PATHS = {
    "check": '<path d="M6.2 11.6 2.6 8l-1.2 1.2 4.8 4.8L15 5.2 13.8 4z"/>',
    "check-circle": (
        '<path d="M8 0a8 8 0 1 0 0 16A8 8 0 0 0 8 0zm-1.2 11.7L3.4 8.3l1.2-1.2 2.2 2.2 4.6-4.6 '
        '1.2 1.2z"/>'
    ),
    "warning": (
        '<path d="M8.9 1.5a1 1 0 0 0-1.8 0L.2 13.5A1 1 0 0 0 1.1 15h13.8a1 1 0 0 0 .9-1.5zM9 '
        '13H7v-2h2zm0-3H7V5.5h2z"/>'
    ),
    "error": '<path d="M8 0a8 8 0 1 0 0 16A8 8 0 0 0 8 0zm1 12H7v-2h2zm0-3.5H7V4h2z"/>',
    "info": '<path d="M8 0a8 8 0 1 0 0 16A8 8 0 0 0 8 0zm1 12H7V7h2zm0-6.5H7v-2h2z"/>',
    "clock": (
        '<path d="M8 0a8 8 0 1 0 0 16A8 8 0 0 0 8 0zm0 14.2A6.2 6.2 0 1 1 8 1.8a6.2 6.2 0 0 1 0 '
        '12.4zM8.9 3.8H7.1v4.6l3.7 2.3.9-1.5-2.8-1.7z"/>'
    ),
    "arrow": '<path d="M8.6 2.3 7.4 3.5l3.7 3.7H1v1.6h10.1l-3.7 3.7 1.2 1.2L14.3 8z"/>',
    "lock": (
        '<path d="M12 7V5a4 4 0 0 0-8 0v2H3v9h10V7zM6 5a2 2 0 1 1 4 0v2H6zm3 7.7V14H7v-1.3a1.5 '
        '1.5 0 1 1 2 0z"/>'
    ),
    "user": '<circle cx="8" cy="5" r="3"/><path d="M2 15c0-3.3 2.7-5.5 6-5.5s6 2.2 6 5.5z"/>',
    "doc": '<path d="M3 0h7l4 4v12H3zm6 1.5V5h3.5zM5 8v1.5h6V8zm0 3v1.5h6V11z"/>',
    "mail": '<path d="M0 3h16v10H0zm1.7 1.5L8 8.9l6.3-4.4zM1.5 5.9v5.6h13V5.9L8 10.7z"/>',
}


def icon_html(name, css_class="") -> SafeString:
    """The icon's <svg>, then a line break (as includes/icon.html always ended)."""
    extra = f" {conditional_escape(css_class)}" if css_class else ""
    return mark_safe(  # noqa: S308 -- constant markup; the class is escaped above
        f'<svg class="icon{extra}" aria-hidden="true" focusable="false" viewBox="0 0 16 16">'
        f"{PATHS.get(name, '')}</svg>\n"
    )


class IconNode(template.Node):
    def __init__(self, name: FilterExpression, css_class: FilterExpression | None):
        self.name, self.css_class = name, css_class
        self.constant = None
        if _literal(name) and (css_class is None or _literal(css_class)):
            self.constant = icon_html(
                name.resolve({}), css_class.resolve({}) if css_class is not None else ""
            )

    def render(self, context):
        if self.constant is not None:
            return self.constant
        css_class = self.css_class.resolve(context) if self.css_class is not None else ""
        return icon_html(self.name.resolve(context), css_class)


def _literal(expression: FilterExpression) -> bool:
    return not expression.is_var and not expression.filters


@register.tag
def icon(parser, token):
    """{% icon name %} or {% icon name css_class %}: name and class are strings or variables."""
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError(f"{bits[0]} takes a name and an optional class")
    name = parser.compile_filter(bits[1])
    css_class = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    return IconNode(name, css_class)
