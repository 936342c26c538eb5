"""Forms of the certificate staff screens: field syntax only; the rules (who, which stage, what
is required) are in certificates.services."""

import uuid

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from registration.forms import NipField

# The snapshot fields the officer may correct while the data is being checked, in the order
# they are printed (the keys certificate_data_update accepts).
DATA_FIELDS = [
    "name",
    "nip",
    "birth_place",
    "birth_date",
    "rank",
    "position",
    "purpose",
    "level",
    "institution",
]


def _model_char(name: str, **kwargs) -> forms.CharField:
    field = Certificate._meta.get_field(name)
    return forms.CharField(
        label=capfirst(field.verbose_name), max_length=field.max_length, **kwargs
    )


class CertificateDataForm(forms.Form):
    """The data printed on the certificate. A plain form, not a ModelForm: validating a
    ModelForm writes the values into the instance, and only the service may change it."""

    name = _model_char("name")
    nip = NipField(help_text=_("18 digit, boleh dengan spasi."))
    birth_place = _model_char("birth_place")
    birth_date = forms.DateField(
        label=_("Tanggal lahir"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    rank = _model_char("rank")
    position = _model_char("position")
    purpose = _model_char("purpose")
    level = _model_char("level")
    institution = _model_char("institution")

    @classmethod
    def for_certificate(cls, certificate: Certificate) -> "CertificateDataForm":
        return cls(initial={name: getattr(certificate, name) for name in DATA_FIELDS})


class DispositionForm(forms.Form):
    APPROVE = "setujui"
    RETURN = "kembalikan"

    decision = forms.ChoiceField(
        label=_("Keputusan disposisi"),
        choices=[
            (APPROVE, _("Setujui: lanjut ke tanda tangan pejabat")),
            (RETURN, _("Kembalikan ke petugas sertifikat untuk diperiksa ulang")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib diisi jika sertifikat dikembalikan."),
    )


class ShippingForm(forms.Form):
    courier = forms.CharField(
        label=_("Jasa pengiriman"),
        max_length=100,
        help_text=_("Mis. Pos Indonesia, JNE, J&T."),
    )
    tracking_number = forms.CharField(label=_("Nomor resi"), max_length=100)
    sent_on = forms.DateField(
        label=_("Tanggal dikirim"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"sent_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class MultipleUUIDField(forms.Field):
    """The ticked rows of a queue: certificate public ids (anything else is refused)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Pilih sedikitnya satu sertifikat."),
        "invalid": _("Pilihan sertifikat tidak dikenal."),
    }

    def to_python(self, value) -> list[uuid.UUID]:
        if not value:
            return []
        try:
            return [uuid.UUID(str(item)) for item in value]
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class BatchForm(forms.Form):
    """The ticked rows of one queue page (the action is the button's value, read by the
    view to pick the service)."""

    MAX_ROWS = 200

    pilih = MultipleUUIDField()

    def clean_pilih(self) -> list[uuid.UUID]:
        chosen = list(dict.fromkeys(self.cleaned_data["pilih"]))
        if len(chosen) > self.MAX_ROWS:
            raise forms.ValidationError(
                _("Pilih paling banyak %(count)s sertifikat sekaligus.") % {"count": self.MAX_ROWS}
            )
        return chosen
