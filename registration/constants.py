"""Choices of the registration app."""

from dataclasses import dataclass
from datetime import timedelta

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
# Every state the verification panel sees (drafts are the candidate's own business):
# verification.selectors.VISIBLE_STATUSES, and the condition of the index its queue reads.
PANEL_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.IN_REVIEW,
    ApplicationStatus.RETURNED,
    ApplicationStatus.VERIFIED,
    ApplicationStatus.REJECTED,
)


class Verdict(models.TextChoices):
    PENDING = "pending", _("Belum diperiksa")
    VALID = "valid", _("Sesuai")
    NEEDS_REVISION = "needs_revision", _("Perlu perbaikan")


class RegistrationMailKind(models.TextChoices):
    """What the public registration and claim pages mailed. Which one was sent depends on facts
    only the owner of the mailbox may learn, so the pages answer the same for all of them."""

    REGISTER_LINK = "register_link", _("Tautan konfirmasi pendaftaran")
    NIP_TAKEN = "nip_taken", _("NIP sudah memiliki akun")
    EMAIL_TAKEN = "email_taken", _("Alamat sudah dipakai akun lain")
    CLAIM_LINK = "claim_link", _("Tautan klaim NIP")
    CLAIM_NEEDLESS = "claim_needless", _("NIP belum memiliki akun")
    CLAIM_OWN_ADDRESS = "claim_own_address", _("Alamat ini sudah alamat akun NIP")


# A link mailed by the registration or claim page may be opened this long.
REGISTRATION_LINK_VALID_HOURS = 24
REGISTRATION_LINK_VALID = timedelta(hours=REGISTRATION_LINK_VALID_HOURS)
# A second identical request within this time mails nothing more: a double click, or the form
# sent again before the first mail arrived. After it, a request mails afresh.
REGISTRATION_MAIL_REPEAT_AFTER = timedelta(minutes=2)
# What those pages mailed (and the addresses typed) is kept this long, then pruned.
REGISTRATION_MAIL_KEEP = timedelta(days=30)

# Kinds that carry a link to be opened once.
LINK_KINDS = frozenset({RegistrationMailKind.REGISTER_LINK, RegistrationMailKind.CLAIM_LINK})


class ClaimStatus(models.TextChoices):
    """An account claim (see registration.workflow.CLAIM_TRANSITIONS)."""

    SUBMITTED = "submitted", _("Menunggu pemeriksaan")
    APPROVED = "approved", _("Disetujui, akun dialihkan")
    REJECTED = "rejected", _("Ditolak")


class ClaimDocumentKind(models.TextChoices):
    KTP = "ktp", _("KTP")
    EMPLOYEE_CARD = "kartu_pegawai", _("Kartu Pegawai (Karpeg/KPE)")


@dataclass(frozen=True)
class ClaimUploadRules:
    """What KTP and Kartu Pegawai files of a claim must be (portal.uploads.UploadRules): the
    same as those documents of the librarian exam."""

    accepted_kinds: tuple[str, ...] = ("pdf", "jpeg", "png")
    max_size_bytes: int = 2048 * 1024
    is_photo: bool = False
    photo_min_width: int = 0
    photo_min_height: int = 0


CLAIM_UPLOAD_RULES = ClaimUploadRules()


class Relationship(models.TextChoices):
    """How a relative a staff member declares is related to them (conflict of interest)."""

    SPOUSE = "spouse", _("suami/istri")
    CHILD = "child", _("anak")
    PARENT = "parent", _("orang tua")
    SIBLING = "sibling", _("saudara kandung")
    IN_LAW = "in_law", _("mertua/menantu/ipar")
    OTHER = "other", _("kerabat lain")
