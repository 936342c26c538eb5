"""Forms of the verification panel: field syntax only; the rules are in verification.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from registration.constants import ApplicationStatus, ClaimStatus, Verdict
from verification.models import RevisionReason


class DocumentReviewForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Hasil pemeriksaan"),
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

    def __init__(self, *args, reasons: list[RevisionReason], **kwargs):
        # The reasons are loaded once per page, not once per document's form.
        super().__init__(*args, **kwargs)
        self.reasons = {reason.pk: reason for reason in reasons}
        self.fields["reason"].choices = [
            ("", _("— pilih alasan —")),
            *[(reason.pk, reason.text) for reason in reasons],
        ]

    def clean_reason(self) -> RevisionReason | None:
        pk = self.cleaned_data["reason"]
        return self.reasons[pk] if pk is not None else None


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[
            (ApplicationStatus.VERIFIED, _("Verifikasi: semua berkas sesuai")),
            (ApplicationStatus.RETURNED, _("Kembalikan ke peserta untuk perbaikan berkas")),
            (ApplicationStatus.REJECTED, _("Tolak pengajuan")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Catatan keputusan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Dikirim ke peserta melalui e-mail. Wajib diisi jika pengajuan ditolak."),
    )


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
