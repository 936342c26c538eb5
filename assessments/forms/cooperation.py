"""Forms of the cooperation part: field syntax only; the rules are in
assessments.services.cooperation and assessments.services.agreements."""

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from assessments.constants import IntakeMode, Purpose
from casework.constants import InstitutionKind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


PDF_ACCEPT = {"accept": ".pdf,application/pdf"}


class InstitutionRegisterForm(forms.Form):
    provider = forms.ModelChoiceField(label=_("Penyelenggara"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("Nama instansi"), max_length=200)
    kind = forms.ChoiceField(label=_("Jenis instansi"), choices=InstitutionKind.choices)
    address = forms.CharField(label=_("Alamat instansi"), widget=forms.Textarea(attrs={"rows": 3}))
    operator_name = forms.CharField(label=_("Nama lengkap operator"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail operator"), help_text=_("Dipakai untuk masuk ke portal.")
    )
    phone = forms.CharField(label=_("Telepon operator"), max_length=30)
    password1 = forms.CharField(
        label=_("Kata sandi"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    # The honeypot: hidden from people and from screen readers (see the template).
    website = forms.CharField(
        label=_("Situs web"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        if providers.count() == 1:
            self.fields["provider"].initial = providers.first()
            self.fields["provider"].widget = forms.HiddenInput()

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        elif first:
            try:
                validate_password(first)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class RequestForm(forms.Form):
    institution = forms.ModelChoiceField(label=_("Instansi"), queryset=None, empty_label=None)
    purpose = forms.ChoiceField(label=_("Tujuan penilaian"), choices=Purpose.choices)
    participants_planned = forms.IntegerField(
        label=_("Perkiraan jumlah peserta"), min_value=1, max_value=500
    )
    preferred_mode = forms.ChoiceField(
        label=_("Pelaksanaan yang diinginkan"), choices=IntakeMode.choices
    )
    preferred_period = forms.CharField(
        label=_("Perkiraan waktu pelaksanaan"),
        max_length=200,
        help_text=_("Mis. minggu kedua Februari 2027."),
    )
    letter_number = forms.CharField(label=_("Nomor surat permohonan"), max_length=100)
    letter_date = forms.DateField(label=_("Tanggal surat permohonan"), widget=DateInput())
    cover_letter = forms.FileField(
        label=_("Surat permohonan kerja sama (PDF)"),
        help_text=_("PDF, paling besar 5 MB, ditujukan kepada Kepala Puslatbang PKASN LAN."),
        widget=forms.ClearableFileInput(attrs=PDF_ACCEPT),
    )
    notes = forms.CharField(
        label=_("Keterangan (tidak wajib)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions
        if institutions.count() == 1:
            self.fields["institution"].initial = institutions.first()
            self.fields["institution"].widget = forms.HiddenInput()


class ReplyForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Jawaban"),
        choices=[("accept", _("Terima permohonan")), ("decline", _("Tolak permohonan"))],
        widget=forms.RadioSelect,
    )
    contact_name = forms.CharField(label=_("Nama narahubung"), max_length=200, required=False)
    contact_phone = forms.CharField(label=_("Telepon narahubung"), max_length=30, required=False)
    contact_email = forms.EmailField(label=_("E-mail narahubung"), required=False)
    reason = forms.CharField(
        label=_("Alasan penolakan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Catatan koordinasi"), widget=forms.Textarea(attrs={"rows": 3}))


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pembatalan (tidak wajib)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AgreementForm(forms.Form):
    number = forms.CharField(label=_("Nomor SPK"), max_length=100, required=False)
    purpose = forms.ChoiceField(label=_("Tujuan penilaian"), choices=Purpose.choices)
    mode = forms.ChoiceField(label=_("Pelaksanaan"), choices=IntakeMode.choices)
    place = forms.CharField(
        label=_("Tempat (luring) atau sarana (daring)"),
        max_length=300,
        help_text=_("Luring: alamat lokasi di instansi. Daring: lokasi asesi dan aplikasinya."),
    )
    starts_on = forms.DateField(label=_("Tanggal mulai penilaian"), widget=DateInput())
    ends_on = forms.DateField(label=_("Tanggal selesai penilaian"), widget=DateInput())
    participant_count = forms.IntegerField(label=_("Jumlah peserta"), min_value=1, max_value=500)
    payment_due_on = forms.DateField(label=_("Batas waktu pembayaran"), widget=DateInput())
    agreed_report_due_on = forms.DateField(
        label=_("Batas laporan yang disepakati (hanya pemetaan jabatan)"),
        required=False,
        widget=DateInput(),
    )
    first_party_signatory = forms.CharField(label=_("Penanda tangan Pihak Pertama"), max_length=200)
    first_party_title = forms.CharField(
        label=_("Jabatan penanda tangan Pihak Pertama"), max_length=200
    )


class ConfirmForm(forms.Form):
    signatory = forms.CharField(label=_("Penanda tangan Pihak Kedua"), max_length=200)
    title = forms.CharField(label=_("Jabatan penanda tangan Pihak Kedua"), max_length=200)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Yang perlu diperbaiki"), widget=forms.Textarea(attrs={"rows": 3})
    )


class SignedCopyForm(forms.Form):
    file = forms.FileField(
        label=_("SPK yang sudah ditandatangani (PDF)"),
        widget=forms.ClearableFileInput(attrs=PDF_ACCEPT),
    )


class SecondPartyForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Cara menandatangani"),
        choices=[
            ("portal", _("Tandatangani secara elektronik")),
            ("upload", _("Unggah pindaian SPK yang sudah ditandatangani")),
        ],
        widget=forms.RadioSelect,
        initial="portal",
    )
    file = forms.FileField(
        label=_("SPK yang sudah ditandatangani (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs=PDF_ACCEPT),
    )

    def clean(self):
        data = super().clean()
        if data.get("method") == "upload" and not data.get("file"):
            self.add_error("file", _("Pilih berkas PDF SPK yang sudah ditandatangani."))
        return data
