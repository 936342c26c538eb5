"""The Perangkat Daerah's forms of the IP-ASN report: field syntax only; the rules (which
year, which state, the file checks, the recap's cells) are in ipasn.services.reports."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PDF_ACCEPT = {"accept": ".pdf,application/pdf"}
XLSX_ACCEPT = {"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
FIRST_YEAR = 2018  # PermenPANRB 38/2018: the first year the index was measured


class ReportCreateForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=_("Perangkat daerah"), queryset=None, empty_label=None
    )
    year = forms.TypedChoiceField(
        label=_("Tahun pengukuran"),
        coerce=int,
        help_text=_("Tahun data pegawai yang dilaporkan."),
    )

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions
        # Whether there is only one, and which, in one query (not a count and a first()).
        first_two = list(institutions[:2])
        if len(first_two) == 1:
            self.fields["institution"].initial = first_two[0]
            self.fields["institution"].widget = forms.HiddenInput()
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(y, y) for y in range(this_year, FIRST_YEAR - 1, -1)]
        self.fields["year"].initial = this_year


class LetterForm(forms.Form):
    cover_letter = forms.FileField(
        label=_("Surat pengantar (PDF)"),
        help_text=_("Surat pengantar kepala perangkat daerah, PDF paling besar 5 MB."),
        widget=forms.ClearableFileInput(attrs=PDF_ACCEPT),
        error_messages={"required": _("Pilih berkas surat pengantar (PDF).")},
    )


class RecapForm(forms.Form):
    recap_file = forms.FileField(
        label=_("Rekapitulasi data pegawai (XLSX)"),
        help_text=_("Berkas templat rekapitulasi yang sudah diisi, paling besar 5 MB."),
        widget=forms.ClearableFileInput(attrs=XLSX_ACCEPT),
        error_messages={"required": _("Pilih berkas rekapitulasi (XLSX) yang akan diunggah.")},
    )
