"""Forms of the public complaint pages and the intake API: field syntax only. Which files are
accepted, what happens to the complaint and what the reporter may do are complaints.services'."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from complaints.constants import AboutKind, ComplaintKind
from complaints.exceptions import ComplaintError
from complaints.services import MAX_ATTACHMENTS
from complaints.subjects import subjects_of_reporter
from portal.models import Provider, Requirement, Service
from portal.providers import (
    COMPLAINT_PROVIDER_CHOICES_KEY,
    COMPLAINT_REQUIREMENT_CHOICES_KEY,
    COMPLAINT_SERVICE_CHOICES_KEY,
    cached_choices,
    provider_list,
)

# The file picker offers what the server accepts (Open Forms #524).
ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; their content is checked by complaints.services."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("Paling banyak %(count)d lampiran sekaligus."),
                params={"count": MAX_ATTACHMENTS},
            )
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


def service_error_show(form: forms.Form, error: ComplaintError) -> None:
    """Show a refusal of complaints.services next to the field it names (through the form's
    SERVICE_FIELDS where the names differ), else above the form. What was typed stays."""
    field = getattr(form, "SERVICE_FIELDS", {}).get(error.field, error.field)
    form.add_error(field if field in form.fields else None, error.message)


def _attachments_field() -> MultipleFileField:
    return MultipleFileField(
        label=_("Lampiran"),
        required=False,
        help_text=_(
            "Bukti pendukung, mis. tangkapan layar, foto, atau pindaian surat: PDF, JPEG, atau "
            "PNG, paling besar 5 MB per berkas, paling banyak 5 berkas. Data lokasi dan kamera "
            "pada foto kami hapus."
        ),
    )


def _active_services():
    return Service.objects.filter(is_active=True).select_related("provider").order_by("name")


class _ByProvider(ModelChoiceIterator):
    """The services grouped under their provider's name (one <optgroup> each), read from the
    cache (portal.providers.cached_choices; dropped when a provider or a service changes)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from cached_choices(COMPLAINT_SERVICE_CHOICES_KEY, self.read)

    def read(self) -> list:
        groups: dict[str, list] = {}
        for service in self.queryset.order_by("provider__name", "name"):
            value, label = self.choice(service)
            groups.setdefault(service.provider.name, []).append((value.value, label))
        return list(groups.items())


class ServiceChoiceField(forms.ModelChoiceField):
    """A service, under the provider that runs it: the reporter sees who will answer."""

    iterator = _ByProvider


class _Providers(ModelChoiceIterator):
    """Every provider (its slug, its name), read from the cache as the services are."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from cached_choices(COMPLAINT_PROVIDER_CHOICES_KEY, self.read)

    def read(self) -> list:
        return [(value.value, label) for value, label in map(self.choice, self.queryset)]


class ProviderChoiceField(forms.ModelChoiceField):
    iterator = _Providers


class _RequirementsByService(ModelChoiceIterator):
    """The active services' document requirements under their service's name (one <optgroup>
    each), read from the cache as the services are (dropped when a requirement changes)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from cached_choices(COMPLAINT_REQUIREMENT_CHOICES_KEY, self.read)

    def read(self) -> list:
        groups: dict[str, list] = {}
        requirements = self.queryset.order_by(
            "service__provider__name", "service__name", "service_id", "order", "pk"
        )
        for requirement in requirements:
            service = requirement.service
            group = f"{service.name} ({service.provider.name})"
            groups.setdefault(group, []).append((requirement.pk, requirement.name))
        return list(groups.items())


class RequirementChoiceField(forms.ModelChoiceField):
    iterator = _RequirementsByService


def _provider_field() -> forms.ModelChoiceField:
    return ProviderChoiceField(
        label=_("Penyelenggara yang dilaporkan"),
        queryset=provider_list(),
        to_field_name="slug",
        required=False,
        empty_label=_("— pilih bila laporan tidak tentang layanan tertentu —"),
        help_text=_(
            "Laporan tentang suatu layanan diteruskan ke penyelenggara layanan itu. Tanpa "
            "layanan dan penyelenggara, laporan ditangani pengelola portal ini."
        ),
    )


class ComplaintFields(forms.Form):
    """What a complaint says, the same on the public form and the intake API."""

    kind = forms.ChoiceField(
        label=_("Jenis laporan"),
        choices=ComplaintKind.choices,
        initial=ComplaintKind.COMPLAINT,
        widget=forms.RadioSelect,
    )
    subject = forms.CharField(label=_("Judul laporan"), max_length=200)
    description = forms.CharField(
        label=_("Uraian"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("Ceritakan apa yang terjadi, kapan, di mana, dan siapa yang terlibat."),
    )
    incident_date = forms.DateField(
        label=_("Tanggal kejadian"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reporter_name = forms.CharField(label=_("Nama"), required=False, max_length=150)
    reporter_email = forms.EmailField(
        label=_("Alamat e-mail"),
        required=False,
        help_text=_(
            "Kami kirimkan kode pelacakan dan setiap jawaban ke alamat ini. Tanpa e-mail, Anda "
            "mengikuti laporan hanya dengan kode pelacakan."
        ),
    )
    reporter_phone = forms.CharField(
        label=_("Nomor telepon/WhatsApp"), required=False, max_length=20
    )
    anonymous = forms.BooleanField(
        label=_("Rahasiakan identitas saya (anonim)"),
        required=False,
        help_text=_(
            "Nama dan kontak Anda disegel: tidak terlihat oleh publik maupun petugas, termasuk "
            "tim pengelola pengaduan. Pengelola hanya dapat membukanya dengan alasan tertulis "
            "(mis. untuk menghubungi Anda kembali); setiap pembukaan dicatat dan diberitahukan "
            "kepada pengawas pengaduan penyelenggara."
        ),
    )
    confidential = forms.BooleanField(
        label=_("Laporan ini rahasia"),
        required=False,
        help_text=_(
            "Isi laporan tidak pernah ditampilkan kepada publik, juga tidak dalam contoh atau "
            "rekapitulasi laporan pengaduan."
        ),
    )


class ComplaintForm(ComplaintFields):
    """The public form: anyone, no account needed."""

    service = ServiceChoiceField(
        label=_("Layanan yang dilaporkan"),
        queryset=_active_services(),
        required=False,
        empty_label=_("— tidak terkait layanan tertentu —"),
    )
    provider = _provider_field()
    about_requirement = RequirementChoiceField(
        label=_("Persyaratan dokumen yang dilaporkan (opsional)"),
        queryset=Requirement.objects.filter(service__is_active=True).select_related(
            "service__provider"
        ),
        required=False,
        empty_label=_("— tidak tentang persyaratan dokumen tertentu —"),
        help_text=_(
            "Bila laporan tentang suatu persyaratan dokumen, pilih dari persyaratan layanan yang "
            "Anda laporkan."
        ),
        error_messages={"invalid_choice": _("Pilih persyaratan dokumen dari daftar.")},
    )
    about_certificate = forms.CharField(
        label=_("Nomor sertifikat yang dilaporkan"),
        required=False,
        max_length=64,
        help_text=_(
            "Bila laporan tentang suatu sertifikat, tuliskan nomornya (mis. tercetak pada "
            "sertifikat). Laporan tentang sertifikat yang sama ditangani bersama; kode "
            "pelacakan dan kerahasiaan Anda tetap milik Anda. Perhatikan: nomor sertifikat "
            "menunjuk pemegangnya, jadi bila sertifikat itu milik Anda, nomornya dapat "
            "mengungkap siapa Anda walaupun Anda memilih anonim. Petugas tanpa pembukaan segel "
            "melihatnya sebagai “Sertifikat (disegel)”."
        ),
    )
    attachments = _attachments_field()
    # A refusal of what the complaint is about is shown next to the field it was given in
    # (clean() points it at the one chosen).
    SERVICE_FIELDS = {"about_key": "about_certificate", "about_kind": "about_certificate"}
    # The honeypot: hidden from people and from screen readers (see the template), so only a
    # bot that fills every field fills it in.
    website = forms.CharField(
        label=_("Situs web"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    field_order = [
        "kind",
        "service",
        "provider",
        "about_requirement",
        "about_own",
        "about_certificate",
        "subject",
        "description",
        "incident_date",
        "attachments",
        "reporter_name",
        "reporter_email",
        "reporter_phone",
        "anonymous",
        "confidential",
    ]

    def __init__(self, *args, reporter=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A signed-in reporter picks one of their own sessions or certificates; the list is the
        # check (complaints.services checks a session again).
        own = subjects_of_reporter(reporter)
        if own:
            self.fields["about_own"] = forms.ChoiceField(
                label=_("Sesi uji atau sertifikat Anda yang dilaporkan (opsional)"),
                required=False,
                choices=[("", _("— tidak tentang sesi uji atau sertifikat saya —"))]
                + [(subject.value, subject.label) for subject in own],
                help_text=_(
                    "Sesi uji dan sertifikat Anda sendiri. Bila Anda memilih anonim, sertifikat "
                    "Anda dapat mengungkap siapa Anda; petugas tanpa pembukaan segel melihatnya "
                    "sebagai “Sertifikat (disegel)”."
                ),
                error_messages={
                    "invalid_choice": _("Pilih sesi uji atau sertifikat Anda sendiri dari daftar.")
                },
            )
            self.order_fields(self.field_order)

    def clean(self):
        data = super().clean()
        given = []  # (field, kind, key)
        certificate = (data.get("about_certificate") or "").strip()
        if certificate:
            given.append(("about_certificate", AboutKind.CERTIFICATE, certificate))
        requirement = data.get("about_requirement")
        if requirement is not None:
            given.append(("about_requirement", AboutKind.REQUIREMENT, str(requirement.pk)))
            service = data.get("service")
            if service is None or requirement.service_id != service.pk:
                self.add_error(
                    "about_requirement",
                    _(
                        "Persyaratan dokumen ini bukan persyaratan layanan yang Anda pilih. Pilih "
                        "layanannya pada “Layanan yang dilaporkan”, atau pilih persyaratan dari "
                        "layanan itu."
                    ),
                )
        own = data.get("about_own")
        if own:
            kind, _sep, key = own.partition(":")
            given.append(("about_own", kind, key))
        if len(given) > 1:
            raise forms.ValidationError(
                _(
                    "Pilih satu saja yang dilaporkan: persyaratan dokumen, sesi uji atau "
                    "sertifikat Anda, atau nomor sertifikat. Hal lain dapat Anda laporkan "
                    "tersendiri."
                )
            )
        field, kind, key = given[0] if given else ("about_certificate", "", "")
        data["about_kind"], data["about_key"] = kind, key
        self.SERVICE_FIELDS = {"about_key": field, "about_kind": field}
        return data

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


# The JSON types of the intake API's fields (complaints.api_schema). The fields' own cleaning
# expects what a browser sends (text), and a list or a number can crash it.
_TEXT = (str,)
_TEXT_OR_NULL = (str, type(None))
_BOOLEAN = (bool,)
INTAKE_JSON_TYPES = {
    "kind": _TEXT,
    "subject": _TEXT,
    "description": _TEXT,
    "service": _TEXT_OR_NULL,
    "provider": _TEXT_OR_NULL,
    "incident_date": _TEXT_OR_NULL,
    "reporter_name": _TEXT,
    "reporter_email": _TEXT,
    "reporter_phone": _TEXT,
    "anonymous": _BOOLEAN,
    "confidential": _BOOLEAN,
    "external_reference": _TEXT,
}


class IntakeForm(ComplaintFields):
    """The intake API's body (JSON); the service and the provider are given by their slugs."""

    service = forms.SlugField(required=False)
    provider = forms.SlugField(required=False)
    external_reference = forms.CharField(required=False, max_length=100)

    def full_clean(self):
        """Refuse a value of the wrong JSON type before the field sees it."""
        wrong = {
            name: types
            for name, types in INTAKE_JSON_TYPES.items()
            if name in self.data and not isinstance(self.data[name], types)
        }
        if wrong:
            self.data = {name: value for name, value in self.data.items() if name not in wrong}
        super().full_clean()
        for name, types in wrong.items():
            if types is _BOOLEAN:
                message = _("Isian ini harus bernilai true atau false.")
            elif types is _TEXT_OR_NULL:
                message = _("Isian ini harus berupa teks atau null.")
            else:
                message = _("Isian ini harus berupa teks.")
            self._errors[name] = self.error_class([message])
            self.cleaned_data.pop(name, None)

    def clean_service(self) -> Service | None:
        slug = self.cleaned_data["service"]
        if not slug:
            return None
        service = _active_services().filter(slug=slug).first()
        if service is None:
            raise forms.ValidationError(
                _("Layanan “%(slug)s” tidak dikenal."), params={"slug": slug}
            )
        return service

    def clean_provider(self) -> Provider | None:
        slug = self.cleaned_data["provider"]
        if not slug:
            return None
        provider = provider_list().filter(slug=slug).first()
        if provider is None:
            raise forms.ValidationError(
                _("Penyelenggara “%(slug)s” tidak dikenal."), params={"slug": slug}
            )
        return provider


class TrackLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Kode pelacakan"),
        max_length=30,
        help_text=_("Tertulis di halaman terima kasih dan di e-mail kami, mis. ADU-7K3M-9QX2."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )


class AddInformationForm(forms.Form):
    body = forms.CharField(
        label=_("Keterangan tambahan atau jawaban Anda"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachments = _attachments_field()


class ReopenForm(forms.Form):
    note = forms.CharField(
        label=_("Mengapa masalah Anda belum selesai?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
