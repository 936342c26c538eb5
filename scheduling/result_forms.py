"""Forms of the result screens: field syntax only; the rules are in scheduling.results."""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, escape
from django.utils.translation import gettext_lazy as _

from portal.exports import FORMATS
from portal.models import CompetencyUnit
from scheduling.constants import Outcome, UnitOutcome
from scheduling.models import Result

UNIT_PREFIX = "unit_"

_WIDGETS = "django/forms/widgets/"


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html in Python."""
    return "".join(
        f" {conditional_escape(name)}" + ("" if value is True else f'="{escape(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    """django/forms/widgets/input.html in Python (with the file's final newline)."""
    value = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>\n'
    )


def _option(option: dict) -> str:
    """django/forms/widgets/radio_option.html (input_option.html) in Python."""
    if not option["wrap_label"]:
        return _input(option) + "\n\n"
    target = option["attrs"].get("id")
    label_for = f' for="{conditional_escape(target)}"' if target else ""
    return f"<label{label_for}>{_input(option)} {conditional_escape(option['label'])}</label>\n\n"


def _radio(widget: dict) -> str:
    """django/forms/widgets/radio.html (multiple_input.html) in Python."""
    attrs = widget["attrs"]
    html = "<div"
    if attrs.get("id"):
        html += f' id="{conditional_escape(attrs["id"])}"'
    if attrs.get("class"):
        html += f' class="{conditional_escape(attrs["class"])}"'
    html += ">"
    for group, options, _index in widget["optgroups"]:
        if group:
            html += f"\n  <div><label>{conditional_escape(group)}</label>"
        for option in options:
            html += f"<div>\n    {_option(option)}</div>"
        if group:
            html += "\n  </div>"
    return html + "\n</div>"


class _ResultFormRenderer(DjangoTemplates):
    """Django's own renderer, except that the text, textarea and radio widgets are written by
    the functions above instead of Django's widget templates: the head of panel's roster renders
    one form per seat, and Django's templates for those 200 widgets cost ~60 ms of CPU per view
    (issue 19). The HTML is the same, byte for byte (tests/scheduling/test_result_form_renderer.py
    compares both); other widgets (the units' selects) still go through the templates."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None:
            if template_name == _WIDGETS + "text.html":
                return _input(widget).strip()
            if template_name == _WIDGETS + "textarea.html":
                value = conditional_escape(widget["value"]) if widget["value"] else ""
                return (
                    f'<textarea name="{conditional_escape(widget["name"])}"'
                    f"{_attrs(widget['attrs'])}>\n{value}</textarea>"
                )
            if template_name == _WIDGETS + "radio.html":
                return _radio(widget).strip()
        return super().render(template_name, context, request=request)


RESULT_FORM_RENDERER = _ResultFormRenderer()


class ResultForm(forms.Form):
    """One seat's result: outcome, optional score, one choice per competency unit, notes; filled
    in from `result` when there is one. For a "Tidak hadir" result only the notes may change
    (the attendance was published with it)."""

    default_renderer = RESULT_FORM_RENDERER

    outcome = forms.ChoiceField(
        label=_("Hasil"),
        choices=[(Outcome.PASSED, Outcome.PASSED.label), (Outcome.FAILED, Outcome.FAILED.label)],
        widget=forms.RadioSelect,
    )
    score = forms.DecimalField(
        label=_("Nilai"),
        help_text=_("Angka 0 sampai 100, misalnya 85,5."),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        # Text, not type=number: a browser's number field refuses the decimal comma.
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    notes = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, units: list[CompetencyUnit], result: Result | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        recorded = dict(result.unit_outcomes or {}) if result is not None else {}
        if result is not None:
            self.initial.update(outcome=result.outcome, score=result.score, notes=result.notes)
        # Unit codes are not safe as field names; the fields are numbered in the unit order.
        self.unit_codes: dict[str, str] = {}
        if result is not None and result.outcome == Outcome.ABSENT:
            self.fields["outcome"].choices = [(Outcome.ABSENT, Outcome.ABSENT.label)]
            del self.fields["score"]
            return
        for index, unit in enumerate(units):
            name = f"{UNIT_PREFIX}{index}"
            self.unit_codes[name] = unit.code
            self.fields[name] = forms.ChoiceField(
                label=f"{unit.code} {unit.title}",
                required=False,
                choices=[("", _("— belum dinilai —")), *UnitOutcome.choices],
                initial=recorded.get(unit.code, ""),
            )
        self.order_fields(["outcome", "score", *self.unit_codes, "notes"])

    @property
    def unit_fields(self) -> list:
        return [self[name] for name in self.unit_codes]

    def unit_outcomes(self) -> dict[str, str]:
        return {
            code: self.cleaned_data[name]
            for name, code in self.unit_codes.items()
            if self.cleaned_data.get(name)
        }


class AmendmentForm(ResultForm):
    reason = forms.CharField(
        label=_("Alasan ralat"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Dikirim kepada peserta bersama hasil yang baru."),
        error_messages={"required": _("Tuliskan alasan ralat.")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Tuliskan alasan ralat."))
        return reason


class PeriodExportForm(forms.Form):
    dari = forms.DateField(
        label=_("Dari tanggal"),
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Tulis tanggal dengan format TTTT-BB-HH.")},
    )
    sampai = forms.DateField(
        label=_("Sampai tanggal"),
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Tulis tanggal dengan format TTTT-BB-HH.")},
    )
    format = forms.ChoiceField(
        label=_("Format berkas"),
        choices=[(fmt, fmt.upper()) for fmt in FORMATS],
        initial="xlsx",
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Pilih CSV atau XLSX.")},
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("dari") and data.get("sampai") and data["sampai"] < data["dari"]:
            self.add_error("sampai", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data
