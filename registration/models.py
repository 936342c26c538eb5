"""The librarian registry, its reference data, accounts, profiles, applications, documents."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registration.constants import (
    CLOSED_STATUSES,
    PANEL_STATUSES,
    ApplicationStatus,
    ClaimDocumentKind,
    ClaimStatus,
    ExamPurpose,
    LevelCategory,
    RegistrationMailKind,
    Relationship,
    Sex,
    Verdict,
)


class Rank(models.Model):
    """Pangkat/golongan ruang, e.g. III/a Penata Muda. Reference data, kept in the database."""

    code = models.CharField(_("golongan"), max_length=8, unique=True)
    name = models.CharField(_("pangkat"), max_length=64)
    order = models.PositiveSmallIntegerField(_("urutan"), unique=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("pangkat/golongan")
        verbose_name_plural = _("pangkat/golongan")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Level(models.Model):
    """Jenjang jabatan fungsional pustakawan, with the ranks that belong to it."""

    code = models.SlugField(_("kode"), max_length=32, unique=True)
    name = models.CharField(_("nama"), max_length=64, unique=True)
    category = models.CharField(_("kategori"), max_length=16, choices=LevelCategory.choices)
    order = models.PositiveSmallIntegerField(_("urutan"), unique=True)
    lowest_rank = models.ForeignKey(
        Rank, on_delete=models.PROTECT, related_name="+", verbose_name=_("golongan terendah")
    )
    highest_rank = models.ForeignKey(
        Rank, on_delete=models.PROTECT, related_name="+", verbose_name=_("golongan tertinggi")
    )

    class Meta:
        ordering = ["order"]
        verbose_name = _("jenjang jabatan")
        verbose_name_plural = _("jenjang jabatan")

    def __str__(self) -> str:
        return self.name


class Librarian(models.Model):
    """One entry of the librarian registry, imported from the national registry's export."""

    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    institution = models.CharField(_("instansi"), max_length=200, blank=True)
    work_unit = models.CharField(_("unit kerja"), max_length=200, blank=True)
    level = models.ForeignKey(
        Level, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("jenjang")
    )
    rank = models.ForeignKey(
        Rank, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("pangkat/golongan")
    )
    email = models.EmailField(
        _("e-mail resmi"),
        blank=True,
        help_text=_(
            "Dari registri nasional. Jika diisi, tautan pendaftaran untuk NIP ini hanya dikirim "
            "ke alamat ini."
        ),
    )
    created_at = models.DateTimeField(_("ditambahkan"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("pustakawan (registri)")
        verbose_name_plural = _("registri pustakawan")

    def __str__(self) -> str:
        return f"{self.name} ({self.nip})"


class User(AbstractUser):
    """A person who logs in. Candidates' username is their NIP; staff have a chosen username."""

    email = models.EmailField(_("alamat e-mail"), blank=True)
    nip = models.CharField(_("NIP"), max_length=18, unique=True, null=True, blank=True)
    must_change_password = models.BooleanField(
        _("wajib ganti kata sandi"),
        default=False,
        help_text=_("Diminta mengganti kata sandi pada login berikutnya."),
    )

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="user_email_unique_ci",
                violation_error_message=_("Alamat e-mail ini sudah dipakai akun lain."),
            )
        ]


def name_with_titles(prefix: str, name: str, suffix: str) -> str:
    """Name with academic titles, as printed: "Dr. Rina Wulandari, S.I.Pust., M.Hum."."""
    name = f"{prefix} {name}".strip()
    return f"{name}, {suffix}" if suffix else name


class Profile(models.Model):
    """What a candidate tells about themselves; printed on the certificate later."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    title_prefix = models.CharField(_("gelar depan"), max_length=50, blank=True)
    name = models.CharField(_("nama lengkap (tanpa gelar)"), max_length=150)
    title_suffix = models.CharField(_("gelar belakang"), max_length=80, blank=True)
    birth_place = models.CharField(_("tempat lahir"), max_length=100)
    birth_date = models.DateField(_("tanggal lahir"))
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    rank = models.ForeignKey(Rank, on_delete=models.PROTECT, verbose_name=_("pangkat/golongan"))
    position = models.CharField(_("jabatan terakhir"), max_length=200)
    level = models.ForeignKey(Level, on_delete=models.PROTECT, verbose_name=_("jenjang jabatan"))
    work_unit = models.CharField(_("unit kerja"), max_length=200)
    institution = models.CharField(_("instansi"), max_length=200)
    whatsapp = models.CharField(_("nomor WhatsApp"), max_length=16)
    mailing_address = models.TextField(_("alamat pengiriman sertifikat"))
    postal_code = models.CharField(_("kode pos"), max_length=5)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("profil peserta")
        verbose_name_plural = _("profil peserta")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return name_with_titles(self.title_prefix, self.name, self.title_suffix)


class Application(models.Model):
    """A candidate's application for a service (pengajuan). Its status changes only through
    registration.services (see registration.workflow for the allowed transitions)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("peserta"),
    )
    service = models.ForeignKey(
        "portal.Service", on_delete=models.PROTECT, verbose_name=_("layanan")
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    # The code of one of the service's purposes (ServicePurpose); its name is read from there.
    purpose = models.CharField(_("tujuan uji kompetensi"), max_length=32)
    current_level = models.ForeignKey(
        Level,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("jenjang saat ini"),
    )
    target_level = models.ForeignKey(
        Level, on_delete=models.PROTECT, related_name="+", verbose_name=_("jenjang yang dituju")
    )
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verifikator"),
    )
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    # The number the candidate quotes (UKP-2026-000123): given at the first submission and kept
    # through every return and resubmission (registration.services._reference_take).
    reference = models.CharField(
        _("nomor pengajuan"), max_length=24, unique=True, null=True, blank=True, editable=False
    )
    # The candidate's data as last submitted: what the panel verifies and, once verified, what
    # every letter, certificate, roster and export prints. Set only when the candidate submits
    # (registration.services.application_transition, DRAFT or RETURNED to SUBMITTED).
    snapshot = models.OneToOneField(
        "ApplicantSnapshot",
        # Deleting an application takes its snapshots along; nothing else may delete one.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("data peserta yang diajukan"),
    )
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)
    due_date = models.DateField(_("batas waktu tahap ini"), null=True, blank=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pengajuan")
        verbose_name_plural = _("pengajuan")
        indexes = [
            models.Index(fields=["status", "due_date"]),
            # The verifier queue's "all" tab in its order (verification.selectors), with what
            # it filters on, so that a deep page skips index entries instead of sorting rows.
            models.Index(
                fields=["due_date", "submitted_at", "id"],
                include=["status", "service", "candidate"],
                condition=models.Q(status__in=PANEL_STATUSES),
                name="application_panel_order",
            ),
            # Those verified and waiting for a seat, the longest first (scheduling.rosters):
            # a session page's first candidates without sorting every verified application.
            models.Index(
                fields=["service", "verified_at", "id"],
                condition=models.Q(status=ApplicationStatus.VERIFIED),
                name="application_verified_waiting",
            ),
        ]
        constraints = [
            # One application in progress per candidate and service.
            models.UniqueConstraint(
                fields=["candidate", "service"],
                condition=~models.Q(status__in=CLOSED_STATUSES),
                name="application_one_open_per_service",
            ),
            # Past the draft, an application always carries the data that was submitted: the
            # panel verifies it and what is printed later comes from it, never from the profile.
            models.CheckConstraint(
                condition=models.Q(status=ApplicationStatus.DRAFT)
                | models.Q(snapshot__isnull=False),
                name="application_submitted_has_snapshot",
                violation_error_message=_(
                    "Pengajuan yang sudah diajukan harus menyimpan data peserta yang diajukan."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} - {self.candidate}"

    def get_purpose_display(self) -> str:
        """The purpose's name as the service lists it (ServicePurpose). A list annotates it as
        `purpose_name` (registration.selectors.with_purpose_name) to stay at one query."""
        if hasattr(self, "purpose_name"):
            name = self.purpose_name
        else:
            name = (
                ServicePurpose.objects.filter(service_id=self.service_id, code=self.purpose)
                .values_list("name", flat=True)
                .first()
            )
        return purpose_label(self.purpose, name)


class ReferenceSequence(models.Model):
    """The last reference number given per prefix and year (the year of the first submission).
    Its row is locked while a number is taken, so two submissions never get the same one and a
    rolled-back submission gives its number back."""

    prefix = models.CharField(_("awalan"), max_length=8)
    year = models.PositiveSmallIntegerField(_("tahun"))
    last = models.PositiveIntegerField(_("nomor terakhir"), default=0)

    class Meta:
        verbose_name = _("urutan nomor pengajuan")
        verbose_name_plural = _("urutan nomor pengajuan")
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="reference_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


def purpose_label(code: str, name: str | None) -> str:
    """What a purpose is called: the service's name for it, in the reader's language when the
    catalogue knows the text (the librarian exam's four do); for a code the service no longer
    lists, the librarian exam's label of that code, else the code itself."""
    if name:
        return gettext(name)
    if code in ExamPurpose.values:
        return str(ExamPurpose(code).label)
    return code


class ServicePurpose(models.Model):
    """One purpose a candidate may apply for a service with (tujuan), e.g. the librarian exam's
    kenaikan jenjang. Application.purpose holds its code."""

    service = models.ForeignKey(
        "portal.Service",
        on_delete=models.CASCADE,
        related_name="purposes",
        verbose_name=_("layanan"),
    )
    code = models.SlugField(_("kode"), max_length=32)
    name = models.CharField(_("nama tujuan"), max_length=120)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["service", "order", "pk"]
        verbose_name = _("tujuan pengajuan layanan")
        verbose_name_plural = _("tujuan pengajuan layanan")
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="service_purpose_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ServiceLevel(models.Model):
    """A level the service examines (jenjang): the levels an application for it may name, as
    current and as target. The levels themselves and their ranks are registration.Level."""

    service = models.ForeignKey(
        "portal.Service",
        on_delete=models.CASCADE,
        related_name="levels",
        verbose_name=_("layanan"),
    )
    level = models.ForeignKey(
        Level, on_delete=models.PROTECT, related_name="service_levels", verbose_name=_("jenjang")
    )

    class Meta:
        ordering = ["service", "level__order"]
        verbose_name = _("jenjang layanan")
        verbose_name_plural = _("jenjang layanan")
        constraints = [
            models.UniqueConstraint(fields=["service", "level"], name="service_level_unique")
        ]

    def __str__(self) -> str:
        return str(self.level)


class DispositionRule(models.Model):
    """A level change whose certificate waits for the disposition official before signing
    (seed 000: "khusus untuk yang naik Jenjang Pustakawan Ahli Madya ke Pustakawan Ahli
    Utama"). A service without rows sends every certificate straight to signing."""

    service = models.ForeignKey(
        "portal.Service",
        on_delete=models.CASCADE,
        related_name="disposition_rules",
        verbose_name=_("layanan"),
    )
    from_level = models.ForeignKey(
        Level, on_delete=models.PROTECT, related_name="+", verbose_name=_("dari jenjang")
    )
    to_level = models.ForeignKey(
        Level, on_delete=models.PROTECT, related_name="+", verbose_name=_("ke jenjang")
    )

    class Meta:
        ordering = ["service", "from_level__order", "to_level__order"]
        verbose_name = _("aturan disposisi")
        verbose_name_plural = _("aturan disposisi")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "from_level", "to_level"], name="disposition_rule_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_level} → {self.to_level}"


# The profile's fields that identify the candidate and their post: copied into each submission's
# snapshot, in the order the verifier's page lists them. Contact data (WhatsApp, mailing address,
# postal code) is not among them: it stays the profile's and applies at once.
SNAPSHOT_FIELDS = (
    "title_prefix",
    "name",
    "title_suffix",
    "birth_place",
    "birth_date",
    "sex",
    "rank",
    "position",
    "level",
    "work_unit",
    "institution",
)


class ApplicantSnapshot(models.Model):
    """The candidate's identity and employment data as submitted with an application: one row
    per submission (a resubmission after a return adds one), never changed afterwards. The
    application points at its latest row; the panel verifies that one, and after verification
    it is what the result letter, the certificate's initial data, rosters and exports print, so
    a profile edited later changes nothing already verified."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("pengajuan")
    )
    submitted_at = models.DateTimeField(_("diajukan"))
    nip = models.CharField(_("NIP"), max_length=18)
    title_prefix = models.CharField(_("gelar depan"), max_length=50, blank=True)
    name = models.CharField(_("nama lengkap (tanpa gelar)"), max_length=150)
    title_suffix = models.CharField(_("gelar belakang"), max_length=80, blank=True)
    birth_place = models.CharField(_("tempat lahir"), max_length=100)
    birth_date = models.DateField(_("tanggal lahir"))
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    rank = models.ForeignKey(
        Rank, on_delete=models.PROTECT, related_name="+", verbose_name=_("pangkat/golongan")
    )
    position = models.CharField(_("jabatan terakhir"), max_length=200)
    level = models.ForeignKey(
        Level, on_delete=models.PROTECT, related_name="+", verbose_name=_("jenjang jabatan")
    )
    work_unit = models.CharField(_("unit kerja"), max_length=200)
    institution = models.CharField(_("instansi"), max_length=200)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("data peserta yang diajukan")
        verbose_name_plural = _("data peserta yang diajukan")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return name_with_titles(self.title_prefix, self.name, self.title_suffix)


def document_upload_to(document: "Document", filename: str) -> str:
    # Random names: a path never reveals whose file it is, and cannot be guessed.
    extension = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}.get(document.kind, "bin")
    return f"documents/{document.application.public_id}/{uuid.uuid4().hex}.{extension}"


class Document(models.Model):
    """One uploaded version of one required document. Re-uploading adds a version; the latest
    is current. Files are private: reached only through the permission-checked view."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    requirement = models.ForeignKey(
        "portal.Requirement", on_delete=models.PROTECT, verbose_name=_("persyaratan")
    )
    version = models.PositiveSmallIntegerField(_("versi"))
    is_current = models.BooleanField(_("versi terkini"), default=True)
    file = models.FileField(_("berkas"), upload_to=document_upload_to, max_length=200)
    original_name = models.CharField(_("nama berkas asli"), max_length=255)
    kind = models.CharField(_("jenis"), max_length=8)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField(_("ukuran (byte)"))
    sha256 = models.CharField(max_length=64)
    verdict = models.CharField(
        _("hasil pemeriksaan"), max_length=16, choices=Verdict.choices, default=Verdict.PENDING
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    # Set when the file was copied from the candidate's previous (failed) application: the
    # application pages say "Dari pengajuan sebelumnya"; the copy is a file of its own.
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("disalin dari"),
    )

    class Meta:
        ordering = ["requirement__order", "-version"]
        verbose_name = _("berkas")
        verbose_name_plural = _("berkas")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "requirement", "version"], name="document_version_unique"
            ),
            models.UniqueConstraint(
                fields=["application", "requirement"],
                condition=models.Q(is_current=True),
                name="document_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requirement} v{self.version}"


# --- Who owns a NIP: confirmation links and account claims ------------------------------------


class RegistrationMail(models.Model):
    """One mail the public registration or claim page sent: its kind, for which NIP, to which
    address. A link mail keeps the SHA-256 of its token (never the token) until it is opened.
    Rows also stop a double click from mailing twice; they are pruned after some weeks."""

    kind = models.CharField(_("jenis"), max_length=24, choices=RegistrationMailKind.choices)
    nip = models.CharField(_("NIP"), max_length=18)
    email = models.EmailField(_("dikirim ke"))
    token_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("dikirim"), auto_now_add=True)
    used_at = models.DateTimeField(_("tautan dibuka"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("akun yang dibuat"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("e-mail pendaftaran")
        verbose_name_plural = _("e-mail pendaftaran")
        indexes = [
            models.Index(fields=["nip", "kind", "created_at"]),
            models.Index(fields=["created_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["token_hash"],
                condition=~models.Q(token_hash=""),
                name="registration_mail_token_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class AccountClaim(models.Model):
    """The owner of a NIP says the account holding it is not theirs. Filed from an address the
    claimant confirmed by a link, with KTP and Kartu Pegawai; decided by the verification panel.
    Its status changes only through registration.services.account_claim_transition."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    librarian = models.ForeignKey(
        Librarian, on_delete=models.PROTECT, related_name="+", verbose_name=_("registri")
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("akun yang diklaim"),
        help_text=_("Akun yang memegang NIP ini saat klaim diajukan."),
    )
    email = models.EmailField(_("e-mail pemohon (sudah dikonfirmasi)"))
    full_name = models.CharField(_("nama sesuai KTP"), max_length=150)
    statement = models.TextField(_("keterangan pemohon"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED
    )
    link = models.OneToOneField(
        RegistrationMail,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claim",
        verbose_name=_("tautan konfirmasi"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diputuskan oleh"),
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    decision_note = models.TextField(_("alasan keputusan"), blank=True)
    created_at = models.DateTimeField(_("diajukan"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("klaim akun")
        verbose_name_plural = _("klaim akun")
        # The panel's list by status in created order, the id breaking ties: with the id in
        # the index a deep page skips index entries alone (an index-only scan; 25,000 claims:
        # page 1,000's ids in 15 ms instead of a 55 ms sort).
        indexes = [models.Index(fields=["status", "created_at", "id"], name="claim_queue_order")]

    def __str__(self) -> str:
        return f"{self.librarian.nip} ({self.get_status_display()})"


def claim_document_upload_to(document: "ClaimDocument", filename: str) -> str:
    extension = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}.get(document.file_kind, "bin")
    return f"claims/{document.claim.public_id}/{uuid.uuid4().hex}.{extension}"


class ClaimDocument(models.Model):
    """A claimant's identity document. Private: only the verification panel opens it, through a
    permission-checked view."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    claim = models.ForeignKey(AccountClaim, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("dokumen"), max_length=16, choices=ClaimDocumentKind.choices)
    file = models.FileField(_("berkas"), upload_to=claim_document_upload_to, max_length=200)
    original_name = models.CharField(_("nama berkas asli"), max_length=255)
    file_kind = models.CharField(_("jenis berkas"), max_length=8)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField(_("ukuran (byte)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("dokumen klaim")
        verbose_name_plural = _("dokumen klaim")
        constraints = [
            models.UniqueConstraint(fields=["claim", "kind"], name="claim_document_one_per_kind")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class StaffDeclaration(models.Model):
    """What a staff member declares about themself for conflicts of interest
    (registration.conflicts): their own NIP (when they are a civil servant who could apply),
    their work unit and agency, and their relatives (StaffRelative). Changed only through
    registration.services.staff_declaration_save, which records each change."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_declaration",
        verbose_name=_("petugas"),
    )
    nip = models.CharField(_("NIP sendiri"), max_length=18, blank=True)
    work_unit = models.CharField(_("unit kerja"), max_length=200, blank=True)
    institution = models.CharField(_("instansi"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("pernyataan konflik kepentingan")
        verbose_name_plural = _("pernyataan konflik kepentingan")

    def __str__(self):
        return str(self.user)


class StaffRelative(models.Model):
    """A relative a staff member declared, by NIP: whoever holds that NIP is their relative."""

    declaration = models.ForeignKey(
        StaffDeclaration, on_delete=models.CASCADE, related_name="relatives"
    )
    nip = models.CharField(_("NIP kerabat"), max_length=18)
    name = models.CharField(_("nama kerabat"), max_length=150, blank=True)
    relationship = models.CharField(_("hubungan"), max_length=16, choices=Relationship.choices)

    class Meta:
        verbose_name = _("kerabat yang dinyatakan")
        verbose_name_plural = _("kerabat yang dinyatakan")
        constraints = [
            models.UniqueConstraint(fields=["declaration", "nip"], name="staff_relative_unique_nip")
        ]
        indexes = [models.Index(fields=["nip"], name="staff_relative_nip")]

    def __str__(self):
        return f"{self.nip} ({self.get_relationship_display()})"
