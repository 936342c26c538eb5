"""Models every app shares: the outgoing-mail outbox and the audit event log."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.constants import EmailStatus


class OutboundEmail(models.Model):
    """One outgoing message. A row exists before any attempt, so nothing is lost when SMTP or
    the broker is down; the send task and the periodic re-drive deliver it exactly once."""

    status = models.CharField(
        _("status"), max_length=16, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    from_email = models.CharField(_("pengirim"), max_length=254)
    to = models.JSONField(_("kepada"), default=list)
    cc = models.JSONField(default=list, blank=True)
    bcc = models.JSONField(default=list, blank=True)
    reply_to = models.JSONField(default=list, blank=True)
    subject = models.CharField(_("subjek"), max_length=998)
    body = models.TextField(_("isi"))
    alternatives = models.JSONField(default=list, blank=True)
    attachments = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    sensitive = models.BooleanField(
        _("berisi rahasia"),
        default=False,
        help_text=_("Isi dihapus setelah terkirim (mis. kata sandi awal)."),
    )
    attempts = models.PositiveIntegerField(_("percobaan"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("e-mail keluar")
        verbose_name_plural = _("e-mail keluar")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"


class Event(models.Model):
    """One thing that happened to a subject (an account, an application, a complaint...):
    who, when, from which state to which, and why. Timelines are read from these rows."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pelaku"),
    )
    kind = models.CharField(_("jenis"), max_length=64)
    from_state = models.CharField(_("dari"), max_length=32, blank=True)
    to_state = models.CharField(_("ke"), max_length=32, blank=True)
    note = models.TextField(_("keterangan"), blank=True)
    created_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("peristiwa")
        verbose_name_plural = _("peristiwa")
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} @ {self.created_at:%Y-%m-%d %H:%M}"
