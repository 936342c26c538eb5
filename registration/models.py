"""The librarian registry (database Pustakawan), its reference data, and user accounts."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from registration.constants import LevelCategory


class Rank(models.Model):
    """Pangkat/golongan ruang, e.g. III/a Penata Muda. Reference data, kept in the database."""

    code = models.CharField(_("golongan"), max_length=8, unique=True)
    name = models.CharField(_("pangkat"), max_length=64)
    order = models.PositiveSmallIntegerField(_("urutan"), unique=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("pangkat/golongan")
        verbose_name_plural = _("pangkat/golongan")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Level(models.Model):
    """Jenjang jabatan fungsional pustakawan, with the ranks that belong to it."""

    code = models.SlugField(_("kode"), max_length=32, unique=True)
    name = models.CharField(_("nama"), max_length=64, unique=True)
    category = models.CharField(_("kategori"), max_length=16, choices=LevelCategory.choices)
    order = models.PositiveSmallIntegerField(_("urutan"), unique=True)
    lowest_rank = models.ForeignKey(
        Rank, on_delete=models.PROTECT, related_name="+", verbose_name=_("golongan terendah")
    )
    highest_rank = models.ForeignKey(
        Rank, on_delete=models.PROTECT, related_name="+", verbose_name=_("golongan tertinggi")
    )

    class Meta:
        ordering = ["order"]
        verbose_name = _("jenjang jabatan")
        verbose_name_plural = _("jenjang jabatan")

    def __str__(self) -> str:
        return self.name


class Librarian(models.Model):
    """One entry of the librarian registry, imported from the national registry's export."""

    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    institution = models.CharField(_("instansi"), max_length=200, blank=True)
    work_unit = models.CharField(_("unit kerja"), max_length=200, blank=True)
    level = models.ForeignKey(
        Level, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("jenjang")
    )
    rank = models.ForeignKey(
        Rank, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("pangkat/golongan")
    )
    created_at = models.DateTimeField(_("ditambahkan"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("pustakawan (registri)")
        verbose_name_plural = _("registri pustakawan")

    def __str__(self) -> str:
        return f"{self.name} ({self.nip})"


class User(AbstractUser):
    """A person who logs in. Candidates' username is their NIP; staff have a chosen username."""

    email = models.EmailField(_("alamat e-mail"), blank=True)
    nip = models.CharField(_("NIP"), max_length=18, unique=True, null=True, blank=True)
    must_change_password = models.BooleanField(
        _("wajib ganti kata sandi"),
        default=False,
        help_text=_("Diminta mengganti kata sandi pada login berikutnya."),
    )

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="user_email_unique_ci",
                violation_error_message=_("Alamat e-mail ini sudah dipakai akun lain."),
            )
        ]
