"""A Perangkat Daerah's IP-ASN report (seed 003) and the index computed from it, as rows.

One Report per submission by a Perangkat Daerah's operator (casework.Institution at the
provider): the cover letter, the recap (one RecapEntry per employee, scored on acceptance),
its routing through the provider's officials (one Routing row per step entered, the steps being
the service's portal.ServiceStep rows), the waits while it is back with the Perangkat Daerah
(Pause rows stop the clock), the upload to BKN's IP-ASN application as recorded by the
processing unit, and the Laporan Data IP-ASN (XLSX and signed PDF). An AgencySummary is the
same laporan for the whole agency and a year.

The scoring tables are data per service (ScoringDimension, ScoreRule, IndexCategory), each
entry citing its source article and saying whether that source was confirmed.

States change only through ipasn.services; ipasn.workflow holds the rules."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ipasn.constants import Dimension, IndexCategoryCode, ReportState


def _private_path(folder: str, instance, filename: str) -> str:
    # Random names: a path never reveals whose file it is, and cannot be guessed.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    if extension not in {"pdf", "jpg", "jpeg", "png", "xlsx"}:
        extension = "bin"
    return f"ipasn/{folder}/{uuid.uuid4().hex}.{extension}"


def letter_path(instance, filename: str) -> str:
    return _private_path("letters", instance, filename)


def recap_path(instance, filename: str) -> str:
    return _private_path("recaps", instance, filename)


def proof_path(instance, filename: str) -> str:
    return _private_path("proofs", instance, filename)


def result_path(instance, filename: str) -> str:
    return _private_path("results", instance, filename)


class Sourced(models.Model):
    """Where a scoring entry comes from: the article it cites, and whether that text was
    confirmed against the regulation (an unconfirmed entry says so in the admin and the
    laporan)."""

    source = models.CharField(
        _("sumber (pasal/lampiran)"),
        max_length=300,
        help_text=_("Mis. Peraturan BKN 8/2019, Lampiran, Bab III huruf A angka 1."),
    )
    confirmed = models.BooleanField(
        _("sumber terkonfirmasi"),
        default=False,
        help_text=_("Kosongkan jika isi entri belum dapat dicocokkan dengan teks peraturannya."),
    )
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        abstract = True


class ScoringDimension(Sourced):
    """A dimension of the index for a service, with its weight (its maximum points)."""

    service = models.ForeignKey(
        "portal.Service",
        on_delete=models.CASCADE,
        related_name="ipasn_dimensions",
        verbose_name=_("layanan"),
    )
    code = models.CharField(_("dimensi"), max_length=16, choices=Dimension.choices)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    weight = models.DecimalField(
        _("bobot (nilai maksimum)"), max_digits=5, decimal_places=2, help_text=_("Mis. 25.")
    )

    class Meta:
        ordering = ["service", "order"]
        verbose_name = _("dimensi IP-ASN")
        verbose_name_plural = _("dimensi IP-ASN")
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="ipasn_dimension_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} ({self.weight})"


class ScoreRule(Sourced):
    """One entry of a scoring table: within a dimension, an indicator (e.g. "pendidikan",
    "diklat_teknis") earns `points` when the employee's value is `key` (and, for trainings,
    when the hours within the window reach `min_hours`; for a position-bound entry, when the
    employee's position kind is listed). Entries of one indicator are alternatives: the best
    matching one counts."""

    dimension = models.ForeignKey(
        ScoringDimension, on_delete=models.CASCADE, related_name="rules", verbose_name=_("dimensi")
    )
    indicator = models.CharField(_("indikator"), max_length=40)
    key = models.CharField(_("nilai data"), max_length=40)
    label = models.CharField(_("uraian"), max_length=300)
    points = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2)
    min_hours = models.PositiveSmallIntegerField(_("jam pelajaran minimum"), null=True, blank=True)
    within_years = models.PositiveSmallIntegerField(
        _("dalam ... tahun terakhir"), null=True, blank=True
    )
    position_kinds = models.JSONField(
        _("berlaku untuk jenis jabatan"),
        default=list,
        blank=True,
        help_text=_("Kosong: semua jenis jabatan."),
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["dimension", "indicator", "order"]
        verbose_name = _("tabel nilai IP-ASN")
        verbose_name_plural = _("tabel nilai IP-ASN")
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "indicator", "key", "order"], name="ipasn_rule_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.label} = {self.points}"


class IndexCategory(Sourced):
    """A category of the index (sangat tinggi … sangat rendah) with its bounds, inclusive."""

    service = models.ForeignKey(
        "portal.Service",
        on_delete=models.CASCADE,
        related_name="ipasn_categories",
        verbose_name=_("layanan"),
    )
    code = models.CharField(_("kategori"), max_length=16, choices=IndexCategoryCode.choices)
    lower = models.DecimalField(_("nilai terendah"), max_digits=5, decimal_places=2)
    upper = models.DecimalField(_("nilai tertinggi"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["service", "-upper"]
        verbose_name = _("kategori IP-ASN")
        verbose_name_plural = _("kategori IP-ASN")
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="ipasn_category_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} ({self.lower}-{self.upper})"


class Report(models.Model):
    """A Perangkat Daerah's IP-ASN report, from its draft to the laporan in the Kepala's hands."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("nomor agenda"), max_length=40, blank=True, db_index=True)
    service = models.ForeignKey(
        "portal.Service", on_delete=models.PROTECT, related_name="+", verbose_name=_("layanan")
    )
    institution = models.ForeignKey(
        "casework.Institution",
        on_delete=models.PROTECT,
        related_name="ipasn_reports",
        verbose_name=_("perangkat daerah"),
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("operator"),
    )
    year = models.PositiveSmallIntegerField(_("tahun pengukuran"))
    state = models.CharField(
        _("status"), max_length=16, choices=ReportState.choices, default=ReportState.DRAFT
    )
    step = models.ForeignKey(
        "portal.ServiceStep",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("langkah saat ini"),
    )
    cover_letter = models.FileField(
        _("surat pengantar (PDF)"), upload_to=letter_path, blank=True, max_length=200
    )
    recap_file = models.FileField(
        _("rekapitulasi (XLSX)"), upload_to=recap_path, blank=True, max_length=200
    )
    recap_uploaded_at = models.DateTimeField(_("rekapitulasi diunggah"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    # The first submission starts the clock; a resubmission after a return ends a pause.
    submitted_at = models.DateTimeField(_("disampaikan"), null=True, blank=True)
    closed_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    # The processing unit's record of the upload to BKN's IP-ASN application (the portal does
    # not call BKN).
    bkn_uploaded_on = models.DateField(
        _("tanggal unggah ke aplikasi IP-ASN"), null=True, blank=True
    )
    bkn_proof = models.FileField(
        _("bukti unggah (PDF/gambar)"), upload_to=proof_path, blank=True, max_length=200
    )
    bkn_note = models.TextField(_("catatan unggah"), blank=True)
    # The Laporan Data IP-ASN of this Perangkat Daerah.
    result_xlsx = models.FileField(
        _("Laporan Data IP-ASN (XLSX)"), upload_to=result_path, blank=True, max_length=200
    )
    result_pdf = models.FileField(
        _("Laporan Data IP-ASN (PDF ditandatangani)"),
        upload_to=result_path,
        blank=True,
        max_length=200,
    )
    result_signed_at = models.DateTimeField(_("laporan ditandatangani"), null=True, blank=True)
    result_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ditandatangani oleh"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("laporan IP-ASN perangkat daerah")
        verbose_name_plural = _("laporan IP-ASN perangkat daerah")
        indexes = [models.Index(fields=["service", "state"], name="ipasn_report_queue")]

    def __str__(self) -> str:
        return f"{self.reference or _('Draf')} — {self.institution} ({self.year})"


class RecapEntry(models.Model):
    """One employee on the report's accepted recap, with the index computed from it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="entries")
    row = models.PositiveIntegerField(_("baris"))
    nip = models.CharField(_("NIP"), max_length=18)
    name = models.CharField(_("nama"), max_length=200)
    education = models.CharField(_("pendidikan terakhir"), max_length=8, blank=True)
    position_kind = models.CharField(_("jenis jabatan"), max_length=16, blank=True)
    position_title = models.CharField(_("jabatan"), max_length=300, blank=True)
    performance = models.CharField(_("penilaian kinerja terakhir"), max_length=16, blank=True)
    discipline = models.CharField(_("hukuman disiplin"), max_length=16, blank=True)
    positions = models.JSONField(_("riwayat jabatan"), default=list, blank=True)
    trainings = models.JSONField(_("diklat/seminar"), default=list, blank=True)
    qualification_score = models.DecimalField(
        _("kualifikasi"), max_digits=5, decimal_places=2, default=0
    )
    competence_score = models.DecimalField(
        _("kompetensi"), max_digits=5, decimal_places=2, default=0
    )
    performance_score = models.DecimalField(_("kinerja"), max_digits=5, decimal_places=2, default=0)
    discipline_score = models.DecimalField(_("disiplin"), max_digits=5, decimal_places=2, default=0)
    index = models.DecimalField(_("IP-ASN"), max_digits=5, decimal_places=2, default=0)
    category = models.CharField(
        _("kategori"), max_length=16, choices=IndexCategoryCode.choices, blank=True
    )
    # What the recap left out (field names, in Indonesian), so the laporan lists it.
    missing = models.JSONField(_("data belum lengkap"), default=list, blank=True)

    class Meta:
        ordering = ["report", "row"]
        verbose_name = _("pegawai pada rekapitulasi")
        verbose_name_plural = _("pegawai pada rekapitulasi")
        constraints = [
            models.UniqueConstraint(fields=["report", "nip"], name="ipasn_entry_nip_unique")
        ]

    def __str__(self) -> str:
        return f"{self.nip} {self.name}"


class Routing(models.Model):
    """One entry of the report into a step: who held it, from when to when, what they did."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="routings")
    step = models.ForeignKey(
        "portal.ServiceStep", on_delete=models.PROTECT, related_name="+", verbose_name=_("langkah")
    )
    started_at = models.DateTimeField(_("mulai"))
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dikerjakan oleh"),
    )
    # The official's note: the disposition's instruction, the paraf's remark, the return's
    # reasons.
    note = models.TextField(_("catatan/disposisi"), blank=True)

    class Meta:
        ordering = ["report", "started_at", "pk"]
        verbose_name = _("alur laporan")
        verbose_name_plural = _("alur laporan")
        constraints = [
            models.UniqueConstraint(
                fields=["report"],
                condition=models.Q(finished_at__isnull=True),
                name="ipasn_one_open_routing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} — {self.step}"


class Pause(models.Model):
    """A wait on the Perangkat Daerah: from the return to the resubmission. The clock stops."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="pauses")
    started_at = models.DateTimeField(_("dikembalikan"))
    ended_at = models.DateTimeField(_("disampaikan kembali"), null=True, blank=True)
    reasons = models.TextField(_("alasan pengembalian"))
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["report", "started_at"]
        verbose_name = _("pengembalian laporan")
        verbose_name_plural = _("pengembalian laporan")

    def __str__(self) -> str:
        return f"{self.report} — {self.started_at:%Y-%m-%d %H:%M}"


class AgencySummary(models.Model):
    """The Laporan Data IP-ASN of the whole agency for a year: every Perangkat Daerah's
    completed report, as XLSX and signed PDF, for the Kepala."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        "portal.Service", on_delete=models.PROTECT, related_name="+", verbose_name=_("layanan")
    )
    year = models.PositiveSmallIntegerField(_("tahun pengukuran"))
    xlsx = models.FileField(_("XLSX"), upload_to=result_path, blank=True, max_length=200)
    pdf = models.FileField(
        _("PDF ditandatangani"), upload_to=result_path, blank=True, max_length=200
    )
    report_count = models.PositiveIntegerField(_("jumlah laporan perangkat daerah"), default=0)
    employee_count = models.PositiveIntegerField(_("jumlah pegawai"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("laporan IP-ASN badan")
        verbose_name_plural = _("laporan IP-ASN badan")

    def __str__(self) -> str:
        return f"{self.service} — {self.year}"
