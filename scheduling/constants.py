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


class WaitlistStatus(models.TextChoices):
    WAITING = "waiting", _("Menunggu kursi")
    OFFERED = "offered", _("Ditawari kursi")
    SEATED = "seated", _("Mendapat kursi")
    LEFT = "left", _("Keluar dari daftar tunggu")
    EXPIRED = "expired", _("Tawaran tidak diterima")


# An entry still in the queue: waiting for a seat, or holding an offer of one.
WAITLIST_ACTIVE_STATUSES = (WaitlistStatus.WAITING, WaitlistStatus.OFFERED)


class OfferStatus(models.TextChoices):
    OPEN = "open", _("Menunggu jawaban")
    ACCEPTED = "accepted", _("Diterima")
    EXPIRED = "expired", _("Kedaluwarsa")
    WITHDRAWN = "withdrawn", _("Ditarik")


# How long a candidate offered a freed seat from the waiting list has to accept it, set by the
# portal (not by the service's seed data): long enough to read a mail sent at night, short enough
# that the seat still helps the next candidate. The offer never outlives the session's booking.
WAITLIST_OFFER_HOURS = 24
