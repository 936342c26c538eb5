"""The verification panel's records: the reasons list and every verdict given on a document."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registration.constants import Verdict


class RevisionReason(models.Model):
    """A standard reason for returning a document, maintained by the administrator."""

    text = models.CharField(_("alasan"), max_length=200, unique=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["order", "text"]
        verbose_name = _("alasan perbaikan")
        verbose_name_plural = _("alasan perbaikan")

    def __str__(self) -> str:
        return self.text


class DocumentReview(models.Model):
    """One verdict on one document version. Rows are only added, never changed: the latest row
    for a version is its verdict, the earlier ones are its history."""

    document = models.ForeignKey(
        "registration.Document", on_delete=models.CASCADE, related_name="reviews"
    )
    verdict = models.CharField(_("hasil"), max_length=16, choices=Verdict.choices)
    reason = models.ForeignKey(
        RevisionReason,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("alasan"),
    )
    note = models.TextField(_("catatan"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pemeriksaan berkas")
        verbose_name_plural = _("pemeriksaan berkas")

    def __str__(self) -> str:
        return f"{self.document}: {self.get_verdict_display()}"
