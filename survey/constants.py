"""Choices of the satisfaction survey (SKM, PermenPANRB 14/2017): the respondent profile and
which use of a service an answer is about."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.constants import IkmMethod  # noqa: F401 - a provider's choice, read here too


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class AgeBand(models.TextChoices):
    UNDER_25 = "<25", _("Di bawah 25 tahun")
    FROM_25 = "25-34", _("25-34 tahun")
    FROM_35 = "35-44", _("35-44 tahun")
    FROM_45 = "45-54", _("45-54 tahun")
    FROM_55 = "55+", _("55 tahun ke atas")


class Education(models.TextChoices):
    SMA = "sma", _("SMA/sederajat atau di bawahnya")
    D3 = "d3", _("Diploma (D1-D4)")
    S1 = "s1", _("S1")
    S2 = "s2", _("S2")
    S3 = "s3", _("S3")


class Occupation(models.TextChoices):
    PNS = "pns", _("PNS/ASN")
    TNI_POLRI = "tni_polri", _("TNI/Polri")
    PRIVATE = "swasta", _("Pegawai swasta")
    SELF = "wirausaha", _("Wirausaha")
    STUDENT = "pelajar", _("Pelajar/mahasiswa")
    OTHER = "lainnya", _("Lainnya")


class SurveySource(models.TextChoices):
    """Which use of the service an answer is about: one answer per use."""

    APPLICATION = "application", _("Layanan uji kompetensi")
    COMPLAINT = "complaint", _("Penanganan pengaduan")
    PUBLIC = "public", _("Formulir publik")
