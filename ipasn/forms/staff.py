"""Forms of BKPSDM's officials' pages of the IP-ASN report: they parse what was typed;
ipasn.services.reports (and ipasn.services.agency) decide and refuse."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ipasn.constants import ReportState
from portal.constants import Role

# The note's label at each official's routing step (the disposition is the Kepala's).
NOTE_LABELS = {
    Role.ADMIN_CLERK: _("Catatan agenda"),
    Role.GENERAL_AFFAIRS_HEAD: _("Catatan"),
    Role.AGENCY_SECRETARY: _("Catatan paraf"),
    Role.AGENCY_HEAD: _("Disposisi"),
    Role.DIVISION_HEAD: _("Catatan/disposisi"),
}


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _note(label=None, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label or _("Catatan/disposisi"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Catatan paling banyak 2000 karakter.")},
        **kwargs,
    )


class ForwardForm(forms.Form):
    """An official's routing step: a note (the disposition, the paraf's remark) and on."""

    note = _note()

    def __init__(self, *args, step=None, **kwargs):
        super().__init__(*args, **kwargs)
        if step is not None:
            self.fields["note"].label = NOTE_LABELS.get(step.actor, _("Catatan/disposisi"))


class ProcessForm(forms.Form):
    """The processing unit found the documents right."""

    note = _note(_("Catatan pemeriksaan"))


class ReturnForm(forms.Form):
    """The processing unit returns the report to the Perangkat Daerah with its reasons."""

    reasons = forms.CharField(
        label=_("Alasan pengembalian"),
        help_text=_(
            "Sebutkan apa yang perlu diperbaiki perangkat daerah (paling sedikit 10 karakter)."
        ),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Tuliskan alasan pengembalian."),
            "max_length": _("Alasan pengembalian paling banyak 4000 karakter."),
        },
    )


class UploadForm(forms.Form):
    """The processing unit's record of the upload to BKN's IP-ASN application."""

    uploaded_on = forms.DateField(
        label=_("Tanggal unggah ke aplikasi IP-ASN"),
        widget=_date_input(),
        error_messages={
            "required": _("Isi tanggal unggah ke aplikasi IP-ASN."),
            "invalid": _("Tanggal unggah tidak valid."),
        },
    )
    proof = forms.FileField(
        label=_("Bukti unggah"),
        help_text=_(
            "Tangkapan layar atau tanda terima dari aplikasi IP-ASN: PDF, JPEG, atau PNG; "
            "paling besar 5 MB."
        ),
        error_messages={"required": _("Pilih berkas bukti unggah.")},
    )
    note = _note(_("Catatan unggah"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"uploaded_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class SignForm(forms.Form):
    """The Kabid signs the laporan and sends it to the Kepala BKPSDM."""

    note = _note(_("Catatan untuk Kepala BKPSDM"))


class OverviewFilterForm(forms.Form):
    """The overview's filter: a state and a search by nomor agenda or Perangkat Daerah."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua status"))]
        + [(value, label) for value, label in ReportState.choices if value != ReportState.DRAFT],
    )
    cari = forms.CharField(
        label=_("Cari nomor agenda atau perangkat daerah"), required=False, max_length=100
    )


class AgencySummaryForm(forms.Form):
    """ "Buat laporan badan tahun X": the year (and the service, when several)."""

    service = forms.IntegerField(widget=forms.HiddenInput)
    year = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=2018,
        error_messages={"invalid": _("Tahun tidak valid."), "min_value": _("Tahun tidak valid.")},
    )
