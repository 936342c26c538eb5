"""Forms of the registration pages and the candidate's profile and application: field syntax
only, the rules live in registration.services."""

import re

from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.core.validators import MaxLengthValidator, RegexValidator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from registration import services
from registration.constants import LevelCategory, Relationship
from registration.exceptions import RegistrationError
from registration.models import Profile
from registration.selectors import service_levels, service_purpose_choices


class NipField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("NIP"))
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("error_messages", {"required": _("Isi NIP Anda (18 angka).")})
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
        error_messages={
            "required": _("Isi alamat e-mail aktif Anda."),
            "invalid": _("Tulis alamat e-mail yang benar, mis. nama@contoh.go.id."),
        },
        help_text=_(
            "Tautan konfirmasi dikirim ke alamat ini; setelah tautan dibuka, nama pengguna dan "
            "kata sandi menyusul ke alamat yang sama."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # Set by the "periksa kembali" step's button: only then is the mail sent. A form without it
    # (the first submit, or a client that skips the step) is shown the address to check first.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ClaimStartForm(forms.Form):
    nip = NipField()
    email = forms.EmailField(
        label=_("E-mail aktif Anda"),
        help_text=_(
            "Tautan untuk melanjutkan klaim dikirim ke alamat ini. Jika klaim disetujui, akun "
            "NIP Anda memakai alamat ini."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


# What the claim's file pickers offer: what registration.constants.CLAIM_UPLOAD_RULES accepts.
CLAIM_FILE_ACCEPT = ".pdf,application/pdf,.jpg,.jpeg,image/jpeg,.png,image/png"


class ClaimForm(forms.Form):
    """The claim itself; the files are checked by portal.uploads in the service."""

    full_name = forms.CharField(
        label=_("Nama lengkap sesuai KTP"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    ktp = forms.FileField(
        label=_("KTP"),
        allow_empty_file=True,
        help_text=_(
            "Pindai atau foto KTP asli; seluruh tulisan harus terbaca. PDF, JPEG atau PNG, "
            "paling besar 2 MB."
        ),
        error_messages={"required": _("Unggah KTP Anda.")},
        widget=forms.ClearableFileInput(attrs={"accept": CLAIM_FILE_ACCEPT}),
    )
    employee_card = forms.FileField(
        label=_("Kartu Pegawai (Karpeg) atau KPE"),
        allow_empty_file=True,
        help_text=_("PDF, JPEG atau PNG, paling besar 2 MB."),
        error_messages={"required": _("Unggah Kartu Pegawai atau KPE Anda.")},
        widget=forms.ClearableFileInput(attrs={"accept": CLAIM_FILE_ACCEPT}),
    )
    statement = forms.CharField(
        label=_("Keterangan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Mis. kapan Anda mengetahui NIP Anda sudah dipakai, dan apakah Anda pernah mendaftar."
        ),
    )


class AddEmailForm(AllauthAddEmailForm):
    """allauth's "add an address" form (/accounts/email/), refusing an address another account
    holds in any case: allauth itself lets it through while it prevents enumeration."""

    def clean_email(self) -> str:
        try:
            services.email_address_add_check(user=self.user, email=self.cleaned_data["email"])
        except RegistrationError as exc:
            raise forms.ValidationError(exc.message, code="email_taken") from exc
        return super().clean_email()


# --- The candidate's profile and application ---------------------------------------------------


class ProfileForm(forms.ModelForm):
    """The candidate's profile. Birth date and sex are not asked: registration.services derives
    them from the NIP (the page shows them read-only). The WhatsApp number and the rank against
    the level are checked by registration.services (profile_errors), not here; the view asks it
    even when a field here is refused, so every error shows in one round."""

    # Not a model field here: the number is typed with spaces and dashes ("0812-3456-7890") and
    # only the service turns it into the stored +62 form, so the model's max_length of the
    # normalised number must not judge what was typed.
    whatsapp = forms.CharField(
        label=capfirst(Profile._meta.get_field("whatsapp").verbose_name),
        max_length=32,
        help_text=_("Nomor ponsel yang aktif di WhatsApp, mis. 0812 3456 7890."),
        error_messages={"required": _("Isi nomor WhatsApp.")},
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )

    class Meta:
        model = Profile
        fields = [
            "title_prefix",
            "name",
            "title_suffix",
            "birth_place",
            "rank",
            "position",
            "level",
            "work_unit",
            "institution",
            "mailing_address",
            "postal_code",
        ]
        help_texts = {
            "title_prefix": _("Jika ada, mis. Dr. atau Drs."),
            "name": _("Tanpa gelar, sesuai SK terakhir. Nama ini dicetak pada sertifikat."),
            "title_suffix": _("Jika ada, mis. S.I.Pust., M.Hum."),
            "rank": _(
                "Sesuai SK pangkat terakhir; harus termasuk golongan jenjang jabatan Anda, "
                "mis. Ahli Muda: III/c atau III/d."
            ),
            "position": _("Sesuai SK jabatan terakhir, mis. Pustakawan Ahli Pertama."),
            "mailing_address": _(
                "Sertifikat dikirim ke alamat ini. Tulis lengkap: jalan, nomor, RT/RW, "
                "kelurahan, kecamatan, kota/kabupaten."
            ),
        }
        # Each says which field to fill, not Django's "Bidang ini tidak boleh kosong."
        error_messages = {
            "name": {"required": _("Isi nama lengkap.")},
            "birth_place": {"required": _("Isi tempat lahir.")},
            "rank": {
                "required": _("Pilih pangkat/golongan."),
                "invalid_choice": _("Pilih pangkat/golongan dari daftar."),
            },
            "position": {"required": _("Isi jabatan terakhir.")},
            "level": {
                "required": _("Pilih jenjang jabatan."),
                "invalid_choice": _("Pilih jenjang jabatan dari daftar."),
            },
            "work_unit": {"required": _("Isi unit kerja.")},
            "institution": {"required": _("Isi instansi.")},
            "mailing_address": {"required": _("Isi alamat pengiriman sertifikat.")},
            "postal_code": {"required": _("Isi kode pos.")},
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "title_prefix": forms.TextInput(attrs={"autocomplete": "honorific-prefix"}),
            "title_suffix": forms.TextInput(attrs={"autocomplete": "honorific-suffix"}),
            "mailing_address": forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
            "postal_code": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code", "maxlength": "5"}
            ),
        }

    field_order = [
        *Meta.fields[: Meta.fields.index("mailing_address")],
        "whatsapp",
        "mailing_address",
        "postal_code",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django 6.1's default empty choice is "- Select an option -", in English; each select
        # says in Indonesian what to choose.
        self.fields["rank"].empty_label = _("— Pilih pangkat/golongan —")
        self.fields["level"].empty_label = _("— Pilih jenjang jabatan —")
        self.fields["postal_code"].validators.append(
            RegexValidator(r"^\d{5}\Z", _("Kode pos terdiri atas 5 angka."))
        )
        if self.instance.pk:
            self.initial.setdefault("whatsapp", self.instance.whatsapp)

    def profile_data(self) -> dict:
        """The cleaned values, as registration.services takes them; a refused field is left
        out (the service's checks then skip it)."""
        return {name: self.cleaned_data[name] for name in self.fields if name in self.cleaned_data}


class ApplicationForm(forms.Form):
    """Purpose of the exam (one of the service's) and the levels; registration.levels judges
    the combination."""

    purpose = forms.ChoiceField(
        label=_("Tujuan uji kompetensi"),
        widget=forms.RadioSelect,
    )
    current_level = forms.ModelChoiceField(
        label=_("Jenjang jabatan saat ini"),
        queryset=None,
        required=False,
        empty_label=_("— belum menjabat pustakawan —"),
        help_text=_("Kosongkan untuk perpindahan dari jabatan lain dan pengangkatan pertama."),
    )
    target_level = forms.ModelChoiceField(
        label=_("Jenjang yang dituju"),
        queryset=None,
        empty_label=_("— pilih jenjang —"),
        help_text=_(
            "Kenaikan jenjang: satu jenjang di atas jenjang saat ini, pada kategori yang sama. "
            "Alih kategori: jenjang keahlian yang golongannya memuat golongan Anda."
        ),
    )

    def __init__(self, *args, service, **kwargs):
        super().__init__(*args, **kwargs)
        # The service's own purposes (registration.ServicePurpose); the service checks again.
        self.fields["purpose"].choices = service_purpose_choices(service=service)
        # The levels the service examines (registration.ServiceLevel), the service checks again.
        offered = service_levels(service=service)
        levels = list(offered)
        groups = [
            (label, [(level.pk, level.name) for level in levels if level.category == category])
            for category, label in LevelCategory.choices
        ]
        for name in ("current_level", "target_level"):
            field = self.fields[name]
            field.queryset = offered
            # Grouped by category for reading; the queryset still decides what is valid.
            field.choices = [("", field.empty_label), *groups]


class DocumentUploadForm(forms.Form):
    """One file for one requirement; what the file must be is checked by portal.uploads."""

    # Empty files pass here so that the upload check says what is wrong in its own words.
    file = forms.FileField(
        label=_("Pilih berkas"),
        allow_empty_file=True,
        error_messages={"required": _("Pilih berkas yang akan diunggah terlebih dahulu.")},
    )


class DeclarationForm(forms.Form):
    """The candidate's declaration on the check-answers page, ticked before each submission."""

    declaration = forms.BooleanField(
        label=_(
            "Saya menyatakan data dan berkas yang saya ajukan benar dan sesuai dengan aslinya. "
            "Bila kelak terbukti tidak benar, saya bersedia pengajuan ini dibatalkan."
        ),
        error_messages={
            "required": _(
                "Centang pernyataan bahwa data dan berkas yang Anda ajukan benar sebelum "
                "mengajukan."
            )
        },
    )


# The longest login an account can have: an e-mail address (RFC 5321), longer than any NIP.
LOGIN_MAX_LENGTH = 254


class LoginForm(AllauthLoginForm):
    """allauth's login by NIP (the username) or e-mail, taking the NIP as it is printed on a
    decree or an ID card: "19860926 201505 2 001" or with dots signs in as 18 digits."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].help_text = _(
            "NIP boleh diketik dengan spasi atau titik seperti tercetak, "
            "mis. 19860926 201505 2 001."
        )
        # The label and the hint say what to type; allauth's English placeholder would not.
        self.fields["login"].widget.attrs.pop("placeholder", None)
        # No account's NIP or e-mail is longer: a longer one is refused before any lookup by it
        # (SQLite, `make run`, refuses a LIKE pattern of tens of thousands of characters).
        self.fields["login"].max_length = LOGIN_MAX_LENGTH
        self.fields["login"].validators.append(MaxLengthValidator(LOGIN_MAX_LENGTH))
        self.fields["login"].widget.attrs["maxlength"] = str(LOGIN_MAX_LENGTH)

    def clean_login(self) -> str:
        login = super().clean_login()
        if re.fullmatch(r"[\d\s.]+", login):
            return re.sub(r"[\s.]", "", login)
        return login


class StaffDeclarationForm(forms.Form):
    """A staff member's own data for conflicts of interest (registration.conflicts)."""

    nip = forms.CharField(
        label=_("NIP sendiri"),
        max_length=30,
        required=False,
        help_text=_("Isi bila Anda ASN; pengajuan dengan NIP ini tidak akan Anda tangani."),
    )
    work_unit = forms.CharField(
        label=_("Unit kerja"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"list": "unit-kerja-dikenal"}),
        help_text=_(
            "Pilih dari saran bila unit Anda ada di sana: penulisan yang sama dikenali pasti "
            "(huruf besar-kecil, spasi dan tanda baca tidak dibedakan)."
        ),
    )
    institution = forms.CharField(
        label=_("Instansi"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"list": "instansi-dikenal"}),
    )


class StaffRelativeForm(forms.Form):
    nip = forms.CharField(label=_("NIP kerabat"), max_length=30, required=False)
    name = forms.CharField(label=_("Nama kerabat"), max_length=150, required=False)
    relationship = forms.ChoiceField(
        label=_("Hubungan"),
        choices=[("", _("— pilih —")), *Relationship.choices],
        required=False,
    )


StaffRelativeFormSet = forms.formset_factory(StaffRelativeForm, extra=3, max_num=30)
