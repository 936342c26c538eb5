"""Forms of the verification panel: field syntax only; the rules are in verification.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from registration.constants import ApplicationStatus, ClaimStatus, Verdict
from verification.models import RevisionReason


class DocumentReviewForm(forms.Form):
    """One document's verdict on the review form (prefixed with its requirement's code). No
    choice leaves the document unchecked; the reason is required only where it needs revision,
    which verification.services decides."""

    verdict = forms.ChoiceField(
        label=_("Hasil pemeriksaan"),
        required=False,
        choices=[
            (Verdict.VALID, _("Sesuai")),
            (Verdict.NEEDS_REVISION, _("Perlu perbaikan")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.TypedChoiceField(
        label=_("Alasan perbaikan"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Wajib jika perlu perbaikan: pilih alasan atau tulis catatan."),
    )
    note = forms.CharField(
        label=_("Catatan untuk peserta"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, reasons: list[RevisionReason], document_name: str = "", **kwargs):
        # The reasons are loaded once per page, not once per document's form.
        super().__init__(*args, **kwargs)
        self.document_name = document_name
        self.reasons = {reason.pk: reason for reason in reasons}
        self.fields["reason"].choices = [
            ("", _("— pilih alasan —")),
            *[(reason.pk, reason.text) for reason in reasons],
        ]

    def clean_reason(self) -> RevisionReason | None:
        pk = self.cleaned_data["reason"]
        return self.reasons[pk] if pk is not None else None


DECISION_LABELS = {
    ApplicationStatus.VERIFIED: _("Terverifikasi: semua berkas sesuai"),
    ApplicationStatus.RETURNED: _("Kembalikan untuk perbaikan berkas yang ditandai"),
    ApplicationStatus.REJECTED: _("Tolak pengajuan (tuliskan alasannya pada catatan)"),
}


class DecisionForm(forms.Form):
    """The lower part of the review form: "all valid", the decision and its note. `offered`
    narrows the decisions shown (verification.workflow.decisions_offered); a submitted one is
    checked against the verdicts by the service, whose refusal is shown next to it."""

    all_valid = forms.BooleanField(
        label=_("Semua berkas sesuai"),
        required=False,
        help_text=_("Menandai setiap berkas di atas “Sesuai” sekaligus."),
    )
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        required=False,
        choices=list(DECISION_LABELS.items()),
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Catatan keputusan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Dikirim ke peserta melalui e-mail. Wajib diisi jika pengajuan ditolak."),
    )

    def offer(self, decisions: list[str]) -> None:
        self.fields["decision"].choices = [(d, DECISION_LABELS[d]) for d in decisions]


class AccountClaimDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[
            (ClaimStatus.APPROVED, _("Setujui: alihkan akun NIP ini kepada pemohon")),
            (ClaimStatus.REJECTED, _("Tolak klaim")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Alasan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib jika klaim ditolak; pemohon menerimanya lewat e-mail."),
    )
