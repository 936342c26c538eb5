"""Choices of the integrations app: where a delivery goes and how far it got."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# What a webhook secret is sealed for (portal.encryption): its key is this use's alone.
SECRET_PURPOSE = "integrations.webhook-secret"  # noqa: S105 - a label, not a secret

# Event kinds (integrations.events).
RESENT_EVENT = "resent"
DEACTIVATED_EVENT = "deactivated"
ROTATED_EVENT = "secret_rotated"


class DeliveryTarget(models.TextChoices):
    WEBHOOK = "webhook", _("Webhook penyelenggara")
    LAPOR = "lapor", _("SP4N-LAPOR!")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    DELIVERED = "delivered", _("Terkirim")
    FAILED = "failed", _("Gagal (dihentikan)")
