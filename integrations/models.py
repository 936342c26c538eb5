"""What the portal sends to other systems: the providers' webhook subscriptions and every
delivery (a row before the first attempt, so that nothing is lost), with its attempts."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integrations.constants import SECRET_PURPOSE, DeliveryStatus, DeliveryTarget
from portal.encryption import unseal


class WebhookSubscription(models.Model):
    """A provider's endpoint that receives signed notices of the state changes it chose.
    The secret signs every delivery (integrations.signing); it is shown once, when made, and
    kept sealed (portal.encryption): a database dump alone cannot forge a delivery."""

    provider = models.ForeignKey(
        "portal.Provider",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("penyelenggara"),
    )
    name = models.CharField(_("nama"), max_length=120)
    url = models.URLField(_("alamat penerima (URL)"), max_length=500)
    secret_sealed = models.TextField(_("kunci rahasia (terenkripsi)"), editable=False)
    event_types = models.JSONField(_("jenis peristiwa"), default=list)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["provider", "name", "pk"]
        verbose_name = _("langganan webhook")
        verbose_name_plural = _("langganan webhook")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # The same check the service makes (every door: admin form, service, send time).
        from integrations.http import endpoint_url_check

        if self.url:
            try:
                endpoint_url_check(self.url)
            except ValidationError as exc:
                raise ValidationError({"url": exc.error_list}) from exc

    def signing_secret(self) -> str:
        """The secret in clear, to sign a delivery with; never shown after it was made."""
        return unseal(self.secret_sealed, purpose=SECRET_PURPOSE)


class Delivery(models.Model):
    """One message to one receiver (a provider's webhook, or LAPOR!). Messages of one stream
    (one subscription and one object, or one LAPOR! complaint) go out strictly in id order:
    a later one waits until the earlier is delivered or given up (integrations.delivery)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    target = models.CharField(_("tujuan"), max_length=16, choices=DeliveryTarget.choices)
    subscription = models.ForeignKey(
        WebhookSubscription,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("langganan"),
    )
    provider = models.ForeignKey(
        "portal.Provider",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("penyelenggara"),
    )
    stream = models.CharField(_("urutan"), max_length=160)
    event_type = models.CharField(_("jenis peristiwa"), max_length=80)
    payload = models.JSONField(_("isi"))
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)
    last_status_code = models.PositiveSmallIntegerField(
        _("kode HTTP terakhir"), null=True, blank=True
    )
    last_error = models.TextField(_("galat terakhir"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    delivered_at = models.DateTimeField(_("terkirim"), null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("pengiriman")
        verbose_name_plural = _("log pengiriman")
        indexes = [
            models.Index(fields=["stream", "id"], name="delivery_stream"),
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} #{self.pk}"


class DeliveryAttempt(models.Model):
    """One try of a delivery: when, how long, and what the receiver answered."""

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="attempt_log", verbose_name=_("pengiriman")
    )
    started_at = models.DateTimeField(_("mulai"))
    duration_ms = models.PositiveIntegerField(_("durasi (ms)"))
    status_code = models.PositiveSmallIntegerField(_("kode HTTP"), null=True, blank=True)
    error = models.TextField(_("galat"), blank=True)

    class Meta:
        ordering = ["started_at", "id"]
        verbose_name = _("percobaan pengiriman")
        verbose_name_plural = _("percobaan pengiriman")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error[:40]}"
