"""Exam sessions and the seats candidates take in them. Times are stored in UTC (USE_TZ) and
shown in Asia/Jakarta. Status changes and seats go only through scheduling.services."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from scheduling.constants import SessionMode, SessionStatus


class ExamSession(models.Model):
    """One sitting of the competency exam (sesi uji), online or at a venue."""

    service = models.ForeignKey(
        "portal.Service",
        on_delete=models.PROTECT,
        related_name="exam_sessions",
        verbose_name=_("layanan"),
    )
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    mode = models.CharField(_("moda"), max_length=8, choices=SessionMode.choices)
    meeting_link = models.URLField(_("tautan pertemuan"), blank=True)
    platform = models.CharField(_("platform"), max_length=100, blank=True)
    venue = models.TextField(_("tempat"), blank=True)
    capacity = models.PositiveIntegerField(_("kapasitas"))
    booking_opens_at = models.DateTimeField(_("pemesanan dibuka"))
    booking_closes_at = models.DateTimeField(_("pemesanan ditutup"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SessionStatus.choices,
        default=SessionStatus.DRAFT,
    )
    assessors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="assessed_sessions",
        verbose_name=_("asesor"),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("sesi uji")
        verbose_name_plural = _("sesi uji")
        indexes = [models.Index(fields=["service", "status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gt=0), name="exam_session_capacity_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} - {self.starts_label}"

    @property
    def starts_label(self) -> str:
        """The start in Asia/Jakarta, e.g. "12 Desember 2026 09.00"."""
        return date_format(timezone.localtime(self.starts_at), "DATETIME_FORMAT")


class Seat(models.Model):
    """A verified application's place in a session; one seat per application."""

    session = models.ForeignKey(
        ExamSession, on_delete=models.PROTECT, related_name="seats", verbose_name=_("sesi uji")
    )
    application = models.OneToOneField(
        "registration.Application",
        on_delete=models.PROTECT,
        related_name="seat",
        verbose_name=_("pengajuan"),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("kursi")
        verbose_name_plural = _("kursi")

    def __str__(self) -> str:
        return f"{self.session} - {self.application}"
