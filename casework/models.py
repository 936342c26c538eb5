"""The workflow engine's cases. A service whose steps are data (portal.ServiceStep) runs here:
one Case per person, at one step at a time; each entry into a step is a StepRun row (its clock
reads from it), each wait on the applicant a CasePause row. An institution's operator proposes
several employees in one Proposal; each then has their own Case.

States and steps change only through casework.services (casework.workflow holds the rules)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.constants import (
    AssessmentOutcome,
    CaseState,
    HandoverMethod,
    InstitutionKind,
    ProposalState,
    StepOutcome,
    Verdict,
)


def _private_path(folder: str, instance, filename: str) -> str:
    # Random names: a path never reveals whose file it is, and cannot be guessed.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    if extension not in {"pdf", "jpg", "jpeg", "png"}:
        extension = "bin"
    return f"casework/{folder}/{uuid.uuid4().hex}.{extension}"


def document_path(instance, filename: str) -> str:
    return _private_path("documents", instance, filename)


def letter_path(instance, filename: str) -> str:
    return _private_path("letters", instance, filename)


def product_path(instance, filename: str) -> str:
    return _private_path("products", instance, filename)


def receipt_path(instance, filename: str) -> str:
    return _private_path("receipts", instance, filename)


class Institution(models.Model):
    """A Perangkat Daerah (or unit kerja) that proposes its employees to a provider."""

    provider = models.ForeignKey(
        "portal.Provider",
        on_delete=models.PROTECT,
        related_name="institutions",
        verbose_name=_("penyelenggara"),
    )
    name = models.CharField(_("nama perangkat daerah/unit kerja"), max_length=200)
    head_title = models.CharField(
        _("jabatan kepala"), max_length=200, blank=True, help_text=_("Mis. Kepala Dinas ...")
    )
    operators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="operated_institutions",
        verbose_name=_("operator"),
    )
    kind = models.CharField(
        _("jenis instansi"), max_length=24, choices=InstitutionKind.choices, blank=True
    )
    address = models.TextField(_("alamat"), blank=True)
    # An institution that registered itself on the portal (seed 004) is used only once the
    # provider has verified it; one the provider entered is verified as it is entered.
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diverifikasi oleh"),
    )
    registered_at = models.DateTimeField(_("mendaftar di portal"), null=True, blank=True)

    class Meta:
        ordering = ["provider", "name"]
        verbose_name = _("perangkat daerah")
        verbose_name_plural = _("perangkat daerah")
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="institution_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Proposal(models.Model):
    """One submission by an institution's operator, proposing one or more employees."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        "portal.Service", on_delete=models.PROTECT, related_name="+", verbose_name=_("layanan")
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("instansi")
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("operator"),
    )
    state = models.CharField(
        _("status"), max_length=16, choices=ProposalState.choices, default=ProposalState.DRAFT
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("usulan instansi")
        verbose_name_plural = _("usulan instansi")

    def __str__(self) -> str:
        return f"{self.institution} — {self.created_at:%Y-%m-%d}"


class Case(models.Model):
    """One person's application for a service run by the engine. The registration form (seed
    002, requirement 9) is its own fields, filled in the portal."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        "portal.Service", on_delete=models.PROTECT, related_name="+", verbose_name=_("layanan")
    )
    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("usulan"),
    )
    # The employee's own account, when they have one (found by NIP); they then see the case.
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("akun pegawai"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("diajukan oleh"),
    )
    state = models.CharField(
        _("status"), max_length=16, choices=CaseState.choices, default=CaseState.DRAFT
    )
    step = models.ForeignKey(
        "portal.ServiceStep",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("langkah saat ini"),
    )
    # The registration form (formulir pendaftaran).
    nip = models.CharField(_("NIP"), max_length=18)
    name = models.CharField(_("nama lengkap dengan gelar"), max_length=200)
    birth_place = models.CharField(_("tempat lahir"), max_length=100)
    birth_date = models.DateField(_("tanggal lahir"))
    sex = models.CharField(_("jenis kelamin"), max_length=1)
    rank = models.ForeignKey(
        "registration.Rank",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("pangkat/golongan"),
    )
    position = models.CharField(_("jabatan"), max_length=200)
    work_unit = models.CharField(_("unit kerja"), max_length=200)
    education = models.CharField(_("pendidikan terakhir"), max_length=200)
    scheme = models.CharField(_("skema sertifikasi yang diikuti"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("nomor telepon/WhatsApp"), max_length=16)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    # When the file was declared complete and correct: the service's completion limit runs
    # from here (portal.ServiceStep.starts_completion_clock).
    clock_started_at = models.DateTimeField(_("berkas lengkap dan benar"), null=True, blank=True)
    closed_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    decision = models.ForeignKey(
        "DecisionLetter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("surat penetapan peserta"),
    )
    exam_session = models.ForeignKey(
        "ExamSession",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("sesi uji"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("permohonan layanan")
        verbose_name_plural = _("permohonan layanan")
        indexes = [
            models.Index(fields=["service", "state"]),
            # The staff queue (casework.selectors.staff_queue): the active cases in the order
            # they wait, with the step and the applicant to filter on without the table.
            models.Index(
                fields=["submitted_at", "id"],
                include=["step", "applicant"],
                condition=models.Q(state="active"),
                name="case_active_waiting",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "nip"],
                condition=~models.Q(state__in=["rejected", "not_passed", "completed", "withdrawn"]),
                name="case_one_open_per_person_and_service",
                violation_error_message=_(
                    "Pegawai dengan NIP ini sudah memiliki permohonan yang sedang berjalan untuk "
                    "layanan ini."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.nip})"


class StepRun(models.Model):
    """One entry of a case into a step: when it started and finished, how, and by whom. Its
    due date is read from the step's limit with portal.deadlines (pauses move it)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="runs")
    step = models.ForeignKey(
        "portal.ServiceStep", on_delete=models.PROTECT, related_name="+", verbose_name=_("langkah")
    )
    started_at = models.DateTimeField(_("mulai"))
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    outcome = models.CharField(_("hasil"), max_length=16, choices=StepOutcome.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oleh"),
    )
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["case", "started_at", "pk"]
        verbose_name = _("riwayat langkah")
        verbose_name_plural = _("riwayat langkah")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(finished_at__isnull=True),
                name="step_run_one_open_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} — {self.step}"


class CasePause(models.Model):
    """A wait on the applicant: from the return for revision to the resubmission. The clocks
    stop meanwhile; the timeline shows it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pauses")
    started_at = models.DateTimeField(_("mulai"))
    ended_at = models.DateTimeField(_("berakhir"), null=True, blank=True)
    reason = models.TextField(_("alasan"))

    class Meta:
        ordering = ["case", "started_at"]
        verbose_name = _("jeda menunggu pemohon")
        verbose_name_plural = _("jeda menunggu pemohon")

    def __str__(self) -> str:
        return f"{self.case}: {self.started_at:%Y-%m-%d}"


class CaseDocument(models.Model):
    """One uploaded version of one required document of a case. Re-uploading adds a version;
    the latest is current. Private: reached only through permission-checked views."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    requirement = models.ForeignKey(
        "portal.Requirement", on_delete=models.PROTECT, verbose_name=_("persyaratan")
    )
    version = models.PositiveSmallIntegerField(_("versi"))
    is_current = models.BooleanField(_("versi terkini"), default=True)
    file = models.FileField(_("berkas"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("nama berkas asli"), max_length=255)
    kind = models.CharField(_("jenis"), max_length=8)
    size = models.PositiveIntegerField(_("ukuran (byte)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    verdict = models.CharField(
        _("hasil pemeriksaan"), max_length=16, choices=Verdict.choices, default=Verdict.PENDING
    )
    reason = models.TextField(_("alasan perbaikan"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("diperiksa"), null=True, blank=True)

    class Meta:
        ordering = ["case", "requirement__order", "-version"]
        verbose_name = _("berkas permohonan")
        verbose_name_plural = _("berkas permohonan")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "requirement", "version"], name="case_document_version_unique"
            ),
            models.UniqueConstraint(
                fields=["case", "requirement"],
                condition=models.Q(is_current=True),
                name="case_document_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requirement} v{self.version}"


class DecisionLetter(models.Model):
    """The letter that determines the participants of a batch (penetapan peserta), signed by the
    provider's official; a PDF the portal renders and signs."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        "portal.Service", on_delete=models.PROTECT, related_name="+", verbose_name=_("layanan")
    )
    number = models.CharField(_("nomor surat"), max_length=100, blank=True)
    decided_on = models.DateField(_("tanggal penetapan"), null=True, blank=True)
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
        verbose_name=_("ditandatangani oleh"),
    )
    signed_at = models.DateTimeField(_("ditandatangani"), null=True, blank=True)
    pdf = models.FileField(_("surat (PDF)"), upload_to=letter_path, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("surat penetapan peserta")
        verbose_name_plural = _("surat penetapan peserta")

    def __str__(self) -> str:
        return self.number or str(self.public_id)


class ExamSession(models.Model):
    """An exam or assessment session run by the organiser (an LSP) with its assessors, who are
    external staff of this service only (portal.StaffRole.service)."""

    service = models.ForeignKey(
        "portal.Service", on_delete=models.PROTECT, related_name="+", verbose_name=_("layanan")
    )
    organiser = models.CharField(_("lembaga sertifikasi profesi (LSP)"), max_length=200)
    scheme = models.CharField(_("skema sertifikasi"), max_length=200)
    starts_at = models.DateTimeField(_("mulai"))
    place = models.CharField(_("tempat uji kompetensi (TUK)"), max_length=300)
    assessors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("asesor")
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("sesi uji kompetensi")
        verbose_name_plural = _("sesi uji kompetensi")

    def __str__(self) -> str:
        return f"{self.scheme} — {self.starts_at:%Y-%m-%d}"


class AssessmentResult(models.Model):
    """The assessors' result for one participant."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="assessment")
    outcome = models.CharField(_("hasil"), max_length=24, choices=AssessmentOutcome.choices)
    notes = models.TextField(_("catatan asesor"), blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("hasil uji kompetensi")
        verbose_name_plural = _("hasil uji kompetensi")

    def __str__(self) -> str:
        return f"{self.case}: {self.get_outcome_display()}"


class ExternalProduct(models.Model):
    """A product issued elsewhere (the LSP's certificate), recorded with its scan; the portal
    does not sign it."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="external_product")
    issuer = models.CharField(_("diterbitkan oleh (LSP)"), max_length=200)
    scheme = models.CharField(_("skema"), max_length=200)
    number = models.CharField(_("nomor sertifikat"), max_length=100)
    issued_on = models.DateField(_("tanggal terbit"))
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    scan = models.FileField(_("pindaian sertifikat"), upload_to=product_path)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("sertifikat LSP")
        verbose_name_plural = _("sertifikat LSP")

    def __str__(self) -> str:
        return self.number


class IssuedDocument(models.Model):
    """A product the portal renders and signs for a case (Surat Keterangan Hasil Uji
    Kompetensi)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="issued_documents")
    step = models.ForeignKey("portal.ServiceStep", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("nomor"), max_length=100)
    issued_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    pdf = models.FileField(_("dokumen (PDF)"), upload_to=letter_path, blank=True)
    # Its place in the provider's status list, taken with its number from the counter the
    # provider's certificates take theirs from (portal.credentials.status). An issued document
    # cannot be revoked today, so its bit stays 0.
    status_list = models.ForeignKey(
        "portal.StatusList",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    status_list_index = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("dokumen terbitan")
        verbose_name_plural = _("dokumen terbitan")
        constraints = [
            models.UniqueConstraint(fields=["case", "step"], name="issued_document_once_per_step"),
            models.UniqueConstraint(
                fields=["status_list", "status_list_index"],
                name="issued_document_status_index_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Handover(models.Model):
    """The handover of the products to the participant, with their receipt."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="handover")
    method = models.CharField(_("cara"), max_length=16, choices=HandoverMethod.choices)
    handed_at = models.DateTimeField(_("diserahkan"))
    handed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    received_by = models.CharField(_("diterima oleh"), max_length=200)
    receipt = models.FileField(_("tanda terima (pindaian)"), upload_to=receipt_path, blank=True)
    courier = models.CharField(_("jasa pengiriman"), max_length=100, blank=True)
    tracking_number = models.CharField(_("nomor resi"), max_length=100, blank=True)
    confirmed_at = models.DateTimeField(_("dikonfirmasi pegawai"), null=True, blank=True)

    class Meta:
        verbose_name = _("penyerahan")
        verbose_name_plural = _("penyerahan")

    def __str__(self) -> str:
        return f"{self.case}: {self.get_method_display()}"


class Payment(models.Model):
    """The LSP's certification fee for one participant, where it charges one, with the proof of
    payment. A service without a fee records none."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="payment")
    payee = models.CharField(_("dibayarkan kepada"), max_length=200)
    amount = models.DecimalField(_("jumlah (Rp)"), max_digits=12, decimal_places=0)
    paid_on = models.DateField(_("tanggal bayar"))
    proof = models.FileField(_("bukti pembayaran"), upload_to=receipt_path)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("pembayaran")
        verbose_name_plural = _("pembayaran")

    def __str__(self) -> str:
        return f"{self.case}: Rp{self.amount}"
