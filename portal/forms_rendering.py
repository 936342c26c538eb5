"""The portal's form renderer (settings.FORM_RENDERER): Django's own, except that the common
widgets are written here in Python instead of through Django's widget templates.

Django renders every widget from a template, and a select from one template per option: the
complaint form's list of services (one option per service of every provider) cost some 10 ms
of CPU per page, the verifier queue's filters and the register, NIP-check and upload forms a few
more each (issue 19). The functions below write what those templates write, byte for byte (the
templates are in django/forms/templates/django/forms/widgets/; tests/portal/
test_forms_rendering.py renders the portal's forms and a range of widgets both ways and compares
them): every <input> type, <select> with its options and groups, <textarea>, radio buttons and
checkbox lists, and the file input. Any other template, or a widget whose option template is not
Django's, goes through the templates as before. Check that test when upgrading Django: it fails
if a widget template changes."""

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import escape
from django.utils.safestring import SafeData

_WIDGETS = "django/forms/widgets/"
# The templates that are `{% include "django/forms/widgets/input.html" %}` and nothing else.
_INPUTS = frozenset(
    _WIDGETS + name
    for name in (
        "checkbox.html",
        "color.html",
        "date.html",
        "datetime.html",
        "email.html",
        "file.html",
        "hidden.html",
        "number.html",
        "password.html",
        "search.html",
        "tel.html",
        "text.html",
        "time.html",
        "url.html",
    )
)
_SELECT_OPTION = _WIDGETS + "select_option.html"
# `{% include "django/forms/widgets/input_option.html" %}` and a line break.
_INPUT_OPTIONS = frozenset((_WIDGETS + "radio_option.html", _WIDGETS + "checkbox_option.html"))

# A context as the widget templates get one (autoescape on; localisation as the settings say).
_CONTEXT = Context()


def _shown(value) -> str:
    """{{ value }} in a widget template."""
    return render_value_in_context(value, _CONTEXT)


def _formatted(value) -> str:
    """{{ value|stringformat:'s' }}: the text, escaped unless it was marked safe."""
    text = str(value)
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict) -> str:
    """attrs.html."""
    html = ""
    for name, value in attrs.items():
        if value is False:
            continue
        html += " " + _shown(name)
        if value is not True:
            html += f'="{_formatted(value)}"'
    return html


def _input(widget: dict) -> str:
    """input.html, with its file's final line break."""
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return (
        f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{value}'
        f"{_attrs(widget['attrs'])}>\n"
    )


def _select(widget: dict) -> str | None:
    """select.html (select_option.html for each option), or None for other option templates."""
    html = f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>'
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            html += f'\n  <optgroup label="{_shown(group_name)}">'
        for option in options:
            if option["template_name"] != _SELECT_OPTION:
                return None
            html += (
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_shown(option['label'])}</option>\n"
            )
        if group_name:
            html += "\n  </optgroup>"
    return html + "\n</select>"


def _multiple_input(widget: dict) -> str | None:
    """multiple_input.html (radio and checkbox lists; input_option.html for each option), or
    None for other option templates."""
    attrs = widget["attrs"]
    html = "<div"
    if attrs.get("id"):
        html += f' id="{_shown(attrs["id"])}"'
    if attrs.get("class"):
        html += f' class="{_shown(attrs["class"])}"'
    html += ">"
    for group, options, _index in widget["optgroups"]:
        if group:
            html += f"\n  <div><label>{_shown(group)}</label>"
        for option in options:
            if option["template_name"] not in _INPUT_OPTIONS:
                return None
            html += "<div>\n    "
            if option["wrap_label"]:
                target = option["attrs"].get("id")
                label_for = f' for="{_shown(target)}"' if target else ""
                html += f"<label{label_for}>{_input(option)} {_shown(option['label'])}</label>"
            else:
                html += _input(option)
            html += "\n\n</div>"
        if group:
            html += "\n  </div>"
    return html + "\n</div>"


def _widget_html(template_name: str, widget: dict) -> str | None:
    """The widget as its template writes it (without the surrounding white space), or None
    when it is not one of those written here."""
    if template_name in _INPUTS:
        return _input(widget)
    if template_name == _WIDGETS + "select.html":
        return _select(widget)
    if template_name == _WIDGETS + "textarea.html":
        value = _shown(widget["value"]) if widget["value"] else ""
        return (
            f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n'
            f"{value}</textarea>"
        )
    if template_name in (_WIDGETS + "radio.html", _WIDGETS + "checkbox_select.html"):
        return _multiple_input(widget)
    if template_name == _WIDGETS + "clearable_file_input.html" and not widget["is_initial"]:
        return (
            f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"'
            f"{_attrs(widget['attrs'])}>"
        )
    return None


class FormRenderer(DjangoTemplates):
    """DjangoTemplates, with the widgets above written in Python."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if isinstance(widget, dict) and template_name.startswith(_WIDGETS):
            html = _widget_html(template_name, widget)
            if html is not None:
                return html.strip()
        return super().render(template_name, context, request=request)
