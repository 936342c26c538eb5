"""Choices of the certificates app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateStatus(models.TextChoices):
    """The certificate pipeline of seed 000, one state per stage (DESIGN.md step 7)."""

    DATA_CHECK = "data_check", _("Validasi data")  # candidate confirms, officer validates
    ISSUANCE = "issuance", _("Penerbitan")  # validated, waiting for its number
    DISPOSITION = "disposition", _("Disposisi")  # only Ahli Madya -> Ahli Utama
    SIGNING = "signing", _("Tanda tangan pejabat")
    LEGALISATION = "legalisation", _("Alih media dan legalisir")
    SHIPPING = "shipping", _("Siap dikirim")
    SENT = "sent", _("Dikirim")
    DELIVERED = "delivered", _("Diterima")


class FileState(models.TextChoices):
    """Where a PDF is: the task renders and signs it, the re-drive picks up what stalled."""

    NONE = "", _("Belum diminta")
    PENDING = "pending", _("Sedang dibuat")
    READY = "ready", _("Siap")


class BulkKind(models.TextChoices):
    """What a bulk download (certificates.bulk) puts in its ZIP."""

    CERTIFICATES = "sertifikat", _("Sertifikat (PDF bertanda tangan)")
    LETTERS = "surat-hasil", _("Surat keterangan hasil uji")


class BulkStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    RUNNING = "running", _("Sedang dibuat")
    READY = "ready", _("Siap diunduh")
    FAILED = "failed", _("Gagal")
    EXPIRED = "expired", _("Kedaluwarsa")
