"""Models every app shares: the providers and their service catalogue, closures, the mail outbox,
the audit log."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.constants import (
    STEP_ACTOR_CHOICES,
    ApplicantKind,
    Eligibility,
    EmailStatus,
    FileKind,
    Fulfilment,
    IkmMethod,
    OfficialDuty,
    OnlineFlow,
    ProvidedBy,
    Role,
    SeatAssignment,
    Stage,
    StandardComponent,
    StepKind,
    TextOrigin,
    TimeAnchor,
    TimeUnit,
    Weekday,
)


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


def _static_image_path(value: str) -> None:
    """A logo is a public image shipped in static/ (the default storage is private)."""
    if (
        value.startswith(("/", "\\"))
        or ".." in value.split("/")
        or not value.lower().endswith((".svg", ".png", ".jpg", ".jpeg", ".webp"))
    ):
        raise ValidationError(
            _(
                "Tulis jalur berkas gambar di dalam folder static/, mis. "
                "img/penyelenggara/lan.svg (SVG, PNG, JPEG, atau WebP)."
            )
        )
    if finders.find(value) is None:
        raise ValidationError(
            _(
                "Berkas %(path)s tidak ada di folder static/. Tambahkan berkasnya dulu, lalu "
                "tulis jalurnya di sini."
            ),
            params={"path": value},
        )


class Provenance(models.Model):
    """Where a text or row of a service standard comes from: the service's source document
    (named in source_reference), or the provider (set_by and set_at say who and when; both empty
    for what was entered when the portal was set up). Only portal.services changes these: an
    edit in the admin marks the row "ditetapkan penyelenggara" with its editor and the time."""

    origin = models.CharField(
        _("asal"), max_length=16, choices=TextOrigin.choices, default=TextOrigin.PROVIDER
    )
    source_reference = models.CharField(
        _("dokumen sumber"),
        max_length=300,
        blank=True,
        help_text=_("Dokumen sumber dan bagiannya, bila asalnya dokumen sumber."),
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ditetapkan oleh"),
    )
    set_at = models.DateTimeField(_("ditetapkan pada"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def from_source(self) -> bool:
        return self.origin == TextOrigin.SOURCE


class Provider(models.Model):
    """A government unit that runs services on the portal (penyelenggara). Everything public
    about a service is its provider's: address, hours, contacts, complaint channels, the issuer
    and signature of its certificates, the sender of its mails. A fact no source gives stays
    empty, and pages say "Tidak dicantumkan" instead of borrowing another provider's."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(
        _("nama penyelenggara"),
        max_length=200,
        help_text=_("Unit yang menyelenggarakan layanan, mis. Pusat Pembinaan Pustakawan."),
    )
    unit = models.CharField(
        _("unit kerja di atasnya"),
        max_length=200,
        blank=True,
        help_text=_("Bila ada di antara penyelenggara dan instansinya, mis. Puslatbang PKASN."),
    )
    parent_agency = models.CharField(
        _("instansi induk"),
        max_length=200,
        blank=True,
        help_text=_("Mis. Perpustakaan Nasional Republik Indonesia; dicetak pada sertifikat."),
    )
    address = models.TextField(_("alamat"), blank=True)
    email = models.CharField(_("e-mail"), max_length=254, blank=True)
    telephone = models.CharField(_("telepon"), max_length=100, blank=True)
    fax = models.CharField(_("faksimile"), max_length=100, blank=True)
    helpdesk = models.CharField(_("helpdesk"), max_length=200, blank=True)
    website = models.CharField(_("situs web"), max_length=200, blank=True)
    social_media = models.TextField(_("media sosial"), blank=True)
    logo = models.CharField(
        _("logo"),
        max_length=200,
        blank=True,
        validators=[_static_image_path],
        help_text=_(
            "Gambar publik di folder static/, mis. img/penyelenggara/lan.svg. Kosong: logo portal."
        ),
    )
    mail_sender_name = models.CharField(
        _("nama pengirim e-mail"),
        max_length=100,
        blank=True,
        help_text=_(
            "Nama pengirim e-mail tentang layanannya; kosong: nama penyelenggara. Alamatnya "
            "tetap alamat pengirim portal."
        ),
    )
    issue_place = models.CharField(
        _("tempat penerbitan"),
        max_length=100,
        blank=True,
        help_text=_("Kota yang dicetak di depan tanggal pada sertifikat dan surat, mis. Jakarta."),
    )
    # The IKM policy (PermenPANRB 14/2017): which of the two figures is published as official,
    # and from how many respondents an IKM is representative. See survey.policy.
    ikm_official_method = models.CharField(
        _("IKM resmi"),
        max_length=16,
        choices=IkmMethod.choices,
        default=IkmMethod.EXACT,
        help_text=_(
            "IKM yang dipublikasikan: rata-rata NRR dibagi tepat 9, atau jumlah NRR kali bobot "
            "0,111 yang dicetak peraturan. Keduanya tetap ditampilkan kepada petugas."
        ),
    )
    ikm_minimum_sample = models.PositiveIntegerField(
        _("sampel minimum IKM"),
        default=50,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Di bawah jumlah responden ini IKM ditandai belum representatif. Tetapkan dari "
            "jumlah pengguna layanan per semester (tabel Krejcie dan Morgan), mis. 60 pengguna: "
            "52 responden."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("penyelenggara")
        verbose_name_plural = _("penyelenggara")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ikm_minimum_sample__gte=1),
                name="provider_ikm_minimum_sample_positive",
                violation_error_message=_("Sampel minimum IKM sekurang-kurangnya 1 responden."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def issuer(self) -> str:
        """The agency named as issuer on certificates and letters: the parent agency when there
        is one (the unit signs on its behalf), else the provider itself."""
        return self.parent_agency or self.name


class ProviderHours(Provenance):
    """A provider's opening hours on one weekday, with the break (seed 003: Friday differs).
    Only where a source gives them: without rows, pages say "Tidak dicantumkan"."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="hours")
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
            models.UniqueConstraint(
                fields=["provider", "weekday"], name="provider_hours_weekday_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H.%M}-{self.closes:%H.%M}"


class ComplaintChannel(models.Model):
    """One way to bring a complaint to a provider, with its address as the source gives it
    (an e-mail, a site, a postal address; empty when the source names the channel only)."""

    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="complaint_channels"
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    name = models.CharField(_("saluran"), max_length=200)
    address = models.CharField(_("alamat/tautan"), max_length=300, blank=True)

    class Meta:
        ordering = ["provider", "order", "pk"]
        verbose_name = _("saluran pengaduan")
        verbose_name_plural = _("saluran pengaduan")

    def __str__(self) -> str:
        return self.name


class ProviderOfficial(models.Model):
    """An office of a provider whose holder acts in its name: signs its certificates, or
    decides a disposition. The title is printed; the account, when given, says who holds it."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="officials")
    duty = models.CharField(_("tugas"), max_length=16, choices=OfficialDuty.choices)
    title = models.CharField(
        _("jabatan"),
        max_length=200,
        help_text=_("Dicetak pada blok tanda tangan, mis. Kepala Pusat Pembinaan Pustakawan."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("akun pemangku jabatan"),
        help_text=_("Kosong: berlaku bagi siapa pun yang memegang peran ini di penyelenggara."),
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["provider", "duty", "order", "pk"]
        verbose_name = _("pejabat penyelenggara")
        verbose_name_plural = _("pejabat penyelenggara")

    def __str__(self) -> str:
        return f"{self.title} ({self.get_duty_display()})"

    def clean(self):
        # The holder of a signing office signs in it (portal.roles.signing_office), which takes
        # the signing role at this provider as well: say so where the appointment is made.
        if (
            self.duty == OfficialDuty.SIGNING
            and self.user_id
            and self.provider_id
            and not StaffRole.objects.filter(
                user_id=self.user_id,
                provider_id=self.provider_id,
                role=Role.SIGNING_OFFICIAL,
                service__isnull=True,
            ).exists()
        ):
            raise ValidationError(
                {
                    "user": _(
                        "Akun ini belum memegang peran Pejabat penandatangan di penyelenggara "
                        "ini. Berikan perannya dahulu, lalu tetapkan jabatannya."
                    )
                }
            )


class StaffRole(models.Model):
    """A staff role held at one provider: a verifier at LAN works LAN's applications only. A
    person may hold roles at several providers. The Django group of the role (its admin
    permissions) follows: a user is in a role's group while holding the role somewhere
    (portal.roles.staff_groups_sync, on every save and delete)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_roles",
        verbose_name=_("akun"),
    )
    provider = models.ForeignKey(
        Provider,
        on_delete=models.CASCADE,
        related_name="staff_roles",
        verbose_name=_("penyelenggara"),
    )
    role = models.CharField(_("peran"), max_length=64, choices=Role.choices)
    # External staff (an LSP's assessors) act for one service only: a row with a service
    # grants the role for that service's cases and nothing else at the provider
    # (portal.roles reads provider-wide roles from the rows without one).
    service = models.ForeignKey(
        "Service",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="external_staff",
        verbose_name=_("hanya untuk layanan"),
        help_text=_(
            "Untuk petugas eksternal (mis. asesor LSP): peran berlaku hanya pada layanan ini. "
            "Kosongkan untuk petugas penyelenggara."
        ),
    )
    granted_at = models.DateTimeField(_("diberikan pada"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["provider", "role"]
        verbose_name = _("peran petugas")
        verbose_name_plural = _("peran petugas")
        constraints = [
            models.UniqueConstraint(fields=["user", "provider", "role"], name="staff_role_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.provider}"


class Service(models.Model):
    """A public service, configured as data; its public standard page is generated from it."""

    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("penyelenggara"),
    )
    name = models.CharField(_("nama layanan"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("uraian"), blank=True)
    # No default: a service whose fee nobody entered says "Tidak dicantumkan", never "free".
    fee = models.CharField(_("biaya/tarif"), max_length=200, blank=True)
    free_of_charge = models.BooleanField(
        _("tidak dipungut biaya"),
        default=False,
        help_text=_(
            "Centang hanya bila sumbernya menyatakan layanan ini gratis: halaman layanan lalu "
            'menyatakan "tidak dipungut biaya". Selain itu ditampilkan biaya/tarif di atas.'
        ),
    )
    # The fee as a number where the source states one per participant (seed 004: "Rp.
    # 3.200.000,- per Peserta"): agreements and invoices compute from it. The text above is what
    # the public reads.
    fee_per_participant = models.DecimalField(
        _("tarif per peserta (Rp)"),
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Hanya bila sumber menyebut tarif per peserta; dipakai untuk SPK dan tagihan."),
    )
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
    # The time the panel takes to answer an objection (keberatan); the service's seeds set none,
    # so empty shows "ditetapkan penyelenggara" and gives an objection no due date.
    objection_answer_days = models.PositiveSmallIntegerField(
        _("jangka waktu jawaban keberatan (hari kerja)"),
        null=True,
        blank=True,
        help_text=_(
            "Hari kerja bagi panitia untuk menjawab keberatan peserta; kosongkan bila belum "
            "ditetapkan penyelenggara."
        ),
    )
    exam_preparation = models.TextField(
        _("persiapan ujian"),
        blank=True,
        help_text=_("Yang perlu disiapkan peserta; ditampilkan di dasbor peserta terjadwal."),
    )
    # The components of the public service standard (PermenPANRB 15/2014) not held elsewhere:
    # requirements and time limits have their own tables, hours are the provider's.
    requirements_text = models.TextField(
        _("persyaratan (teks)"), blank=True, help_text=_("Untuk layanan tanpa daftar berkas.")
    )
    procedure = models.TextField(_("sistem, mekanisme, dan prosedur"), blank=True)
    time_limit_text = models.TextField(_("jangka waktu penyelesaian"), blank=True)
    complaint_handling = models.TextField(_("penanganan pengaduan, saran, dan masukan"), blank=True)
    facilities = models.TextField(_("sarana, prasarana, dan/atau fasilitas"), blank=True)
    staff_competence = models.TextField(_("kompetensi pelaksana"), blank=True)
    internal_supervision = models.TextField(_("pengawasan internal"), blank=True)
    staff_number = models.PositiveSmallIntegerField(
        _("jumlah pelaksana (orang)"),
        null=True,
        blank=True,
        help_text=_("Komponen jumlah pelaksana menyebut angka; kosong: tidak dicantumkan."),
    )
    staff_count = models.TextField(
        _("jumlah pelaksana (keterangan)"),
        blank=True,
        help_text=_("Keterangan di samping angka, mis. susunan tim."),
    )
    service_guarantee = models.TextField(_("jaminan pelayanan"), blank=True)
    security_guarantee = models.TextField(
        _("jaminan keamanan dan keselamatan pelayanan"), blank=True
    )
    performance_evaluation = models.TextField(_("evaluasi kinerja pelaksana"), blank=True)
    pledge = models.TextField(_("maklumat pelayanan"), blank=True)
    # The letters of the reference number an application gets when first submitted
    # (UKP-2026-000123; registration.services.application_submit). Numbers are counted per
    # prefix and year, so two services sharing the default still never share a number.
    reference_prefix = models.CharField(
        _("awalan nomor pengajuan"),
        max_length=8,
        default="PGJ",
        validators=[
            RegexValidator(r"^[A-Z]{2,8}$", _("Gunakan 2 sampai 8 huruf kapital, misalnya UKP."))
        ],
        help_text=_("Huruf di depan nomor pengajuan peserta, misalnya UKP pada UKP-2026-000123."),
    )
    certificate_number_format = models.CharField(
        _("format nomor sertifikat"),
        max_length=80,
        default="UKP/{year}/{seq:06d}",
        help_text=_(
            "{year} tahun terbit, {seq} nomor urut per tahun; misalnya UKP/{year}/{seq:06d}."
        ),
    )
    eligibility = models.CharField(
        _("yang dapat mengajukan"),
        max_length=32,
        choices=Eligibility.choices,
        default=Eligibility.PNS_NIP,
    )
    applicant_kind = models.CharField(
        _("pengaju"), max_length=16, choices=ApplicantKind.choices, default=ApplicantKind.PERSON
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
                condition=models.Q(online_flow=OnlineFlow.CANDIDATE_APPLICATION),
                name="service_online_flow_unique",
                violation_error_message=_(
                    "Alur pengajuan daring ini sudah dipakai layanan lain. Kosongkan dahulu "
                    "pengajuan daring pada layanan itu, lalu simpan lagi."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ServiceTextSource(Provenance):
    """Where one text component of a service's standard comes from (portal.Provenance). A
    component with text and no row here is the provider's, of unknown date."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="text_sources")
    component = models.CharField(_("komponen"), max_length=32, choices=StandardComponent.choices)
    note = models.TextField(
        _("catatan"),
        blank=True,
        help_text=_("Ditampilkan di samping teksnya, mis. bila sumbernya tidak jelas."),
    )

    class Meta:
        ordering = ["service", "component"]
        verbose_name = _("asal teks standar")
        verbose_name_plural = _("asal teks standar")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "component"], name="service_text_source_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_component_display()}: {self.get_origin_display()}"


class ServiceTimeLimit(Provenance):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="time_limits")
    stage = models.CharField(_("tahap"), max_length=32, choices=Stage.choices)
    working_days = models.PositiveSmallIntegerField(_("hari kerja"))
    note = models.CharField(
        _("keterangan"),
        max_length=300,
        blank=True,
        help_text=_("Syarat yang menyertai janji ini, ditampilkan bersamanya."),
    )

    class Meta:
        verbose_name = _("batas waktu tahap")
        verbose_name_plural = _("batas waktu tahap")
        constraints = [
            models.UniqueConstraint(fields=["service", "stage"], name="service_stage_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.working_days}"


def _default_kinds() -> list[str]:
    return [FileKind.PDF]


class Requirement(Provenance):
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
    provided_by = models.CharField(
        _("disediakan oleh"),
        max_length=16,
        choices=ProvidedBy.choices,
        default=ProvidedBy.APPLICANT,
    )
    fulfilment = models.CharField(
        _("cara memenuhi"),
        max_length=16,
        choices=Fulfilment.choices,
        default=Fulfilment.UPLOAD,
        help_text=_("Formulir yang diisi di portal (mis. formulir pendaftaran), bukan unggahan."),
    )
    # What a retake may carry over (registration.services.application_documents_reuse). The
    # portal cannot read the date written on a letter, so the age is the upload's.
    reuse_months = models.PositiveSmallIntegerField(
        _("dapat dipakai ulang (bulan)"),
        null=True,
        blank=True,
        help_text=_(
            "Berapa bulan sejak diunggah berkas yang sudah dinyatakan sesuai masih disalin ke "
            "pengajuan berikutnya peserta yang sama. Kosong: tanpa batas selama persyaratan "
            "tidak diubah; 0: peserta selalu mengunggah berkas baru."
        ),
    )

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


class TimeLimitFields(models.Model):
    """A time limit stored as the standards write it (portal.deadlines.TimeLimit): no unit, no
    limit."""

    limit_unit = models.CharField(
        _("satuan batas waktu"), max_length=16, choices=TimeUnit.choices, blank=True
    )
    limit_amount = models.PositiveSmallIntegerField(
        _("batas waktu (minimum)"), null=True, blank=True
    )
    limit_maximum = models.PositiveSmallIntegerField(
        _("batas waktu (maksimum)"),
        null=True,
        blank=True,
        help_text=_(
            'Untuk rentang "14 sampai dengan 30 hari kerja": jatuh tempo pada minimum, '
            "terlambat melewati maksimum."
        ),
    )
    limit_anchor = models.CharField(
        _("dihitung"), max_length=8, choices=TimeAnchor.choices, default=TimeAnchor.SINCE
    )
    limit_event = models.CharField(
        _("peristiwa acuan"),
        max_length=200,
        blank=True,
        help_text=_('Seperti ditulis standar, mis. "berkas dinyatakan lengkap dan benar".'),
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        try:
            self.time_limit()
        except ValueError as error:
            raise ValidationError(
                _("Batas waktu tidak dapat dibaca: %(error)s"), params={"error": error}
            ) from error

    def time_limit(self):
        """The limit as portal.deadlines.TimeLimit, or None when the row sets none."""
        from portal.deadlines import Anchor, TimeLimit, Unit

        if not self.limit_unit or self.limit_amount is None:
            return None
        return TimeLimit(
            Unit(self.limit_unit),
            self.limit_amount,
            self.limit_maximum,
            anchor=Anchor(self.limit_anchor),
            event=self.limit_event,
        )


class ServiceStep(Provenance, TimeLimitFields):
    """One step of a service's workflow, in order: its kind (what the engine does), who acts,
    its time limit as the standard writes it. Entered by migration from the source documents,
    edited by the provider in the admin (portal.services re-marks what it changes)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("urutan"))
    kind = models.CharField(_("jenis langkah"), max_length=32, choices=StepKind.choices)
    name = models.CharField(_("nama langkah"), max_length=300)
    actor = models.CharField(_("pelaksana"), max_length=64, choices=STEP_ACTOR_CHOICES)
    product = models.CharField(
        _("produk"),
        max_length=200,
        blank=True,
        help_text=_("Untuk langkah penerbitan/pencatatan produk: nama produknya."),
    )
    starts_completion_clock = models.BooleanField(
        _("memulai jangka waktu penyelesaian"),
        default=False,
        help_text=_(
            "Jangka waktu penyelesaian layanan dihitung sejak langkah ini selesai "
            '(mis. "sejak berkas dinyatakan lengkap dan benar").'
        ),
    )

    class Meta:
        ordering = ["service", "order"]
        verbose_name = _("langkah layanan")
        verbose_name_plural = _("langkah layanan")
        constraints = [
            models.UniqueConstraint(fields=["service", "order"], name="service_step_order_unique")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class ServiceCompletionLimit(Provenance, TimeLimitFields):
    """The service's whole time limit (Jangka Waktu Penyelesaian) as data, e.g. seed 002's
    "14 sampai dengan 30 hari kerja sejak berkas dinyatakan lengkap dan benar"; it runs from the
    end of the step marked `starts_completion_clock` to the end of the last step."""

    service = models.OneToOneField(
        Service, on_delete=models.CASCADE, related_name="completion_limit"
    )

    class Meta:
        verbose_name = _("jangka waktu penyelesaian")
        verbose_name_plural = _("jangka waktu penyelesaian")

    def __str__(self) -> str:
        limit = self.time_limit()
        return limit.describe() if limit else gettext("Tidak dicantumkan")


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


class CredentialKey(models.Model):
    """One signing key pair of a provider for its Verifiable Credentials (portal.credentials):
    ECDSA P-256, named by its JWK thumbprint (kid). The private key is kept only here, encrypted
    under settings.CREDENTIAL_KEY_SECRET, and never leaves the server; the public part is
    published in the provider's JWKS. A rotated key is retired, not deleted: credentials it
    signed still verify against the published JWKS."""

    provider = models.ForeignKey("portal.Provider", on_delete=models.PROTECT, related_name="+")
    kid = models.CharField(_("kid"), max_length=64, unique=True)
    public_jwk = models.JSONField(_("kunci publik (JWK)"))
    private_key_pem = models.TextField(editable=False)  # PKCS#8, encrypted
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    retired_at = models.DateTimeField(_("dipensiunkan"), null=True, blank=True)

    class Meta:
        # Made by the certificates app, moved here to be shared: same table.
        db_table = "certificates_credentialkey"
        ordering = ["created_at"]
        verbose_name = _("kunci kredensial")
        verbose_name_plural = _("kunci kredensial")
        constraints = [
            models.UniqueConstraint(
                fields=["provider"],
                condition=models.Q(retired_at__isnull=True),
                name="credential_key_one_active",
            )
        ]

    def __str__(self) -> str:
        return self.kid


class StatusList(models.Model):
    """A provider's revocation list (W3C Bitstring Status List), shared by every signed product
    of the provider (certificates and the engine's issued documents): each takes the next index
    when it is issued, under the provider's first list's lock, and keeps it; a full list is
    followed by the next ordinal. The bits themselves are never stored: the published list is
    built from the products' own revocation columns (portal.credentials.status), so it cannot
    drift. Made by the certificates app, moved here to be shared: same table."""

    provider = models.ForeignKey("portal.Provider", on_delete=models.PROTECT, related_name="+")
    ordinal = models.PositiveIntegerField(_("urutan daftar"))
    allocated = models.PositiveIntegerField(_("indeks terpakai"), default=0)
    # Bumped, in the same transaction, by whatever changes the published list (a revocation in
    # it, a new key of its provider): the cached list is kept under this revision, so a copy
    # built from older data is never served after the change commits.
    revision = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        db_table = "certificates_statuslist"
        verbose_name = _("daftar status kredensial")
        verbose_name_plural = _("daftar status kredensial")
        constraints = [
            models.UniqueConstraint(fields=["provider", "ordinal"], name="status_list_unique")
        ]

    def __str__(self) -> str:
        return f"{self.provider_id}/{self.ordinal}: {self.allocated}"
