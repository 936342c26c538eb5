"""Certificates: the product the candidate waited for. Each passes the stages of seed 000; its
printed data is a snapshot frozen at validation, its number is gapless per service and year,
and its signed PDFs are stored, so a later template never changes an issued certificate.
State changes go only through certificates.services."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from certificates.constants import BulkKind, BulkStatus, CertificateStatus, FileState


def _certificate_path(instance, filename: str) -> str:
    return f"sertifikat/{instance.public_id}/{filename}"


def verification_token_new() -> str:
    """The secret half of a certificate's verification link (its QR code): 128 random bits,
    URL-safe, 22 characters. The number alone only tells the status (certificates.verification)."""
    return secrets.token_urlsafe(16)


class Certificate(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    verification_token = models.CharField(
        _("kode verifikasi"),
        max_length=43,
        unique=True,
        default=verification_token_new,
        editable=False,
    )
    application = models.OneToOneField(
        "registration.Application",
        on_delete=models.PROTECT,
        related_name="certificate",
        verbose_name=_("pengajuan"),
    )
    # The application's service, copied when the certificate is made (an application's service
    # never changes): the staff queues filter their provider's certificates on it from one
    # index, without joining each certificate to its application.
    service = models.ForeignKey(
        "portal.Service",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,  # the index certificate_queue below leads with the stage, then this
    )
    status = models.CharField(
        _("tahap"),
        max_length=16,
        choices=CertificateStatus.choices,
        default=CertificateStatus.DATA_CHECK,
    )
    due_date = models.DateField(_("batas waktu tahap ini"), null=True, blank=True)

    # The data printed on the certificate (seed 000), editable until validated, then frozen.
    name = models.CharField(_("nama dengan gelar"), max_length=250)
    nip = models.CharField(_("NIP"), max_length=18)
    birth_place = models.CharField(_("tempat lahir"), max_length=100)
    birth_date = models.DateField(_("tanggal lahir"))
    rank = models.CharField(_("pangkat/golongan"), max_length=120)
    position = models.CharField(_("jabatan terakhir"), max_length=200)
    purpose = models.CharField(_("tujuan uji kompetensi"), max_length=120)
    level = models.CharField(_("jenjang"), max_length=120)
    institution = models.CharField(_("instansi"), max_length=200)

    candidate_confirmed_at = models.DateTimeField(_("dikonfirmasi peserta"), null=True, blank=True)
    correction_request = models.TextField(_("permintaan perbaikan data"), blank=True)
    correction_requested_at = models.DateTimeField(_("perbaikan diminta"), null=True, blank=True)
    validated_at = models.DateTimeField(_("divalidasi"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    number = models.CharField(_("nomor sertifikat"), max_length=64, blank=True)
    number_year = models.PositiveSmallIntegerField(_("tahun nomor"), null=True, blank=True)
    number_sequence = models.PositiveIntegerField(_("urut nomor"), null=True, blank=True)
    issued_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True)
    needs_disposition = models.BooleanField(_("perlu disposisi"), default=False)
    disposition_note = models.TextField(_("catatan disposisi"), blank=True)
    disposed_at = models.DateTimeField(_("disetujui Pejabat Disposisi"), null=True, blank=True)
    signed_at = models.DateTimeField(_("ditandatangani"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    legalised_at = models.DateTimeField(_("dilegalisir"), null=True, blank=True)
    legalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # The signed PDFs: rendered and signed by Celery tasks, stored once.
    pdf = models.FileField(_("sertifikat (PDF)"), upload_to=_certificate_path, blank=True)
    pdf_state = models.CharField(max_length=8, choices=FileState.choices, blank=True)
    legalised_pdf = models.FileField(
        _("salinan legalisir (PDF)"), upload_to=_certificate_path, blank=True
    )
    legalised_pdf_state = models.CharField(max_length=8, choices=FileState.choices, blank=True)

    courier = models.CharField(_("jasa pengiriman"), max_length=100, blank=True)
    tracking_number = models.CharField(_("nomor resi"), max_length=100, blank=True)
    sent_on = models.DateField(_("tanggal dikirim"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("diterima"), null=True, blank=True)

    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.TextField(_("alasan pencabutan"), blank=True)

    # Its place in the provider's revocation list (StatusList), taken with its number.
    status_list = models.ForeignKey(
        "portal.StatusList",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    status_list_index = models.PositiveIntegerField(null=True, blank=True, editable=False)

    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        indexes = [
            models.Index(fields=["status", "due_date"]),
            # The staff queues (selectors.certificate_queue, its count, certificate_stage_tallies)
            # from the index alone: a stage's certificates of the providers' services in the
            # queue's order, with the application beside them for the conflict exclusion.
            models.Index(
                fields=["status", "service", "due_date", "created_at", "id"],
                include=["application"],
                condition=models.Q(revoked_at__isnull=True),
                name="certificate_queue",
            ),
            # Whether a stage holds a signed PDF to download (bulk.kinds_ready): the few ready
            # ones, not the whole stage's worth of index (none at the data check, 40,000 deep).
            models.Index(
                fields=["status", "service"],
                condition=models.Q(revoked_at__isnull=True, pdf_state=FileState.READY),
                name="certificate_pdf_ready",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~models.Q(number=""), name="certificate_number_unique"
            ),
            models.UniqueConstraint(
                fields=["status_list", "status_list_index"], name="certificate_status_index_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"{self.name} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        # A safety net: every creation path sets the service (certificates.services, the
        # bench seed, the factories); one that forgets copies it here from the application.
        if self.service_id is None and self.application_id is not None:
            self.service_id = self.application.service_id
        super().save(*args, **kwargs)


class NumberSequence(models.Model):
    """The last number given per service and year: locked while a number is taken, so numbers
    have no gap and no duplicate whatever the concurrency."""

    service = models.ForeignKey("portal.Service", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    last = models.PositiveIntegerField(_("nomor terakhir"), default=0)

    class Meta:
        verbose_name = _("urutan nomor sertifikat")
        verbose_name_plural = _("urutan nomor sertifikat")
        constraints = [
            models.UniqueConstraint(fields=["service", "year"], name="number_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.service} {self.year}: {self.last}"


def _letter_path(instance, filename: str) -> str:
    return f"surat-hasil/{instance.public_id}/{filename}"


class ResultLetter(models.Model):
    """The "Surat Keterangan Hasil Uji Kompetensi" of a published result, pass or fail."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    result = models.OneToOneField(
        "scheduling.Result", on_delete=models.PROTECT, related_name="letter"
    )
    pdf = models.FileField(_("surat (PDF)"), upload_to=_letter_path, blank=True)
    pdf_state = models.CharField(max_length=8, choices=FileState.choices, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("surat keterangan hasil uji")
        verbose_name_plural = _("surat keterangan hasil uji")

    def __str__(self) -> str:
        return f"{self.result}"


def _bulk_path(instance, filename: str) -> str:
    return f"unduhan-sekaligus/{instance.public_id}/{filename}"


class BulkDownload(models.Model):
    """A ZIP of many signed PDFs (certificates or result letters) of one provider, asked for
    from a staff queue and built by a Celery task (certificates.bulk). Private: only the
    requester and the certificate officers of its provider open it; the file is deleted after
    certificates.bulk.KEEP_FOR."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    provider = models.ForeignKey("portal.Provider", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("isi"), max_length=16, choices=BulkKind.choices)
    stage = models.CharField(_("tahap antrean"), max_length=16, choices=CertificateStatus.choices)
    # The certificates chosen when asked (ids): the ZIP holds what the staff saw, not what a
    # later move of the queue would show.
    certificate_ids = models.JSONField(default=list)
    # kind, stage, provider and ids hashed: the same selection asked twice while one is being
    # made is the same job (the constraint below).
    selection_key = models.CharField(max_length=64)
    status = models.CharField(
        _("status"), max_length=8, choices=BulkStatus.choices, default=BulkStatus.QUEUED
    )
    done = models.PositiveIntegerField(_("selesai"), default=0)
    total = models.PositiveIntegerField(_("jumlah"), default=0)
    file = models.FileField(_("berkas ZIP"), upload_to=_bulk_path, blank=True)
    error = models.TextField(_("galat"), blank=True)
    created_at = models.DateTimeField(_("diminta"), auto_now_add=True)
    # Set by the worker as it goes: a run whose heartbeat stops was lost and is run again.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai dibuat"), null=True, blank=True)
    expires_at = models.DateTimeField(_("kedaluwarsa"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("unduhan sekaligus")
        verbose_name_plural = _("unduhan sekaligus")
        constraints = [
            models.UniqueConstraint(
                fields=["requested_by", "selection_key"],
                condition=models.Q(status__in=["queued", "running"]),
                name="bulk_download_one_at_a_time",
            )
        ]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"
