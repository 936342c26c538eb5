"""Choices of the registration app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LevelCategory(models.TextChoices):
    AHLI = "ahli", _("Keahlian")
    TERAMPIL = "terampil", _("Keterampilan")


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class ExamPurpose(models.TextChoices):
    PROMOTION = "kenaikan_jenjang", _("Kenaikan jenjang")
    TRANSFER = "perpindahan", _("Perpindahan dari jabatan lain")
    CATEGORY_CHANGE = "alih_kategori", _("Alih kategori")
    FIRST_APPOINTMENT = "pengangkatan_pertama", _("Pengangkatan pertama")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan, menunggu verifikasi")
    IN_REVIEW = "in_review", _("Sedang diverifikasi")
    RETURNED = "returned", _("Dikembalikan untuk perbaikan")
    VERIFIED = "verified", _("Terverifikasi")
    SCHEDULED = "scheduled", _("Terjadwal ujian")
    PASSED = "passed", _("Lulus uji kompetensi")
    FAILED = "failed", _("Tidak lulus uji kompetensi")
    REJECTED = "rejected", _("Ditolak")


# Applications that have ended without a certificate: the candidate may start a new one.
CLOSED_STATUSES = [ApplicationStatus.REJECTED.value, ApplicationStatus.FAILED.value]


class Verdict(models.TextChoices):
    PENDING = "pending", _("Belum diperiksa")
    VALID = "valid", _("Sesuai")
    NEEDS_REVISION = "needs_revision", _("Perlu perbaikan")
