"""Forms of the complaint team's screens: field syntax only; the rules (which transition when,
what each needs, which files are accepted) are in complaints.services and complaints.workflow.
Times are typed in WIB and become aware datetimes in Asia/Jakarta here."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.constants import (
    AboutKind,
    Channel,
    ComplaintKind,
    ComplaintStatus,
    MessageKind,
    NamedAs,
    Priority,
    SealPurpose,
)
from complaints.public_forms import MultipleFileField
from complaints.staff_selectors import team_members
from portal.constants import Role
from portal.models import Service
from portal.providers import provider_list
from portal.roles import person_label, provider_scope

WIB = ZoneInfo("Asia/Jakarta")

# Complaints that came in on the portal or through an integration are recorded by themselves.
RECORDED_CHANNELS = [
    (value, label) for value, label in Channel.choices if value not in (Channel.PORTAL, Channel.API)
]


def _attachments_field(help_text) -> MultipleFileField:
    return MultipleFileField(label=_("Lampiran"), required=False, help_text=help_text)


class HandlerField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return person_label(obj)


class ExcludingSelect(forms.Select):
    """A select whose excluded options are shown disabled, with the reason in their label."""

    def __init__(self, *args, excluded: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.excluded = excluded or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        key = getattr(value, "value", value)
        if key in self.excluded:
            option["attrs"]["disabled"] = True
            option["label"] = _("%(name)s — tidak dapat dipilih: %(reason)s") % {
                "name": label,
                "reason": self.excluded[key],
            }
        return option


class AssignForm(forms.Form):
    """Who handles a complaint: a member of its provider's team. Those the complaint names are
    offered disabled with the reason (`excluded`: {user pk: reason}); the service refuses them
    whatever is posted."""

    handler = HandlerField(
        label=_("Ditangani oleh"),
        queryset=get_user_model().objects.none(),
        empty_label=_("— pilih anggota tim —"),
        widget=ExcludingSelect,
    )

    def __init__(self, *args, provider_id: int | None, excluded: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = team_members(provider_id=provider_id)
        self.fields["handler"].widget.excluded = excluded or {}


class NamedStaffForm(forms.Form):
    """A member of the provider's staff the complaint names, and in what capacity."""

    user = HandlerField(
        label=_("Petugas yang disebut"),
        queryset=get_user_model().objects.none(),
        empty_label=_("— pilih petugas —"),
    )
    named_as = forms.ChoiceField(label=_("Disebut sebagai"), choices=NamedAs.choices)

    def __init__(self, *args, provider_id: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, staff_roles__provider_id=provider_id)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(label=_("Prioritas"), choices=Priority.choices)


class AboutForm(forms.Form):
    """What the complaint is about: a kind and its key (complaints.subjects checks the key at
    the complaint's provider). An empty kind: about nothing in particular."""

    about_kind = forms.ChoiceField(
        label=_("Yang diadukan"),
        required=False,
        choices=[("", _("— tidak tentang hal tertentu —")), *AboutKind.choices],
    )
    about_key = forms.CharField(
        label=_("Nomor atau kode"),
        required=False,
        max_length=64,
        help_text=_(
            "Nomor sertifikat atau surat keterangan; nomor sesi uji (sesi uji LSP: lsp-nomor); "
            "nomor akun asesor; atau nomor persyaratan dokumen. Pengaduan tentang hal yang sama "
            "dikelompokkan dan ditangani sekali."
        ),
    )


class ClusterAnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Jawaban untuk semua pelapor dalam kelompok"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Tuliskan jawaban untuk para pelapor.")},
        help_text=_(
            "Dikirim sebagai jawaban pada setiap pengaduan dalam kelompok: tampil di halaman "
            "pelacakan masing-masing pelapor dan dikirim ke e-mail mereka bila ada. Jangan "
            "sebut nama pelapor mana pun."
        ),
    )


# The moves a cluster makes together; the others (forward, reject, duplicate) need words or a
# decision per complaint and are made on each complaint's page.
CLUSTER_TARGETS = (ComplaintStatus.VERIFIED, ComplaintStatus.IN_PROGRESS, ComplaintStatus.CLOSED)


class ClusterStatusForm(forms.Form):
    to = forms.ChoiceField(
        label=_("Status baru semua pengaduan dalam kelompok"),
        choices=[(value, ComplaintStatus(value).label) for value in CLUSTER_TARGETS],
        error_messages={
            "required": _("Pilih status baru."),
            "invalid_choice": _("Pilih status baru dari daftar."),
        },
    )
    note = forms.CharField(
        label=_("Keterangan untuk pelapor"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Tampil di halaman pelacakan setiap pelapor."),
    )


def _note_field(label, help_text) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=help_text,
    )


class StatusForm(forms.Form):
    """The one "Ubah status" form: the next status, chosen among `targets` (the changes
    complaints.workflow allows this member now), and the fields of each target in its own group
    (fieldsets()). Every group is on the page, so the form works without JavaScript; only the
    chosen target's fields are read. What each target needs (a reason to reject, where to
    forward, the original of a duplicate) is complaints.services' rule: its refusal is shown
    next to the field it names (service_field)."""

    # Fields of each target besides its note (the note is `note_<target>`).
    EXTRA_FIELDS = {
        ComplaintStatus.FORWARDED: ("forwarded_to",),
        ComplaintStatus.DUPLICATE: ("duplicate_code",),
    }
    # The fields the service refuses their target without: not marked "(opsional)"; their hint
    # says "Wajib untuk status ini".
    REQUIRED = frozenset({"forwarded_to", "duplicate_code", f"note_{ComplaintStatus.REJECTED}"})

    to = forms.ChoiceField(
        label=_("Status baru"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Pilih status baru pengaduan ini."),
            "invalid_choice": _(
                "Status ini tidak dapat dipilih untuk pengaduan ini sekarang. Pilih salah satu "
                "status yang tersedia."
            ),
        },
    )

    def __init__(self, *args, targets: list[str], labels: dict, **kwargs):
        kwargs.setdefault("auto_id", "status_%s")  # other forms on the page have a note/body
        super().__init__(*args, **kwargs)
        self.targets = targets
        self.fields["to"].choices = [(target, labels[target]) for target in targets]
        if len(targets) == 1:
            self.fields["to"].initial = targets[0]
        for target in targets:
            if target == ComplaintStatus.REJECTED:
                note = _note_field(
                    _("Alasan penolakan"), _("Dikirim ke pelapor dan tampil di halaman pelacakan.")
                )
            else:
                # complaint_transition tells the reporter the note; team remarks go in internal
                # notes.
                note = _note_field(
                    _("Catatan untuk pelapor"),
                    _("Dikirim ke pelapor dan tampil di halaman pelacakan."),
                )
            self.fields[f"note_{target}"] = note
        if ComplaintStatus.FORWARDED in targets:
            self.fields["forwarded_to"] = forms.CharField(
                label=_("Diteruskan kepada"),
                required=False,
                max_length=200,
                help_text=_(
                    "Wajib untuk status ini: instansi atau unit yang berwenang, mis. BKN atau "
                    "Kementerian PANRB."
                ),
            )
        if ComplaintStatus.DUPLICATE in targets:
            self.fields["duplicate_code"] = forms.CharField(
                label=_("Kode pelacakan pengaduan asal"),
                required=False,
                max_length=30,
                help_text=_(
                    "Wajib untuk status ini: pengaduan yang sama yang dilaporkan lebih dulu, "
                    "mis. ADU-7K3M-9QX2."
                ),
            )
        if ComplaintStatus.REJECTED in targets:
            self.fields[f"note_{ComplaintStatus.REJECTED}"].help_text = _(
                "Wajib untuk status ini. Dikirim ke pelapor dan tampil di halaman pelacakan."
            )

    def fieldsets(self) -> list[tuple[str, str, list[tuple]]]:
        """(target, its name, [(bound field, required for it)]) in the order of the choices."""
        return [
            (
                target,
                ComplaintStatus(target).label,
                [
                    (self[name], name in self.REQUIRED)
                    for name in (*self.EXTRA_FIELDS.get(target, ()), f"note_{target}")
                ],
            )
            for target in self.targets
        ]

    def chosen(self) -> dict:
        """The chosen target's fields, as complaint_transition's arguments (after is_valid)."""
        to = self.cleaned_data["to"]
        return {
            "to": to,
            "note": self.cleaned_data.get(f"note_{to}", ""),
            "forwarded_to": self.cleaned_data.get("forwarded_to", "")
            if to == ComplaintStatus.FORWARDED
            else "",
            "duplicate_code": self.cleaned_data.get("duplicate_code", "")
            if to == ComplaintStatus.DUPLICATE
            else "",
        }

    def service_field(self, field: str | None) -> str | None:
        """The field of this form a refusal of complaint_transition names (its argument)."""
        to = self.cleaned_data.get("to")
        return {"note": f"note_{to}", "duplicate_of": "duplicate_code"}.get(field, field)


class ReporterMessageForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis pesan"),
        choices=[
            (MessageKind.REPLY, _("Jawaban")),
            (MessageKind.QUESTION, _("Pertanyaan (pelapor dapat menjawab)")),
        ],
        initial=MessageKind.REPLY,
        widget=forms.RadioSelect,
    )
    body = forms.CharField(
        label=_("Pesan kepada pelapor"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Tampil di halaman pelacakan dan dikirim ke e-mail pelapor."),
    )
    attachments = _attachments_field(_("PDF, JPEG, atau PNG."))


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Catatan internal"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hanya untuk tim pengelola pengaduan; tidak pernah terlihat oleh pelapor."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "catatan_%s")  # the reply form on the same page has a body
        super().__init__(*args, **kwargs)


class SealOpenForm(forms.Form):
    """Why a handler opens an anonymous reporter's sealed identity (the length of the reason is
    the service's rule: complaints.services.complaint_seal_open)."""

    purpose = forms.ChoiceField(label=_("Tujuan"), choices=SealPurpose.choices)
    reason = forms.CharField(
        label=_("Alasan"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Untuk apa identitas pelapor diperlukan. Dicatat dan dilaporkan kepada supervisor."
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "segel_%s")
        super().__init__(*args, **kwargs)


class RecordForm(forms.Form):
    """A complaint that came in through another channel, as the team member read it there."""

    channel = forms.ChoiceField(label=_("Saluran"), choices=RECORDED_CHANNELS)
    external_reference = forms.CharField(
        label=_("Nomor rujukan saluran"),
        required=False,
        max_length=100,
        help_text=_("Wajib untuk SP4N-LAPOR!: nomor laporannya. Untuk surat: nomor surat."),
    )
    received_date = forms.DateField(
        label=_("Tanggal diterima"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    received_time = forms.TimeField(
        label=_("Jam diterima (WIB)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    kind = forms.ChoiceField(
        label=_("Jenis"),
        choices=ComplaintKind.choices,
        initial=ComplaintKind.COMPLAINT,
        widget=forms.RadioSelect,
    )
    service = forms.ModelChoiceField(
        label=_("Layanan yang diadukan"),
        queryset=Service.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label=_("— tidak terkait layanan tertentu —"),
    )
    provider = forms.ModelChoiceField(
        label=_("Penyelenggara yang diadukan"),
        queryset=provider_list(),
        required=False,
        empty_label=_("— bila tidak tentang layanan tertentu —"),
        help_text=_("Tanpa layanan dan penyelenggara: pengelola portal ini."),
    )
    subject = forms.CharField(label=_("Judul"), max_length=200)
    description = forms.CharField(
        label=_("Uraian"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )
    incident_date = forms.DateField(
        label=_("Tanggal kejadian"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reporter_name = forms.CharField(label=_("Nama pelapor"), required=False, max_length=150)
    reporter_email = forms.EmailField(
        label=_("E-mail pelapor"),
        required=False,
        help_text=_("Jika diisi, pelapor menerima kode pelacakan dan setiap jawaban."),
    )
    reporter_phone = forms.CharField(
        label=_("Telepon/WhatsApp pelapor"), required=False, max_length=20
    )
    anonymous = forms.BooleanField(
        label=_("Pelapor meminta identitasnya dirahasiakan (anonim)"),
        required=False,
        help_text=_("Nama hanya terlihat oleh tim pengelola pengaduan."),
    )
    confidential = forms.BooleanField(
        label=_("Laporan bersifat rahasia"),
        required=False,
        help_text=_("Laporan tidak pernah ditampilkan kepada publik."),
    )
    attachments = _attachments_field(
        _("Pindaian surat, tangkapan layar, atau foto: PDF, JPEG, atau PNG.")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The services and providers of the user's own teams: a complaint recorded for another
        # provider would go to a team the user is not on (complaint_submit refuses it).
        team = provider_scope(user, Role.COMPLAINT_HANDLER, path="provider")
        self.fields["service"].queryset = self.fields["service"].queryset.filter(team)
        self.fields["provider"].queryset = self.fields["provider"].queryset.filter(
            provider_scope(user, Role.COMPLAINT_HANDLER, path="pk")
        )
        now = timezone.localtime(timezone.now(), WIB)
        self.initial.setdefault("received_date", now.date())
        self.initial.setdefault("received_time", now.time().replace(second=0, microsecond=0))

    # complaint_submit's argument -> this form's field
    SERVICE_FIELDS = {"received_at": "received_time"}

    def clean(self):
        """The typed WIB date and time as one aware datetime. Which channel needs a reference
        and whether the time may be in the future are complaint_submit's rules."""
        data = super().clean()
        day, clock = data.get("received_date"), data.get("received_time")
        if day and clock:
            data["received_at"] = datetime.combine(day, clock, tzinfo=WIB)
        return data
