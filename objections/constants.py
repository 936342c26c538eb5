"""Choices and fixed numbers of objections (keberatan, sanggah)."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

# Working days after the decision (its day not counted, portal.calendar) during which the
# candidate may object: the issue asks for three; the service's own seeds say nothing of it.
OBJECTION_WINDOW_DAYS = 3
REASON_MIN_LENGTH = 20


class ObjectionKind(models.TextChoices):
    VERIFICATION = "verification", _("Penolakan verifikasi berkas")
    RESULT = "result", _("Hasil uji kompetensi")


class ObjectionState(models.TextChoices):
    OPEN = "open", _("Menunggu jawaban")
    ANSWERED = "answered", _("Sudah dijawab")


class ObjectionOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Diterima")
    REJECTED = "rejected", _("Ditolak")


@dataclass(frozen=True)
class AttachmentRules:
    """What an objection's attachment must be (portal.uploads.UploadRules): a PDF or an image,
    as a document of the librarian exam."""

    accepted_kinds: tuple[str, ...] = ("pdf", "jpeg", "png")
    max_size_bytes: int = 2048 * 1024
    is_photo: bool = False
    photo_min_width: int = 0
    photo_min_height: int = 0


ATTACHMENT_RULES = AttachmentRules()
