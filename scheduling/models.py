"""Exam sessions and the seats candidates take in them. Times are stored in UTC (USE_TZ) and
shown in Asia/Jakarta. Status changes and seats go only through scheduling.services."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from scheduling.constants import (
    WAITLIST_ACTIVE_STATUSES,
    Attendance,
    OfferStatus,
    Outcome,
    ResultStatus,
    SessionMode,
    SessionStatus,
    UnitOutcome,
    WaitlistStatus,
)


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
    head_assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="headed_sessions",
        verbose_name=_("ketua panel"),
        help_text=_("Asesor yang mengumumkan hasil sesi ini."),
    )
    instructions = models.TextField(
        _("persiapan peserta"),
        blank=True,
        help_text=_("Yang perlu disiapkan peserta; kosong berarti memakai teks layanan."),
    )
    results_published_at = models.DateTimeField(_("hasil diumumkan"), null=True, blank=True)
    results_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diumumkan oleh"),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("sesi uji")
        verbose_name_plural = _("sesi uji")
        indexes = [
            models.Index(fields=["service", "status", "starts_at"]),
            # The committee's list (scheduling.rosters.session_list_parts): the coming sessions
            # found by their end, the past ones read latest first from the index alone (with
            # the end and the service it filters on), a deep page skipping index entries.
            models.Index(fields=["ends_at"], name="exam_session_upcoming"),
            models.Index(
                fields=["-starts_at", "id"],
                include=["ends_at", "service"],
                name="exam_session_latest_first",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gt=0), name="exam_session_capacity_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} - {self.starts_label}"

    @property
    def booking_over_now(self) -> bool:
        """Booking is over by time (workflow.booking_over): an open session shows as closed
        on the committee's pages before the periodic task records it."""
        from scheduling.workflow import booking_over

        return booking_over(self, now=timezone.now())

    @property
    def starts_label(self) -> str:
        """The start in Asia/Jakarta, e.g. "12 Desember 2026 09.00"."""
        return date_format(timezone.localtime(self.starts_at), "DATETIME_FORMAT")


class Seat(models.Model):
    """A verified application's place in a session. An application holds one active seat at a
    time; a seat whose holder was absent stays, inactive, as the record of that sitting."""

    session = models.ForeignKey(
        ExamSession, on_delete=models.PROTECT, related_name="seats", verbose_name=_("sesi uji")
    )
    application = models.ForeignKey(
        "registration.Application",
        on_delete=models.PROTECT,
        related_name="seats",
        verbose_name=_("pengajuan"),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    attendance = models.CharField(
        _("kehadiran"), max_length=8, choices=Attendance.choices, blank=True
    )
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kehadiran dicatat oleh"),
    )
    attendance_marked_at = models.DateTimeField(_("kehadiran dicatat"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("pengingat terkirim"), null=True, blank=True)
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
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(is_active=True),
                name="seat_one_active_per_application",
            )
        ]

    def __str__(self) -> str:
        return f"{self.session} - {self.application}"


class Result(models.Model):
    """The outcome of one seat's sitting. A draft until the head of the panel publishes the
    session's results; after that it changes only by a ResultAmendment with a reason."""

    seat = models.OneToOneField(
        Seat, on_delete=models.PROTECT, related_name="result", verbose_name=_("kursi")
    )
    outcome = models.CharField(_("hasil"), max_length=8, choices=Outcome.choices)
    score = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2, null=True, blank=True)
    unit_outcomes = models.JSONField(
        _("hasil per unit"),
        default=dict,
        blank=True,
        help_text=_("Kode unit kompetensi → %(choices)s.")
        % {"choices": ", ".join(UnitOutcome.values)},
    )
    notes = models.TextField(_("catatan"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ResultStatus.choices, default=ResultStatus.DRAFT
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    recorded_at = models.DateTimeField(_("dicatat"), auto_now=True)
    published_at = models.DateTimeField(_("diumumkan"), null=True, blank=True)

    class Meta:
        ordering = ["seat__created_at"]
        verbose_name = _("hasil uji")
        verbose_name_plural = _("hasil uji")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0, score__lte=100),
                name="result_score_0_100",
            )
        ]

    def __str__(self) -> str:
        return f"{self.seat} - {self.get_outcome_display()}"


class ResultAmendment(models.Model):
    """A correction of a published result: what it was, what it became, who and why."""

    result = models.ForeignKey(
        Result, on_delete=models.PROTECT, related_name="amendments", verbose_name=_("hasil uji")
    )
    before = models.JSONField(_("sebelum"))
    after = models.JSONField(_("sesudah"))
    reason = models.TextField(_("alasan"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("oleh"),
    )
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("ralat hasil uji")
        verbose_name_plural = _("ralat hasil uji")

    def __str__(self) -> str:
        return f"{self.result} @ {self.created_at:%Y-%m-%d %H:%M}"


class WaitlistEntry(models.Model):
    """An application waiting for a seat because every open session of its service was full.
    Served in the order it joined (created_at, then id); a freed seat is offered to the first
    one waiting (SeatOffer). One active entry (waiting or offered) per application."""

    application = models.ForeignKey(
        "registration.Application",
        on_delete=models.PROTECT,
        related_name="waitlist_entries",
        verbose_name=_("pengajuan"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=WaitlistStatus.choices, default=WaitlistStatus.WAITING
    )
    created_at = models.DateTimeField(_("masuk daftar tunggu"), auto_now_add=True)
    closed_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("daftar tunggu")
        verbose_name_plural = _("daftar tunggu")
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(status__in=WAITLIST_ACTIVE_STATUSES),
                name="waitlist_one_active_entry_per_application",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} - {self.get_status_display()}"


class SeatOffer(models.Model):
    """A freed seat in a session held for one waiting application until `expires_at`. While
    open it counts against the session's capacity, so nobody else takes the seat meanwhile."""

    entry = models.ForeignKey(
        WaitlistEntry,
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("daftar tunggu"),
    )
    session = models.ForeignKey(
        ExamSession, on_delete=models.PROTECT, related_name="offers", verbose_name=_("sesi uji")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=OfferStatus.choices, default=OfferStatus.OPEN
    )
    offered_at = models.DateTimeField(_("ditawarkan"), auto_now_add=True)
    expires_at = models.DateTimeField(_("batas menerima"))
    closed_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        ordering = ["offered_at", "id"]
        verbose_name = _("tawaran kursi")
        verbose_name_plural = _("tawaran kursi")
        indexes = [models.Index(fields=["status", "expires_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["entry"],
                condition=models.Q(status=OfferStatus.OPEN),
                name="seat_offer_one_open_per_entry",
            )
        ]

    def __str__(self) -> str:
        return f"{self.session} - {self.entry.application}"
