"""Choices shared by every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Staff roles. The value is the name of the Django group that grants the role."""

    VERIFIER = "Tim Verifikasi", _("Tim verifikasi")
    SCHEDULER = "Panitia Penjadwalan", _("Panitia penjadwalan")
    ASSESSOR = "Asesor", _("Asesor")
    BKPSDM_OFFICER = "Pejabat BKPSDM", _("Pejabat BKPSDM (disposisi)")
    CERTIFICATE_OFFICER = "Petugas Sertifikat", _("Petugas sertifikat")
    SIGNING_OFFICIAL = "Pejabat Penandatangan", _("Pejabat penandatangan")
    COMPLAINT_HANDLER = "Tim Pengelola Pengaduan", _("Tim pengelola pengaduan")
    ADMINISTRATOR = "Administrator", _("Administrator")


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu dikirim")
    SENT = "sent", _("Terkirim")
    FAILED = "failed", _("Gagal (dihentikan)")
