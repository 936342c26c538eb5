"""The objection forms: field syntax only; the rules are objections.services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from objections.constants import ObjectionOutcome


class ObjectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan keberatan"),
        help_text=_(
            "Sebutkan keputusan mana yang Anda anggap keliru dan mengapa, sekurang-kurangnya "
            "20 karakter."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        error_messages={"required": _("Tuliskan alasan keberatan Anda.")},
    )
    attachment = forms.FileField(
        label=_("Lampiran pendukung"),
        help_text=_("PDF, JPG, atau PNG, paling besar 2 MB."),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Keputusan atas keberatan"),
        choices=ObjectionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih keputusan: diterima atau ditolak.")},
    )
    answer = forms.CharField(
        label=_("Jawaban untuk peserta"),
        help_text=_("Wajib bila keberatan ditolak; dikirim ke peserta dan tampil di riwayatnya."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        required=False,
    )
