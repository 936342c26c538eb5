"""The satisfaction survey form: the nine elements of PermenPANRB 14/2017 with the questions and
four answers of the regulation's sample questionnaire, and the optional respondent profile."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import Service
from survey.constants import AgeBand, Education, Occupation, Sex
from survey.ikm import ELEMENTS

# Per element: the question, and the answers for 1 to 4 (worst to best).
QUESTIONS = {
    "u1": (
        _(
            "Bagaimana pendapat Anda tentang kesesuaian persyaratan pelayanan dengan jenis "
            "pelayanannya?"
        ),
        (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    ),
    "u2": (
        _("Bagaimana pemahaman Anda tentang kemudahan prosedur pelayanan?"),
        (_("Tidak mudah"), _("Kurang mudah"), _("Mudah"), _("Sangat mudah")),
    ),
    "u3": (
        _("Bagaimana pendapat Anda tentang kecepatan waktu dalam memberikan pelayanan?"),
        (_("Tidak cepat"), _("Kurang cepat"), _("Cepat"), _("Sangat cepat")),
    ),
    "u4": (
        _("Bagaimana pendapat Anda tentang kewajaran biaya/tarif dalam pelayanan?"),
        (_("Sangat mahal"), _("Cukup mahal"), _("Murah"), _("Gratis")),
    ),
    "u5": (
        _(
            "Bagaimana pendapat Anda tentang kesesuaian produk pelayanan yang tercantum dalam "
            "standar pelayanan dengan hasil yang diberikan?"
        ),
        (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    ),
    "u6": (
        _("Bagaimana pendapat Anda tentang kompetensi/kemampuan petugas dalam pelayanan?"),
        (_("Tidak kompeten"), _("Kurang kompeten"), _("Kompeten"), _("Sangat kompeten")),
    ),
    "u7": (
        _(
            "Bagaimana pendapat Anda tentang perilaku petugas dalam pelayanan terkait kesopanan "
            "dan keramahan?"
        ),
        (
            _("Tidak sopan dan ramah"),
            _("Kurang sopan dan ramah"),
            _("Sopan dan ramah"),
            _("Sangat sopan dan ramah"),
        ),
    ),
    "u8": (
        _("Bagaimana pendapat Anda tentang penanganan pengaduan pengguna layanan?"),
        (
            _("Tidak ada"),
            _("Ada tetapi tidak berfungsi"),
            _("Berfungsi kurang maksimal"),
            _("Dikelola dengan baik"),
        ),
    ),
    "u9": (
        _("Bagaimana pendapat Anda tentang kualitas sarana dan prasarana?"),
        (_("Buruk"), _("Cukup"), _("Baik"), _("Sangat baik")),
    ),
}

NOT_GIVEN = [("", _("— tidak ingin mengisi —"))]


class SurveyForm(forms.Form):
    sex = forms.ChoiceField(
        label=_("Jenis kelamin"), choices=NOT_GIVEN + Sex.choices, required=False
    )
    age_band = forms.ChoiceField(
        label=_("Usia"), choices=NOT_GIVEN + AgeBand.choices, required=False
    )
    education = forms.ChoiceField(
        label=_("Pendidikan terakhir"), choices=NOT_GIVEN + Education.choices, required=False
    )
    occupation = forms.ChoiceField(
        label=_("Pekerjaan"), choices=NOT_GIVEN + Occupation.choices, required=False
    )
    suggestion = forms.CharField(
        label=_("Saran untuk perbaikan layanan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    PROFILE_FIELDS = ("sex", "age_band", "education", "occupation")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, code in enumerate(ELEMENTS, start=1):
            question, answers = QUESTIONS[code]
            self.fields[code] = forms.TypedChoiceField(
                label=f"{number}. {question}",
                choices=[(value, answer) for value, answer in enumerate(answers, start=1)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Pilih salah satu jawaban untuk pertanyaan ini."),
                    "invalid_choice": _("Pilih salah satu dari empat jawaban yang tersedia."),
                },
            )
        self.order_fields([*ELEMENTS, *self.PROFILE_FIELDS, "suggestion"])

    def element_fields(self):
        return [self[code] for code in ELEMENTS]

    def profile_fields(self):
        return [self[name] for name in self.PROFILE_FIELDS]

    def answers(self) -> dict[str, int]:
        return {code: self.cleaned_data[code] for code in ELEMENTS}

    def respondent(self) -> dict[str, str]:
        """The optional profile and the suggestion, as survey_submit takes them."""
        return {name: self.cleaned_data[name] for name in (*self.PROFILE_FIELDS, "suggestion")}


class SurveyResultsFilter(forms.Form):
    layanan = forms.ModelChoiceField(
        label=_("Layanan"),
        # The list shows names and sends slugs; the chosen one filters by its id. A service's
        # row is wide (its whole standard): only these columns are read.
        queryset=Service.objects.order_by("name").only("pk", "name", "slug"),
        to_field_name="slug",
        required=False,
        empty_label=_("Semua layanan"),
    )

    def __init__(self, *args, provider_ids, **kwargs):
        super().__init__(*args, **kwargs)
        # The services of the reader's own providers: no other provider's figures.
        self.fields["layanan"].queryset = self.fields["layanan"].queryset.filter(
            provider_id__in=provider_ids
        )
