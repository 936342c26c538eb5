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


class Attendance(models.TextChoices):
    PRESENT = "present", _("Hadir")
    ABSENT = "absent", _("Tidak hadir")


class Outcome(models.TextChoices):
    PASSED = "passed", _("Lulus")
    FAILED = "failed", _("Tidak lulus")
    ABSENT = "absent", _("Tidak hadir")


class UnitOutcome(models.TextChoices):
    COMPETENT = "competent", _("Kompeten")
    NOT_YET_COMPETENT = "not_yet_competent", _("Belum kompeten")


class ResultStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    PUBLISHED = "published", _("Diumumkan")
