"""Choices of the scheduling app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    OPEN = "open", _("Dibuka untuk pemesanan")
    CLOSED = "closed", _("Pemesanan ditutup")
    HELD = "held", _("Telah dilaksanakan")
    CANCELLED = "cancelled", _("Dibatalkan")


class SessionMode(models.TextChoices):
    ONLINE = "online", _("Daring")
    OFFLINE = "offline", _("Luring")
