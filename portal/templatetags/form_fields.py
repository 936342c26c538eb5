"""`{% form_field field %}`: what `{% include "includes/field.html" %}` writes, byte for byte,
written in Python (issue 19). A page of a dozen fields spent about a third of its template time
in the include and its nested `includes/field_errors.html`: a context push, two template renders
and some twenty variable lookups per field. tests/portal/test_form_field_tag.py compares both
for every field of the portal's forms, bound and unbound, in both languages; change the two
templates and this module together.

    {% form_field form.name %}
    {% form_field form.phone label=_("Nomor WhatsApp") conditional=True %}

`label` and `conditional` are the include's `field_label` and `conditional`."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


def _errors(field, label: str) -> str:
    """includes/field_errors.html, with the newlines its include adds around it."""
    errors = field.errors
    if not errors:
        return "\n\n"
    generic = gettext("This field is required.")
    items = "".join(
        "<li>"
        + (
            gettext("%(label)s wajib diisi.") % {"label": label}
            if error == generic
            else conditional_escape(error)
        )
        + "</li>"
        for error in errors
    )
    return f'\n<ul class="errorlist" id="{conditional_escape(field.auto_id)}_error">{items}</ul>\n'


def _hint(field) -> str:
    if not field.help_text:
        return ""
    auto_id = conditional_escape(field.auto_id)
    return f'<div class="field__hint" id="{auto_id}_helptext">{field.help_text}</div>'


def _optional(field, conditional: bool) -> str:
    if field.field.required or conditional:
        return ""
    return f' <span class="field__optional">({gettext("opsional")})</span>'


def field_html(field, *, label=None, conditional: bool = False) -> SafeString:
    """includes/field.html for one bound field, with the newlines its include writes."""
    control = conditional_escape(field)
    if field.is_hidden:
        return mark_safe(f"\n{control}\n")  # noqa: S308 -- escaped above
    text = conditional_escape(label or field.label)
    error_class = " field--error" if field.errors else ""
    if field.widget_type == "checkbox":
        html = (
            f'\n<div class="field field--check{error_class}">\n'
            f"  {control}\n"
            '  <div class="field__body">\n'
            f'    <label class="field__label" for="{conditional_escape(field.id_for_label)}">'
            f"{text}</label>\n"
            f"    {_hint(field)}\n"
            f"    {_errors(field, text)}\n"
            "  </div>\n"
            "</div>\n"
        )
    elif field.use_fieldset:
        described = field.aria_describedby
        described = f' aria-describedby="{conditional_escape(described)}"' if described else ""
        html = (
            f'\n<fieldset class="field{error_class}"{described}>\n'
            f'  <legend class="field__label">{text}{_optional(field, conditional)}</legend>\n'
            f"  {_hint(field)}\n"
            f"  {_errors(field, text)}\n"
            f"  {control}\n"
            "</fieldset>\n"
        )
    else:
        html = (
            f'\n<div class="field{error_class}">\n'
            f'  <label class="field__label" for="{conditional_escape(field.id_for_label)}">'
            f"{text}{_optional(field, conditional)}</label>\n"
            f"  {_hint(field)}\n"
            f"  {_errors(field, text)}\n"
            f"  {control}\n"
            "</div>\n"
        )
    # The include's first line ends before its {% if %}, the branch opens and closes on a line.
    return mark_safe("\n" + html + "\n")  # noqa: S308 -- every value above is escaped or safe


@register.simple_tag
def form_field(field, label=None, conditional=False) -> SafeString:
    return field_html(field, label=label, conditional=conditional)
