"""Forms of the participants and intake part: field syntax only; the rules are in
assessments.services.participants / eregistration / sessions."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.constants import IntakeMode
from assessments.services.eregistration import ANSWER_MIN_LENGTH, QUESTIONS
from portal.roles import person_label

SEX_CHOICES = (("", _("— pilih —")), ("L", _("Laki-laki")), ("P", _("Perempuan")))
EDUCATION_CHOICES = (
    ("", _("— pilih —")),
    ("SMA", _("SMA/SMK sederajat")),
    ("D3", _("Diploma III")),
    ("D4", _("Diploma IV")),
    ("S1", _("Sarjana (S1)")),
    ("S2", _("Magister (S2)")),
    ("S3", _("Doktor (S3)")),
)


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ParticipantUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas daftar asesi"),
        help_text=_(
            "XLSX atau CSV (UTF-8, dipisah koma atau titik koma), paling besar 2 MB, dengan "
            "kolom NIP, Nama, Jabatan, Unit Kerja dan E-mail."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.csv,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
        error_messages={"required": _("Pilih berkas daftar asesi yang akan diunggah.")},
    )


class _PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return person_label(obj)


class _ParticipantChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} — {obj.nip}"


class SessionForm(forms.Form):
    """An intake session. The querysets (the provider's assessors, the engagement's asesi not
    in another session) come from the view; the service checks them again."""

    mode = forms.ChoiceField(
        label=_("Pelaksanaan"), choices=IntakeMode.choices, widget=forms.RadioSelect
    )
    day = forms.DateField(label=_("Tanggal"), widget=_date_input())
    start_time = forms.TimeField(label=_("Jam mulai (WIB)"), widget=_time_input())
    end_time = forms.TimeField(label=_("Jam selesai (WIB)"), widget=_time_input())
    venue = forms.CharField(
        label=_("Tempat (luring)"),
        max_length=300,
        required=False,
        help_text=_("Wajib untuk intake luring: ruangan dan alamat di instansi."),
    )
    platform = forms.CharField(
        label=_("Aplikasi (daring)"),
        max_length=200,
        required=False,
        help_text=_("Wajib untuk intake daring, mis. e-Assessment LAN dan Zoom."),
    )
    link = forms.URLField(
        label=_("Tautan (daring)"),
        required=False,
        assume_scheme="https",
        help_text=_("Wajib untuk intake daring."),
    )
    support_team = forms.CharField(
        label=_("Tim Pendamping dan Teknis instansi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nama dan nomor telepon; wajib untuk intake daring."),
    )
    assessors = _PersonChoice(
        label=_("Tim Penilaian Kompetensi (asesor)"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih sekurang-kurangnya satu asesor.")},
    )
    participants = _ParticipantChoice(
        label=_("Asesi dalam sesi ini"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Setiap asesi hanya dapat masuk satu sesi."),
    )

    def __init__(self, *args, assessors, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessors"].queryset = assessors
        self.fields["participants"].queryset = participants

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            data["starts_at"] = timezone.make_aware(datetime.combine(day, start))
            data["ends_at"] = timezone.make_aware(datetime.combine(day, end))
        return data

    @classmethod
    def initial_for(cls, session) -> dict:
        starts = timezone.localtime(session.starts_at)
        ends = timezone.localtime(session.ends_at)
        return {
            "mode": session.mode,
            "day": starts.date(),
            "start_time": starts.time(),
            "end_time": ends.time(),
            "venue": session.venue,
            "platform": session.platform,
            "link": session.link,
            "support_team": session.support_team,
            "assessors": list(session.assessors.all()),
            "participants": list(session.participants.all()),
        }


class CvForm(forms.Form):
    """The Daftar Riwayat Hidup (stored as JSON in Participant.cv)."""

    birth_place = forms.CharField(label=_("Tempat lahir"), max_length=100)
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=_date_input())
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=SEX_CHOICES)
    religion = forms.CharField(label=_("Agama"), max_length=50, required=False)
    address = forms.CharField(
        label=_("Alamat rumah"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    phone = forms.RegexField(
        label=_("Nomor telepon/HP"),
        regex=r"^\+?[0-9 ()\-]{8,20}$",
        error_messages={"invalid": _("Tulis nomor telepon dengan angka, mis. 0812 3456 7890.")},
    )
    education_level = forms.ChoiceField(label=_("Pendidikan terakhir"), choices=EDUCATION_CHOICES)
    education_institution = forms.CharField(
        label=_("Nama perguruan tinggi/sekolah"), max_length=200
    )
    education_major = forms.CharField(label=_("Jurusan/program studi"), max_length=200)
    education_year = forms.IntegerField(label=_("Tahun lulus"), min_value=1950, max_value=2100)
    rank = forms.CharField(
        label=_("Pangkat/golongan ruang"), max_length=100, help_text=_("Mis. Penata, III/c.")
    )
    position = forms.CharField(label=_("Jabatan saat ini"), max_length=200)
    position_since = forms.DateField(label=_("Menduduki jabatan sejak"), widget=_date_input())
    work_history = forms.CharField(
        label=_("Riwayat pekerjaan/jabatan"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Satu jabatan per baris: tahun, jabatan, unit kerja."),
    )
    training_history = forms.CharField(
        label=_("Riwayat diklat/pelatihan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Satu pelatihan per baris: tahun, nama pelatihan, penyelenggara."),
    )

    def as_json(self) -> dict:
        """The cleaned data as JSON values (dates as ISO strings, lists as lines)."""
        data = {}
        for key, value in self.cleaned_data.items():
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            elif key in {"work_history", "training_history"}:
                value = [line.strip() for line in value.splitlines() if line.strip()]
            data[key] = value
        return data

    @classmethod
    def initial_from(cls, cv: dict) -> dict:
        initial = dict(cv or {})
        for key in ("work_history", "training_history"):
            if isinstance(initial.get(key), list):
                initial[key] = "\n".join(initial[key])
        return initial


class QuestionnaireForm(forms.Form):
    """The questionnaire: five required answers of at least ANSWER_MIN_LENGTH characters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label, hint in QUESTIONS:
            self.fields[key] = forms.CharField(
                label=label,
                help_text=hint,
                min_length=ANSWER_MIN_LENGTH,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={
                    "required": _("Pertanyaan ini wajib dijawab."),
                    "min_length": _(
                        "Jawaban terlalu singkat: tulis sekurang-kurangnya %(limit_value)d "
                        "huruf (sekarang %(show_value)d)."
                    ),
                },
            )
