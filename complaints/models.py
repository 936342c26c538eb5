"""Complaints, aspirations and information requests from the public and from candidates. State
changes go only through complaints.services; what the reporter and the public may see is decided
there and in complaints.selectors, never in templates. (The satisfaction survey is the survey
app's.)"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.constants import (
    OPEN_STATUSES,
    AboutKind,
    Channel,
    ClusterStatus,
    ComplaintKind,
    ComplaintStatus,
    MessageKind,
    NamedAs,
    Priority,
    SealNotice,
    SealPurpose,
)
from portal.providers import provider_default_pk


class ComplaintCluster(models.Model):
    """Complaints of one provider about the same exam session, certificate, assessor or document
    requirement, handled once: one investigation, one answer that complaints.services applies to
    each member (each reporter keeps their own code, privacy choice and survey). A complaint with
    a subject joins its provider's open cluster of that subject; a closed cluster takes no new
    report (the next one opens a new cluster). The first and latest report are the members'."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(
        "portal.Provider",
        on_delete=models.PROTECT,
        related_name="complaint_clusters",
        verbose_name=_("penyelenggara"),
    )
    service = models.ForeignKey(
        "portal.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaint_clusters",
        verbose_name=_("layanan"),
    )
    about_kind = models.CharField(_("tentang"), max_length=16, choices=AboutKind.choices)
    about_key = models.CharField(_("kunci"), max_length=64)
    label = models.CharField(_("label"), max_length=200)
    status = models.CharField(
        _("status"), max_length=8, choices=ClusterStatus.choices, default=ClusterStatus.OPEN
    )
    answer = models.TextField(_("jawaban bersama"), blank=True)
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
    opened_at = models.DateTimeField(_("dibuka"), auto_now_add=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("kelompok pengaduan")
        verbose_name_plural = _("kelompok pengaduan")
        constraints = [
            # Two reports filed at once about the same thing join one cluster: the second
            # insert fails and joins the first's (complaints.services._cluster_join).
            models.UniqueConstraint(
                fields=["provider", "about_kind", "about_key"],
                condition=models.Q(status=ClusterStatus.OPEN),
                name="complaint_cluster_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_about_kind_display()}: {self.label}"


class Complaint(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Unguessable, easy to read aloud (no 0/O, 1/I/L), compared without case: ADU-7K3M-9QX2.
    tracking_code = models.CharField(_("kode pelacakan"), max_length=20, unique=True)
    kind = models.CharField(_("jenis"), max_length=16, choices=ComplaintKind.choices)
    service = models.ForeignKey(
        "portal.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("layanan"),
    )
    # Whose complaint team answers it: the service's provider, or the provider the reporter
    # chose, or the portal's default provider (complaints.services.complaint_submit decides).
    provider = models.ForeignKey(
        "portal.Provider",
        on_delete=models.PROTECT,
        default=provider_default_pk,
        related_name="complaints",
        verbose_name=_("penyelenggara"),
    )
    subject = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("uraian"))
    incident_date = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    channel = models.CharField(
        _("saluran"), max_length=16, choices=Channel.choices, default=Channel.PORTAL
    )
    external_reference = models.CharField(
        _("nomor rujukan saluran"),
        max_length=100,
        blank=True,
        help_text=_("Mis. nomor laporan SP4N-LAPOR!."),
    )

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("akun pelapor"),
    )
    reporter_name = models.CharField(_("nama pelapor"), max_length=150, blank=True)
    reporter_email = models.EmailField(_("e-mail pelapor"), blank=True)
    reporter_phone = models.CharField(_("telepon/WhatsApp pelapor"), max_length=20, blank=True)
    anonymous = models.BooleanField(
        _("anonim"),
        default=False,
        help_text=_("Identitas pelapor hanya terlihat oleh tim pengelola pengaduan."),
    )
    confidential = models.BooleanField(
        _("rahasia"), default=False, help_text=_("Laporan tidak pernah ditampilkan kepada publik.")
    )

    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.RECEIVED,
    )
    priority = models.CharField(
        _("prioritas"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_complaints",
        verbose_name=_("ditangani oleh"),
    )
    due_date = models.DateField(_("batas waktu tahap ini"), null=True, blank=True)
    forwarded_to = models.CharField(_("diteruskan kepada"), max_length=200, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplikat dari"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
        help_text=_("Petugas yang mencatat pengaduan dari saluran lain."),
    )
    # What it is about (optional): a kind and a key resolved by complaints.subjects at the
    # complaint's provider; the label is what the resolver showed when it was set.
    about_kind = models.CharField(
        _("tentang"), max_length=16, choices=AboutKind.choices, blank=True
    )
    about_key = models.CharField(_("kunci"), max_length=64, blank=True)
    about_label = models.CharField(_("yang diadukan"), max_length=200, blank=True)
    cluster = models.ForeignKey(
        ComplaintCluster,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("kelompok"),
    )
    received_at = models.DateTimeField(_("diterima"))
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)
    first_answered_at = models.DateTimeField(_("jawaban pertama"), null=True, blank=True)
    closed_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["received_at"]),
            # The staff queue's open complaints in its order (complaints.staff_selectors),
            # with what it filters on: a page's ids from the index, without sorting them all.
            models.Index(
                fields=["due_date", "received_at", "id"],
                include=["provider", "status"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="complaint_open_order",
            ),
        ]

    def __str__(self) -> str:
        # Not the tracking code: the admin shows __str__ to administrators outside the
        # complaint team (page titles, history, related fields), and the code is the
        # reporter's key (complaints.selectors.reporter_visible_in_admin).
        return self.subject


class ComplaintNamedStaff(models.Model):
    """A member of staff the complaint names (as assessor, verifier, handler...): the complaint
    is about their work, so it is never shown to them and never assigned to them. Set by the
    team through complaints.services.complaint_staff_name."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="named_staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="complaints_naming",
        verbose_name=_("petugas yang disebut"),
    )
    named_as = models.CharField(_("disebut sebagai"), max_length=16, choices=NamedAs.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    added_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("petugas yang disebut dalam pengaduan")
        verbose_name_plural = _("petugas yang disebut dalam pengaduan")
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "user"], name="complaint_named_staff_unique"
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.get_named_as_display()})"


def _attachment_path(instance, filename: str) -> str:
    return f"pengaduan/{instance.complaint.public_id}/{uuid.uuid4().hex}"


class ComplaintAttachment(models.Model):
    """A file sent with a complaint or added later; private, streamed through a checked view."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("berkas"), upload_to=_attachment_path)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("ukuran"))
    from_reporter = models.BooleanField(default=True)
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("lampiran pengaduan")
        verbose_name_plural = _("lampiran pengaduan")

    def __str__(self) -> str:
        return self.original_name


class ComplaintMessage(models.Model):
    """A reply or question to the reporter (shown on the tracking page and e-mailed), the
    reporter's addition, or an internal note (never shown to the reporter)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("jenis"), max_length=16, choices=MessageKind.choices)
    body = models.TextField(_("isi"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("penulis"),
    )
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("pesan pengaduan")
        verbose_name_plural = _("pesan pengaduan")

    def __str__(self) -> str:
        return f"{self.complaint.tracking_code} {self.get_kind_display()}"


class IntakeToken(models.Model):
    """A credential of another channel's integration (e.g. an SP4N-LAPOR! or chat connector)
    for the JSON intake endpoint. Only the SHA-256 of the token is stored."""

    name = models.CharField(_("nama integrasi"), max_length=100)
    channel = models.CharField(_("saluran"), max_length=16, choices=Channel.choices)
    provider = models.ForeignKey(
        "portal.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("penyelenggara"),
        help_text=_(
            "Penyelenggara yang pengaduannya dibawa integrasi ini; laporan untuk penyelenggara "
            "lain ditolak. Kosong: semua penyelenggara (mis. konektor SP4N-LAPOR! portal)."
        ),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)

    class Meta:
        verbose_name = _("token integrasi pengaduan")
        verbose_name_plural = _("token integrasi pengaduan")

    def __str__(self) -> str:
        return self.name


class DigestRun(models.Model):
    """The day a digest went to the complaint team: claimed before it is written, so two beat
    runs on the same day send one."""

    date = models.DateField(_("tanggal"), unique=True)
    sent_at = models.DateTimeField(_("dikirim"), auto_now_add=True)
    complaints = models.PositiveIntegerField(_("jumlah pengaduan"), default=0)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("ringkasan harian pengaduan")
        verbose_name_plural = _("ringkasan harian pengaduan")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}"


class SealOpening(models.Model):
    """A handler opened an anonymous reporter's sealed identity, with a written reason: shown
    to that handler only, while the complaint is not finished (complaints.selectors.
    seal_open_for); the close transition stamps resealed_at. Never edited, never deleted: the
    provider's complaint supervisor reads them in the monthly seal report."""

    complaint = models.ForeignKey(
        Complaint,
        on_delete=models.PROTECT,
        related_name="seal_openings",
        verbose_name=_("pengaduan"),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dibuka oleh"),
    )
    opened_at = models.DateTimeField(_("dibuka"), auto_now_add=True)
    purpose = models.CharField(_("tujuan"), max_length=16, choices=SealPurpose.choices)
    reason = models.TextField(_("alasan"))
    resealed_at = models.DateTimeField(_("disegel kembali"), null=True, blank=True)
    # Blank on openings recorded before this was kept.
    notified = models.CharField(
        _("diberitahukan kepada"), max_length=16, choices=SealNotice.choices, blank=True
    )

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("pembukaan segel identitas")
        verbose_name_plural = _("pembukaan segel identitas")
        constraints = [
            # One opening in force per handler and complaint: a double POST opens it once.
            models.UniqueConstraint(
                fields=["complaint", "opened_by"],
                condition=models.Q(resealed_at__isnull=True),
                name="seal_opening_one_in_force",
            )
        ]
        indexes = [models.Index(fields=["opened_at"])]

    def __str__(self) -> str:
        return f"{self.opened_at:%Y-%m-%d %H:%M}"
