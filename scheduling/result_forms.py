"""Forms of the result screens: field syntax only; the rules are in scheduling.results."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.exports import FORMATS
from portal.models import CompetencyUnit
from scheduling.constants import Outcome, UnitOutcome
from scheduling.models import Result

UNIT_PREFIX = "unit_"


class ResultForm(forms.Form):
    """One seat's result: outcome, optional score, one choice per competency unit, notes; filled
    in from `result` when there is one. For a "Tidak hadir" result only the notes may change
    (the attendance was published with it). Its widgets are written in Python by the portal's
    form renderer (portal.forms_rendering): the head of panel's roster renders one form per seat
    (issue 19)."""

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
