"""An institution's competency assessment by LAN (seed 004), as rows.

One Engagement per request for cooperation (permohonan kerja sama) of an institution
(casework.Institution: its operators act for it). It carries the reply, the coordination notes,
the agreement (SPK, one per engagement), the participants (asesi) with their e-registration,
the intake sessions, the invoice and proofs of payment, and the reports. The report limits are
data (ReportLimit, from the seed, editable by the provider).

States change only through assessments.services; assessments.workflow holds the rules."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.constants import (
    OPEN_STATES,
    CountsFrom,
    EngagementState,
    IntakeMode,
    ProofVerdict,
    Purpose,
    ReminderKind,
    ReportKind,
)
from portal.models import Provenance, TimeLimitFields


def _private_path(folder: str, instance, filename: str) -> str:
    # Random names: a path never reveals whose file it is, and cannot be guessed.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    if extension not in {"pdf", "jpg", "jpeg", "png", "xlsx", "csv"}:
        extension = "bin"
    return f"assessments/{folder}/{uuid.uuid4().hex}.{extension}"


def letter_path(instance, filename: str) -> str:
    return _private_path("letters", instance, filename)


def agreement_path(instance, filename: str) -> str:
    return _private_path("agreements", instance, filename)


def participant_file_path(instance, filename: str) -> str:
    return _private_path("participants", instance, filename)


def payment_path(instance, filename: str) -> str:
    return _private_path("payments", instance, filename)


def report_path(instance, filename: str) -> str:
    return _private_path("reports", instance, filename)


class Engagement(models.Model):
    """An institution's request for a competency assessment of its employees, from the
    request to the last report."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        "portal.Service", on_delete=models.PROTECT, related_name="+", verbose_name=_("layanan")
    )
    institution = models.ForeignKey(
        "casework.Institution",
        on_delete=models.PROTECT,
        related_name="engagements",
        verbose_name=_("instansi pemohon"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("diajukan oleh"),
    )
    state = models.CharField(
        _("status"),
        max_length=16,
        choices=EngagementState.choices,
        default=EngagementState.DRAFT,
    )
    # The request (permohonan kerja sama).
    purpose = models.CharField(_("tujuan penilaian"), max_length=16, choices=Purpose.choices)
    participants_planned = models.PositiveSmallIntegerField(_("perkiraan jumlah peserta"))
    preferred_mode = models.CharField(
        _("pelaksanaan yang diinginkan"), max_length=16, choices=IntakeMode.choices
    )
    preferred_period = models.CharField(
        _("perkiraan waktu pelaksanaan"),
        max_length=200,
        help_text=_("Mis. minggu kedua Februari 2027."),
    )
    letter_number = models.CharField(_("nomor surat permohonan"), max_length=100)
    letter_date = models.DateField(_("tanggal surat permohonan"))
    cover_letter = models.FileField(
        _("surat permohonan kerja sama (PDF)"), upload_to=letter_path, max_length=200
    )
    notes = models.TextField(_("keterangan"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    # LAN's reply (jawaban permohonan kerja sama).
    replied_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dijawab oleh"),
    )
    decline_reason = models.TextField(_("alasan penolakan"), blank=True)
    contact_name = models.CharField(_("narahubung LAN"), max_length=200, blank=True)
    contact_phone = models.CharField(_("telepon narahubung"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mail narahubung"), blank=True)
    intake_held_on = models.DateField(_("tanggal pengambilan data (intake)"), null=True, blank=True)
    closed_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("permohonan penilaian kompetensi")
        verbose_name_plural = _("permohonan penilaian kompetensi")
        indexes = [
            models.Index(fields=["service", "state"]),
            # The staff queue's order (assessments.selectors.queue): a page's ids are read from
            # the index alone, a deep page skipping index entries instead of sorting every open
            # engagement of the service.
            models.Index(
                fields=["service", "submitted_at", "id"],
                condition=models.Q(state__in=sorted(OPEN_STATES)),
                name="engagement_queue_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} — {self.get_purpose_display()} ({self.created_at:%Y-%m-%d})"


class CoordinationNote(models.Model):
    """A note of the coordination between the institution and the Balai (seed 004 step 3), the
    material of the agreement. Either side writes; both read."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="notes_log")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(_("ditulis"), auto_now_add=True)
    text = models.TextField(_("catatan"))

    class Meta:
        ordering = ["engagement", "written_at", "pk"]
        verbose_name = _("catatan koordinasi")
        verbose_name_plural = _("catatan koordinasi")

    def __str__(self) -> str:
        return f"{self.engagement}: {self.written_at:%Y-%m-%d}"


class Agreement(models.Model):
    """The cooperation agreement (Surat Perjanjian Kerja sama, SPK): made by the institution as
    Pihak Pertama and confirmed by Puslatbang PKASN LAN as Pihak Kedua (seed 004). Its terms are
    fixed once LAN confirms them; the portal renders the draft; each party's signed copy is
    uploaded, or LAN signs in the portal with the provider's key."""

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="agreement"
    )
    number = models.CharField(_("nomor SPK"), max_length=100, blank=True)
    purpose = models.CharField(_("tujuan penilaian"), max_length=16, choices=Purpose.choices)
    mode = models.CharField(_("pelaksanaan"), max_length=16, choices=IntakeMode.choices)
    place = models.CharField(
        _("tempat (luring) atau sarana (daring)"),
        max_length=300,
        help_text=_("Luring: alamat lokasi di instansi. Daring: lokasi asesi dan aplikasinya."),
    )
    starts_on = models.DateField(_("tanggal mulai penilaian"))
    ends_on = models.DateField(_("tanggal selesai penilaian"))
    participant_count = models.PositiveSmallIntegerField(_("jumlah peserta"))
    fee_per_participant = models.DecimalField(
        _("biaya per peserta (Rp)"), max_digits=12, decimal_places=0
    )
    payment_due_on = models.DateField(_("batas waktu pembayaran"))
    # Seed 004 for pemetaan: "Paling lambat 25 hari kerja ... atau sesuai kesepakatan bersama".
    agreed_report_due_on = models.DateField(
        _("batas laporan yang disepakati"),
        null=True,
        blank=True,
        help_text=_("Hanya bila SPK menyepakati tanggal lain untuk laporan pemetaan."),
    )
    first_party_signatory = models.CharField(_("penanda tangan Pihak Pertama"), max_length=200)
    first_party_title = models.CharField(_("jabatan penanda tangan Pihak Pertama"), max_length=200)
    second_party_signatory = models.CharField(
        _("penanda tangan Pihak Kedua"), max_length=200, blank=True
    )
    second_party_title = models.CharField(
        _("jabatan penanda tangan Pihak Kedua"), max_length=200, blank=True
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField(_("disusun"), auto_now_add=True)
    # LAN's confirmation of the terms; the draft PDF is rendered from them.
    confirmed_at = models.DateTimeField(_("dikonfirmasi LAN"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    draft_pdf = models.FileField(_("draf SPK (PDF)"), upload_to=agreement_path, blank=True)
    first_party_copy = models.FileField(
        _("SPK ditandatangani Pihak Pertama"), upload_to=agreement_path, blank=True
    )
    first_party_signed_at = models.DateTimeField(
        _("ditandatangani Pihak Pertama"), null=True, blank=True
    )
    second_party_copy = models.FileField(
        _("SPK ditandatangani Pihak Kedua"), upload_to=agreement_path, blank=True
    )
    second_party_signed_at = models.DateTimeField(
        _("ditandatangani Pihak Kedua"), null=True, blank=True
    )
    second_party_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    second_party_signed_in_portal = models.BooleanField(
        _("ditandatangani secara elektronik di portal"), default=False
    )
    fully_signed_at = models.DateTimeField(_("ditandatangani kedua pihak"), null=True, blank=True)

    class Meta:
        verbose_name = _("surat perjanjian kerja sama (SPK)")
        verbose_name_plural = _("surat perjanjian kerja sama (SPK)")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="agreement_ends_after_start",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            ),
            models.CheckConstraint(
                condition=models.Q(participant_count__gte=1),
                name="agreement_has_participants",
                violation_error_message=_("Jumlah peserta sekurang-kurangnya 1 orang."),
            ),
        ]

    def __str__(self) -> str:
        return self.number or str(self.engagement)

    @property
    def fee_total(self):
        """Seed 004: "Rp. 3.200.000,- per Peserta", times the participants agreed."""
        return self.fee_per_participant * self.participant_count


class Participant(models.Model):
    """An asesi on the institution's list, with their own account once invited, their
    e-registration (Daftar Riwayat Hidup and questionnaire) and their intake session."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="participants"
    )
    nip = models.CharField(_("NIP"), max_length=18)
    name = models.CharField(_("nama"), max_length=200)
    position = models.CharField(_("jabatan"), max_length=200)
    work_unit = models.CharField(_("unit kerja"), max_length=200)
    email = models.EmailField(_("e-mail"))
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessment_participations",
        verbose_name=_("akun asesi"),
    )
    invited_at = models.DateTimeField(_("diundang"), null=True, blank=True)
    # The Daftar Riwayat Hidup and the questionnaire, filled online (seed 004 step 9).
    cv = models.JSONField(_("daftar riwayat hidup"), default=dict, blank=True)
    cv_submitted_at = models.DateTimeField(_("DRH dikirim"), null=True, blank=True)
    questionnaire = models.JSONField(_("kuesioner"), default=dict, blank=True)
    questionnaire_submitted_at = models.DateTimeField(_("kuesioner dikirim"), null=True, blank=True)
    session = models.ForeignKey(
        "IntakeSession",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("sesi intake"),
    )
    attended = models.BooleanField(_("hadir"), null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(_("kehadiran dicatat"), null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    added_at = models.DateTimeField(_("ditambahkan"), auto_now_add=True)

    class Meta:
        ordering = ["engagement", "name", "nip"]
        verbose_name = _("asesi")
        verbose_name_plural = _("asesi")
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "nip"],
                name="participant_once_per_engagement",
                violation_error_message=_("NIP ini sudah ada di daftar asesi permohonan ini."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.nip})"

    @property
    def registered(self) -> bool:
        """The e-registration is complete: both the CV and the questionnaire are in."""
        return self.cv_submitted_at is not None and self.questionnaire_submitted_at is not None


class ParticipantList(models.Model):
    """One participant file the institution sent (XLSX or CSV), accepted whole (its rows became
    Participants) or refused (every bad row listed in `errors`)."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="participant_lists"
    )
    file = models.FileField(_("berkas daftar asesi"), upload_to=participant_file_path)
    original_name = models.CharField(_("nama berkas asli"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    row_count = models.PositiveIntegerField(_("jumlah baris"), default=0)
    accepted = models.BooleanField(_("diterima"), default=False)
    errors = models.JSONField(_("kesalahan per baris"), default=list, blank=True)

    class Meta:
        ordering = ["engagement", "-uploaded_at"]
        verbose_name = _("berkas daftar asesi")
        verbose_name_plural = _("berkas daftar asesi")

    def __str__(self) -> str:
        return self.original_name


class ParticipantReminder(models.Model):
    """A reminder sent to an asesi whose e-registration is incomplete; one per kind, so a
    re-run of the reminder task sends nothing twice."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("jenis"), max_length=16, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(_("dikirim"), auto_now_add=True)

    class Meta:
        verbose_name = _("pengingat asesi")
        verbose_name_plural = _("pengingat asesi")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "kind"], name="participant_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.get_kind_display()}"


class IntakeSession(models.Model):
    """One intake (pengambilan data) session prepared by the Balai: offline at the institution's
    venue or online with its platform and link, with its assessment team (assessors, staff of
    the provider) and, online, the institution's support team (Tim Pendamping dan Teknis)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="sessions")
    mode = models.CharField(_("pelaksanaan"), max_length=16, choices=IntakeMode.choices)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    venue = models.CharField(_("tempat (luring)"), max_length=300, blank=True)
    platform = models.CharField(_("aplikasi (daring)"), max_length=200, blank=True)
    link = models.URLField(_("tautan (daring)"), blank=True)
    support_team = models.TextField(
        _("Tim Pendamping dan Teknis instansi"),
        blank=True,
        help_text=_("Nama dan nomor telepon; wajib untuk intake daring."),
    )
    assessors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("Tim Penilaian Kompetensi"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    held_at = models.DateTimeField(_("dilaksanakan"), null=True, blank=True)

    class Meta:
        ordering = ["engagement", "starts_at"]
        verbose_name = _("sesi intake")
        verbose_name_plural = _("sesi intake")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="intake_session_ends_after_start",
                violation_error_message=_("Waktu selesai harus setelah waktu mulai."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.engagement.institution} — {self.starts_at:%Y-%m-%d %H:%M}"


class Invoice(models.Model):
    """The bill for the assessment (numbered per provider and year), payable to the provider's
    Bendahara Penerima by the date in the SPK."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    engagement = models.OneToOneField(Engagement, on_delete=models.PROTECT, related_name="invoice")
    provider = models.ForeignKey("portal.Provider", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    sequence = models.PositiveIntegerField(_("nomor urut"))
    number = models.CharField(_("nomor tagihan"), max_length=100)
    participant_count = models.PositiveSmallIntegerField(_("jumlah peserta"))
    fee_per_participant = models.DecimalField(
        _("biaya per peserta (Rp)"), max_digits=12, decimal_places=0
    )
    amount = models.DecimalField(_("jumlah tagihan (Rp)"), max_digits=14, decimal_places=0)
    due_on = models.DateField(_("batas waktu pembayaran"))
    issued_at = models.DateTimeField(_("diterbitkan"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    pdf = models.FileField(_("tagihan (PDF)"), upload_to=payment_path, blank=True)
    paid_at = models.DateTimeField(_("lunas"), null=True, blank=True)
    overdue_notified_at = models.DateTimeField(
        _("keterlambatan diberitahukan"), null=True, blank=True
    )

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("tagihan")
        verbose_name_plural = _("tagihan")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "year", "sequence"], name="invoice_number_unique"
            )
        ]

    def __str__(self) -> str:
        return self.number


class PaymentProof(models.Model):
    """A proof of payment the institution uploaded; the treasurer confirms it or returns it with
    a reason (then a new one is uploaded; every version is kept)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="proofs")
    file = models.FileField(_("bukti pembayaran"), upload_to=payment_path)
    original_name = models.CharField(_("nama berkas asli"), max_length=255)
    paid_on = models.DateField(_("tanggal bayar"))
    amount = models.DecimalField(_("jumlah dibayar (Rp)"), max_digits=14, decimal_places=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    verdict = models.CharField(
        _("konfirmasi"),
        max_length=16,
        choices=ProofVerdict.choices,
        default=ProofVerdict.PENDING,
    )
    reason = models.TextField(_("alasan pengembalian"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("diperiksa"), null=True, blank=True)

    class Meta:
        ordering = ["invoice", "-uploaded_at"]
        verbose_name = _("bukti pembayaran")
        verbose_name_plural = _("bukti pembayaran")
        constraints = [
            models.UniqueConstraint(
                fields=["invoice"],
                condition=models.Q(verdict="pending"),
                name="payment_proof_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.invoice}: {self.paid_on}"


class ReportLimit(Provenance, TimeLimitFields):
    """A report's time limit for one purpose, as seed 004 writes it: "Laporan Ringkas ...
    paling lambat 10 hari kerja sejak pengambilan data" (seleksi jabatan), "Laporan Lengkap dan
    Laporan Individual ... 15 hari kerja setelah laporan ringkas diserahkan", "Paling lambat 25
    hari kerja sejak pengambilan data" (pemetaan). Edited by the provider in the admin."""

    service = models.ForeignKey(
        "portal.Service", on_delete=models.CASCADE, related_name="report_limits"
    )
    purpose = models.CharField(_("tujuan penilaian"), max_length=16, choices=Purpose.choices)
    kind = models.CharField(_("laporan"), max_length=16, choices=ReportKind.choices)
    counts_from = models.CharField(_("dihitung"), max_length=24, choices=CountsFrom.choices)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["service", "purpose", "order"]
        verbose_name = _("batas waktu laporan")
        verbose_name_plural = _("batas waktu laporan")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "purpose", "kind"], name="report_limit_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {self.get_kind_display()}"


class Report(models.Model):
    """A report of the assessment: uploaded as a PDF or written in the portal (rendered to PDF),
    signed by the provider's official with the portal's key, then delivered to the
    institution's operators. An individual report is one asesi's: their institution and they
    alone see it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    engagement = models.ForeignKey(Engagement, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("laporan"), max_length=16, choices=ReportKind.choices)
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("asesi"),
    )
    title = models.CharField(_("judul"), max_length=300)
    body = models.TextField(_("isi (ditulis di portal)"), blank=True)
    source_file = models.FileField(
        _("berkas laporan (PDF)"), upload_to=report_path, blank=True, max_length=200
    )
    pdf = models.FileField(_("laporan ditandatangani (PDF)"), upload_to=report_path, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("ditandatangani"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("diserahkan"), null=True, blank=True)

    class Meta:
        ordering = ["engagement", "kind", "participant__name"]
        verbose_name = _("laporan hasil penilaian")
        verbose_name_plural = _("laporan hasil penilaian")
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "kind"],
                condition=models.Q(participant__isnull=True),
                name="report_once_per_kind",
            ),
            models.UniqueConstraint(
                fields=["engagement", "participant"],
                condition=models.Q(participant__isnull=False),
                name="report_once_per_participant",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="individual", participant__isnull=False)
                | (~models.Q(kind="individual") & models.Q(participant__isnull=True)),
                name="report_individual_has_participant",
            ),
        ]

    def __str__(self) -> str:
        return self.title
