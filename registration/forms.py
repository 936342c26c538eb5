"""Forms of the public registration pages: field syntax only, rules live in services."""

from django import forms
from django.utils.translation import gettext_lazy as _


class NipField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("NIP"))
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault(
            "help_text", _("18 digit, boleh dengan spasi, mis. 19860926 201505 2 001.")
        )
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        )


class NipCheckForm(forms.Form):
    nip = NipField()


class RegisterForm(forms.Form):
    nip = NipField()
    email = forms.EmailField(
        label=_("E-mail aktif"),
        help_text=_("Nama pengguna dan kata sandi dikirim ke alamat ini."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
