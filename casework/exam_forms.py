"""Forms of the exam, result, product, handover and payment pages: field syntax only; the
rules are in casework.workflow and casework.services.exams / .products."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.constants import AssessmentOutcome, HandoverMethod
from portal.roles import person_label

_SCAN_ACCEPT = "application/pdf,image/jpeg,image/png"
_SCAN_HINT = _("PDF, JPEG, atau PNG, paling besar 4 MB.")


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _scan_field(label, *, required: bool = True, help_text=_SCAN_HINT) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.ClearableFileInput(attrs={"accept": _SCAN_ACCEPT}),
    )


class _PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return person_label(obj)


class _CaseChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} — {obj.nip} ({obj.scheme})"


class ExamSessionForm(forms.Form):
    """A new exam session: the service, the LSP, scheme, start, TUK, its assessors and the
    participants waiting for it. The querysets come from the view (the reader's services)."""

    service = forms.ModelChoiceField(label=_("Layanan"), queryset=None, empty_label=None)
    organiser = forms.CharField(label=_("Lembaga Sertifikasi Profesi (LSP)"), max_length=200)
    scheme = forms.CharField(label=_("Skema sertifikasi"), max_length=200)
    day = forms.DateField(label=_("Tanggal uji"), widget=_date_input())
    time = forms.TimeField(label=_("Jam mulai (WIB)"), widget=_time_input())
    place = forms.CharField(label=_("Tempat Uji Kompetensi (TUK)"), max_length=300)
    assessors = _PersonChoice(
        label=_("Asesor"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Hanya asesor yang ditugaskan yang dapat melihat sesi dan mencatat hasil."),
    )
    cases = _CaseChoice(
        label=_("Peserta"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Peserta yang sudah ditetapkan dan menunggu uji kompetensi."),
    )

    def __init__(self, *args, services, assessors, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["assessors"].queryset = assessors
        self.fields["cases"].queryset = cases

    def starts_at(self) -> datetime:
        return datetime.combine(
            self.cleaned_data["day"],
            self.cleaned_data["time"],
            tzinfo=timezone.get_current_timezone(),
        )


class SessionCasesForm(forms.Form):
    """More participants for an existing session."""

    cases = _CaseChoice(
        label=_("Tambah peserta"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases


class AssessForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Hasil uji"), choices=AssessmentOutcome.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label=_("Catatan asesor"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExternalProductForm(forms.Form):
    issuer = forms.CharField(label=_("Diterbitkan oleh (LSP)"), max_length=200)
    scheme = forms.CharField(label=_("Skema"), max_length=200)
    number = forms.CharField(label=_("Nomor sertifikat"), max_length=100)
    issued_on = forms.DateField(label=_("Tanggal terbit"), widget=_date_input())
    valid_until = forms.DateField(label=_("Berlaku sampai"), required=False, widget=_date_input())
    scan = _scan_field(_("Pindaian sertifikat"))


class HandoverForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Cara penyerahan"), choices=HandoverMethod.choices, widget=forms.RadioSelect
    )
    received_by = forms.CharField(label=_("Diterima oleh"), max_length=200)
    day = forms.DateField(label=_("Tanggal penyerahan"), widget=_date_input())
    receipt = _scan_field(
        _("Pindaian tanda terima"),
        required=False,
        help_text=_(
            "Wajib bila diambil langsung atau melalui Perangkat Daerah. PDF, JPEG, atau PNG, "
            "paling besar 4 MB."
        ),
    )
    courier = forms.CharField(
        label=_("Jasa pengiriman"),
        max_length=100,
        required=False,
        help_text=_("Wajib bila dikirim."),
    )
    tracking_number = forms.CharField(
        label=_("Nomor resi"), max_length=100, required=False, help_text=_("Wajib bila dikirim.")
    )

    def handed_at(self) -> datetime:
        day = self.cleaned_data["day"]
        now = timezone.localtime()
        if day == now.date():
            return now
        return datetime.combine(day, now.time(), tzinfo=timezone.get_current_timezone())


class PaymentForm(forms.Form):
    payee = forms.CharField(
        label=_("Dibayarkan kepada"), max_length=200, help_text=_("Mis. nama LSP.")
    )
    amount = forms.DecimalField(
        label=_("Jumlah (Rp)"), min_value=1, max_digits=12, decimal_places=0
    )
    paid_on = forms.DateField(label=_("Tanggal bayar"), widget=_date_input())
    proof = _scan_field(_("Bukti pembayaran"))
