"""Choices of the registration app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LevelCategory(models.TextChoices):
    AHLI = "ahli", _("Keahlian")
    TERAMPIL = "terampil", _("Keterampilan")
