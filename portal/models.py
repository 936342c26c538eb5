"""Models every app shares: the service catalogue, closures, the mail outbox, the audit log."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.constants import EmailStatus, FileKind, OnlineFlow, SeatAssignment, Stage, Weekday


class OutboundEmail(models.Model):
    """One outgoing message. A row exists before any attempt, so nothing is lost when SMTP or
    the broker is down; the send task and the periodic re-drive deliver it exactly once."""

    status = models.CharField(
        _("status"), max_length=16, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    from_email = models.CharField(_("pengirim"), max_length=254)
    to = models.JSONField(_("kepada"), default=list)
    cc = models.JSONField(default=list, blank=True)
    bcc = models.JSONField(default=list, blank=True)
    reply_to = models.JSONField(default=list, blank=True)
    subject = models.CharField(_("subjek"), max_length=998)
    body = models.TextField(_("isi"))
    alternatives = models.JSONField(default=list, blank=True)
    attachments = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    sensitive = models.BooleanField(
        _("berisi rahasia"),
        default=False,
        help_text=_(
            "Subjek, penerima, dan isinya tidak ditampilkan di sini dan dihapus setelah "
            "terkirim (mis. kata sandi awal, tautan atur ulang kata sandi, kode pelacakan "
            "pengaduan)."
        ),
    )
    attempts = models.PositiveIntegerField(_("percobaan"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("e-mail keluar")
        verbose_name_plural = _("e-mail keluar")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        # Shown by the admin's delete and action confirmation pages and kept in its history:
        # a sensitive mail is named by its number only.
        if self.sensitive:
            return gettext("E-mail rahasia #%(id)s") % {"id": self.pk}
        return f"{self.subject} → {', '.join(self.to)}"


class Event(models.Model):
    """One thing that happened to a subject (an account, an application, a complaint...):
    who, when, from which state to which, and why. Timelines are read from these rows."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pelaku"),
    )
    kind = models.CharField(_("jenis"), max_length=64)
    from_state = models.CharField(_("dari"), max_length=32, blank=True)
    to_state = models.CharField(_("ke"), max_length=32, blank=True)
    note = models.TextField(_("keterangan"), blank=True)
    created_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("peristiwa")
        verbose_name_plural = _("peristiwa")
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} @ {self.created_at:%Y-%m-%d %H:%M}"


class Service(models.Model):
    """A public service, configured as data; its public standard page is generated from it."""

    name = models.CharField(_("nama layanan"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("uraian"), blank=True)
    fee = models.CharField(_("biaya/tarif"), max_length=200, default=_("Tidak dipungut biaya"))
    product = models.TextField(_("produk layanan"), blank=True)
    legal_basis = models.TextField(_("dasar hukum"), blank=True)
    seat_assignment = models.CharField(
        _("penempatan sesi uji"),
        max_length=16,
        choices=SeatAssignment.choices,
        default=SeatAssignment.CANDIDATE,
        help_text=_("Peserta terverifikasi memilih sesi sendiri, atau panitia yang menetapkan."),
    )
    online_flow = models.CharField(
        _("pengajuan daring"),
        max_length=32,
        choices=OnlineFlow.choices,
        blank=True,
        help_text=_(
            "Alur pengajuan di portal ini yang melayani layanan ini; kosongkan bila layanan "
            "diajukan sesuai prosedurnya di luar portal. Satu alur hanya untuk satu layanan."
        ),
    )
    exam_preparation = models.TextField(
        _("persiapan ujian"),
        blank=True,
        help_text=_("Yang perlu disiapkan peserta; ditampilkan di dasbor peserta terjadwal."),
    )
    # The components of the public service standard (PermenPANRB 15/2014) not held elsewhere:
    # requirements, hours and time limits have their own tables.
    requirements_text = models.TextField(
        _("persyaratan (teks)"), blank=True, help_text=_("Untuk layanan tanpa daftar berkas.")
    )
    procedure = models.TextField(_("sistem, mekanisme, dan prosedur"), blank=True)
    time_limit_text = models.TextField(_("jangka waktu penyelesaian"), blank=True)
    complaint_handling = models.TextField(_("penanganan pengaduan, saran, dan masukan"), blank=True)
    facilities = models.TextField(_("sarana, prasarana, dan/atau fasilitas"), blank=True)
    staff_competence = models.TextField(_("kompetensi pelaksana"), blank=True)
    internal_supervision = models.TextField(_("pengawasan internal"), blank=True)
    staff_count = models.TextField(_("jumlah pelaksana"), blank=True)
    service_guarantee = models.TextField(_("jaminan pelayanan"), blank=True)
    security_guarantee = models.TextField(
        _("jaminan keamanan dan keselamatan pelayanan"), blank=True
    )
    performance_evaluation = models.TextField(_("evaluasi kinerja pelaksana"), blank=True)
    pledge = models.TextField(_("maklumat pelayanan"), blank=True)
    certificate_number_format = models.CharField(
        _("format nomor sertifikat"),
        max_length=80,
        default="UKP/{year}/{seq:06d}",
        help_text=_(
            "{year} tahun terbit, {seq} nomor urut per tahun; misalnya UKP/{year}/{seq:06d}."
        ),
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("layanan")
        verbose_name_plural = _("layanan")
        constraints = [
            # The flow's pages carry no service in their address (/pengajuan/), so each flow
            # serves one service: the one portal.catalogue.service_get_by_flow finds.
            models.UniqueConstraint(
                fields=["online_flow"],
                condition=~models.Q(online_flow=""),
                name="service_online_flow_unique",
                violation_error_message=_(
                    "Alur pengajuan daring ini sudah dipakai layanan lain. Kosongkan dahulu "
                    "pengajuan daring pada layanan itu, lalu simpan lagi."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ServiceTimeLimit(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="time_limits")
    stage = models.CharField(_("tahap"), max_length=32, choices=Stage.choices)
    working_days = models.PositiveSmallIntegerField(_("hari kerja"))

    class Meta:
        verbose_name = _("batas waktu tahap")
        verbose_name_plural = _("batas waktu tahap")
        constraints = [
            models.UniqueConstraint(fields=["service", "stage"], name="service_stage_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.working_days}"


class ServiceHours(models.Model):
    """Opening hours on one weekday, with the break (seed 003: Friday differs)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("hari"), choices=Weekday.choices)
    opens = models.TimeField(_("buka"))
    closes = models.TimeField(_("tutup"))
    break_starts = models.TimeField(_("istirahat mulai"), null=True, blank=True)
    break_ends = models.TimeField(_("istirahat selesai"), null=True, blank=True)

    class Meta:
        ordering = ["weekday"]
        verbose_name = _("jam layanan")
        verbose_name_plural = _("jam layanan")
        constraints = [
            models.UniqueConstraint(fields=["service", "weekday"], name="service_weekday_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H.%M}-{self.closes:%H.%M}"


def _default_kinds() -> list[str]:
    return [FileKind.PDF]


class Requirement(models.Model):
    """One document a candidate uploads for a service, and the rules its file must meet."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="requirements")
    code = models.SlugField(_("kode"), max_length=40)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    name = models.CharField(_("nama berkas"), max_length=200)
    help_text = models.TextField(_("petunjuk"), blank=True)
    required = models.BooleanField(_("wajib"), default=True)
    accepted_kinds = models.JSONField(_("jenis berkas"), default=_default_kinds)
    max_size_kb = models.PositiveIntegerField(_("ukuran maksimum (KB)"), default=2048)
    is_photo = models.BooleanField(
        _("pas foto"), default=False, help_text=_("Berwarna, rasio 3:4, resolusi minimum.")
    )
    photo_min_width = models.PositiveIntegerField(_("lebar foto minimum (px)"), default=300)
    photo_min_height = models.PositiveIntegerField(_("tinggi foto minimum (px)"), default=400)

    class Meta:
        ordering = ["service", "order"]
        verbose_name = _("persyaratan berkas")
        verbose_name_plural = _("persyaratan berkas")
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="requirement_code_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def max_size_bytes(self) -> int:
        return self.max_size_kb * 1024


class CompetencyUnit(models.Model):
    """A unit of competency the exam of a service assesses; results may record each one."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="units")
    code = models.CharField(_("kode unit"), max_length=40)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    title = models.CharField(_("judul unit"), max_length=300)

    class Meta:
        ordering = ["service", "order", "code"]
        verbose_name = _("unit kompetensi")
        verbose_name_plural = _("unit kompetensi")
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="competency_unit_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Closure(models.Model):
    """A day the office is closed besides weekends, national holidays and cuti bersama."""

    date = models.DateField(_("tanggal"), unique=True)
    name = models.CharField(_("keterangan"), max_length=200)

    class Meta:
        ordering = ["date"]
        verbose_name = _("hari libur lokal")
        verbose_name_plural = _("hari libur lokal")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"
