"""Forms of the payment and reports part: they parse; assessments.services.payments and
.reports decide."""

from django import forms
from django.utils.translation import gettext_lazy as _


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProofForm(forms.Form):
    file = forms.FileField(
        label=_("Bukti pembayaran"),
        help_text=_("PDF, JPEG, atau PNG; paling besar 4 MB."),
        error_messages={"required": _("Pilih berkas bukti pembayaran.")},
    )
    paid_on = forms.DateField(
        label=_("Tanggal bayar"),
        widget=_date_input(),
        error_messages={
            "required": _("Isi tanggal bayar."),
            "invalid": _("Tanggal bayar tidak valid."),
        },
    )
    amount = forms.DecimalField(
        label=_("Jumlah dibayar (Rp)"),
        min_value=1,
        max_digits=14,
        decimal_places=0,
        error_messages={
            "required": _("Isi jumlah yang dibayar."),
            "invalid": _("Jumlah dibayar harus berupa angka rupiah, tanpa titik."),
            "min_value": _("Jumlah dibayar harus lebih dari nol."),
        },
    )


class ProofReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan dikembalikan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Tuliskan alasan bukti pembayaran dikembalikan.")},
    )


class ReportForm(forms.Form):
    body = forms.CharField(
        label=_("Isi laporan (ditulis di portal)"),
        help_text=_("Pisahkan paragraf dengan baris kosong. Kosongkan bila mengunggah PDF."),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        max_length=100_000,
    )
    file = forms.FileField(
        label=_("Atau unggah laporan (PDF)"),
        help_text=_("PDF, paling besar 20 MB."),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if not (data.get("body") or "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Tulis isi laporan atau unggah berkas PDF laporan."))
        return data
