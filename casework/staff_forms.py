"""Forms of the engine's staff pages: field syntax only; the rules are in casework.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.constants import Verdict
from casework.workflow import Action
from portal.constants import StepKind


class QueueFilterForm(forms.Form):
    layanan = forms.TypedChoiceField(label=_("Layanan"), required=False, coerce=int)
    langkah = forms.TypedChoiceField(label=_("Langkah"), required=False, coerce=int)

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        services = {step.service_id: step.service for step in steps}
        self.fields["layanan"].choices = [
            ("", _("Semua layanan")),
            *[(pk, service.name) for pk, service in services.items()],
        ]
        self.fields["langkah"].choices = [
            ("", _("Semua langkah")),
            *[(step.pk, f"{step.order}. {step.name}") for step in steps],
        ]


class DocumentVerdictForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Hasil pemeriksaan"),
        choices=[
            (Verdict.VALID, _("Sesuai")),
            (Verdict.NEEDS_REVISION, _("Perlu perbaikan")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Alasan perbaikan"),
        required=False,
        max_length=1000,
        help_text=_("Wajib jika perlu perbaikan; pemohon membacanya."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# What each checking step offers, in the words of its buttons.
_CHECK_CHOICES = {
    StepKind.COMPLETENESS_CHECK: [
        (Action.ACCEPT, _("Lengkap: semua berkas sesuai, lanjut ke verifikasi")),
        (Action.RETURN, _("Kembalikan ke pemohon untuk perbaikan")),
    ],
    StepKind.VERIFICATION: [
        (Action.ACCEPT, _("Berkas dinyatakan lengkap dan benar")),
        (Action.RETURN, _("Kembalikan ke pemohon untuk perbaikan")),
        (Action.REJECT, _("Tolak permohonan (final)")),
    ],
}


class CheckDecisionForm(forms.Form):
    # The step the decision was made at: a second click after the case moved on is refused.
    step = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(label=_("Keputusan"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Catatan atau alasan"),
        required=False,
        max_length=2000,
        help_text=_(
            "Pengembalian mencantumkan alasan setiap berkas yang perlu perbaikan dan catatan "
            "ini. Penolakan wajib diberi alasan."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = _CHECK_CHOICES.get(kind, [])


class DecisionLetterForm(forms.Form):
    number = forms.CharField(label=_("Nomor surat"), max_length=100)
    decided_on = forms.DateField(
        label=_("Tanggal penetapan"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    cases = forms.TypedMultipleChoiceField(
        label=_("Peserta yang ditetapkan"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih sedikitnya satu peserta.")},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].choices = [
            (case.pk, f"{case.name} — {case.nip}") for case in candidates
        ]
