"""Forms of the intake pages: field syntax only. The NIP, its agreement with the birth date and
sex, and who may apply are judged by casework.services.intake."""

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from casework.models import Case, Institution
from portal.models import Service
from registration.constants import Sex
from registration.forms import DocumentUploadForm, NipField

__all__ = ["CaseForm", "DocumentUploadForm", "ProposalCreateForm"]


class ProposalCreateForm(forms.Form):
    """Which institution proposes, for which service (the buttons "Usulan baru" carry both)."""

    institution = forms.ModelChoiceField(queryset=Institution.objects.none())
    service = forms.ModelChoiceField(queryset=Service.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.filter(operators=user)
        self.fields["service"].queryset = Service.objects.all()


FORM_FIELDS = [
    "nip",
    "name",
    "birth_place",
    "birth_date",
    "sex",
    "rank",
    "position",
    "work_unit",
    "education",
    "scheme",
    "email",
    "phone",
]


class CaseForm(forms.Form):
    """The registration form (formulir pendaftaran) of one employee: the Case's fields, as a
    plain form, since the service (not model validation) judges and stores them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "pegawai-%s")
        super().__init__(*args, **kwargs)
        fields = fields_for_model(
            Case,
            fields=FORM_FIELDS,
            help_texts={
                "name": _("Sesuai SK terakhir, dengan gelar, mis. Rina Wulandari, S.Kom."),
                "birth_date": _("Harus sama dengan tanggal lahir pada NIP."),
                "scheme": _("Skema sertifikasi kompetensi yang akan diikuti."),
            },
            widgets={"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")},
        )
        fields["nip"] = NipField()
        fields["sex"] = forms.ChoiceField(
            label=_("Jenis kelamin"),
            choices=Sex.choices,
            widget=forms.RadioSelect,
            help_text=_("Harus sesuai dengan digit ke-15 NIP."),
        )
        fields["rank"].empty_label = _("— pilih pangkat/golongan —")
        # Typed with spaces and dashes; the service stores the +62 form.
        fields["phone"] = forms.CharField(
            label=_("Nomor telepon/WhatsApp"),
            max_length=32,
            help_text=_("Nomor ponsel yang aktif, mis. 0812 3456 7890."),
            widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
        )
        self.fields.update({name: fields[name] for name in FORM_FIELDS})

    def case_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in FORM_FIELDS}
