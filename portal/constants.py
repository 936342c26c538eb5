"""Choices shared by every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Staff roles. The value is the name of the Django group that grants the role."""

    VERIFIER = "Tim Verifikasi", _("Tim verifikasi")
    SCHEDULER = "Panitia Penjadwalan", _("Panitia penjadwalan")
    ASSESSOR = "Asesor", _("Asesor")
    # Named by what it does: the provider names who holds it (ProviderOfficial, duty
    # "disposition"), e.g. "Pejabat Disposisi (Kepala BKPSDM)". The value, the group's name, stays.
    BKPSDM_OFFICER = "Pejabat BKPSDM", _("Pejabat Disposisi")
    CERTIFICATE_OFFICER = "Petugas Sertifikat", _("Petugas sertifikat")
    SIGNING_OFFICIAL = "Pejabat Penandatangan", _("Pejabat penandatangan")
    COMPLAINT_HANDLER = "Tim Pengelola Pengaduan", _("Tim pengelola pengaduan")
    # Oversees the openings of anonymous reporters' sealed identities (complaints.seal): told of
    # each one, reads the monthly seal report.
    COMPLAINT_SUPERVISOR = "Supervisor Pengaduan", _("Supervisor pengelola pengaduan")
    # Seed 004: the payment goes "ke rekening Bendahara Penerima Puslatbang PKASN LAN", who
    # confirms it or returns the proof.
    TREASURER = "Bendahara Penerima", _("Bendahara penerima")
    # Seed 003 routes a Perangkat Daerah's IP-ASN report through these officials of BKPSDM, in
    # this order, to the processing unit (Analis Kepegawaian Ahli Muda), and its laporan back to
    # the Kepala through the Kabid.
    ADMIN_CLERK = "Petugas Administrasi", _("Petugas administrasi")
    GENERAL_AFFAIRS_HEAD = (
        "Kasubbag Umum, Kepegawaian dan Aset",
        _("Kasubbag Umum, Kepegawaian dan Aset"),
    )
    AGENCY_SECRETARY = "Sekretaris Badan", _("Sekretaris Badan")
    AGENCY_HEAD = "Kepala Badan", _("Kepala Badan")
    DIVISION_HEAD = (
        "Kepala Bidang PKA, Karir dan Kompetensi",
        _("Kepala Bidang Penilaian Kinerja Aparatur, Pengembangan Karir dan Kompetensi"),
    )
    PERSONNEL_ANALYST = "Analis Kepegawaian", _("Analis Kepegawaian (unit pengolah)")
    ADMINISTRATOR = "Administrator", _("Administrator")


# Roles whose granting and revoking is e-mailed to the other administrators (every role change is
# recorded): they see reporters' identities (or who opened a sealed one and why), sign or issue
# certificates, or run the admin.
SENSITIVE_ROLES = frozenset(
    {
        Role.COMPLAINT_HANDLER,
        Role.COMPLAINT_SUPERVISOR,
        Role.SIGNING_OFFICIAL,
        Role.CERTIFICATE_OFFICER,
        Role.ADMINISTRATOR,
    }
)
# Roles that may sign in only with a second factor (TOTP); superusers too (portal.roles).
# The Kepala Bidang signs seed 003's Laporan Data IP-ASN with the provider's key.
TWO_FACTOR_ROLES = SENSITIVE_ROLES | {Role.BKPSDM_OFFICER, Role.DIVISION_HEAD}


class SeatAssignment(models.TextChoices):
    """Who puts a verified candidate into an exam session, chosen per service."""

    CANDIDATE = "candidate", _("Peserta memilih sesi sendiri")
    COMMITTEE = "committee", _("Panitia menetapkan sesi")


class OnlineFlow(models.TextChoices):
    """How the applicants of a service apply on this portal, if they do: each flow has its own
    pages. A service without one is applied for as its standard's procedure says."""

    CANDIDATE_APPLICATION = "candidate_application", _("Pengajuan peserta (halaman Pengajuan)")
    # The workflow engine (casework): steps as data, any number of services.
    CASEWORK = "casework", _("Alur langkah layanan (halaman Permohonan Layanan)")
    # An institution asks for an assessment of its employees under a signed agreement (seed
    # 004): the app `assessments`, one engagement per request.
    INSTITUTION_ASSESSMENT = (
        "institution_assessment",
        _("Penilaian kompetensi instansi (halaman Penilaian Kompetensi)"),
    )
    # A Perangkat Daerah files its IP-ASN report (seed 003): the app `ipasn`.
    IPASN_REPORT = "ipasn_report", _("Laporan IP-ASN perangkat daerah (halaman Laporan IP-ASN)")


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu dikirim")
    SENT = "sent", _("Terkirim")
    FAILED = "failed", _("Gagal (dihentikan)")


class Stage(models.TextChoices):
    """Stages of a service that have a time limit in working days."""

    VERIFICATION = "verification", _("Verifikasi berkas")
    DATA_VALIDATION = "data_validation", _("Validasi data sertifikat")
    ISSUANCE = "issuance", _("Penerbitan sertifikat")
    LEGALISATION = "legalisation", _("Alih media dan legalisir")
    COMPLAINT_VERIFICATION = "complaint_verification", _("Verifikasi pengaduan")
    COMPLAINT_FOLLOW_UP = "complaint_follow_up", _("Tindak lanjut pengaduan")


class FileKind(models.TextChoices):
    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Senin")
    TUESDAY = 1, _("Selasa")
    WEDNESDAY = 2, _("Rabu")
    THURSDAY = 3, _("Kamis")
    FRIDAY = 4, _("Jumat")
    SATURDAY = 5, _("Sabtu")
    SUNDAY = 6, _("Minggu")


class OfficialDuty(models.TextChoices):
    """What a provider's official does in its name (portal.ProviderOfficial)."""

    SIGNING = "signing", _("Penandatangan sertifikat")
    DISPOSITION = "disposition", _("Pejabat Disposisi")


class TextOrigin(models.TextChoices):
    """Where a text of a service standard comes from: the service's source document (its
    published standard), or the provider, who set it in the portal (with who and when)."""

    SOURCE = "source", _("Dari dokumen sumber")
    PROVIDER = "provider", _("Ditetapkan penyelenggara")


class StandardComponent(models.TextChoices):
    """The text components of a service standard (PermenPANRB 15/2014) held on portal.Service,
    by field name. Requirements and time limits are rows with their own origin; hours are the
    provider's."""

    REQUIREMENTS_TEXT = "requirements_text", _("Persyaratan")
    PROCEDURE = "procedure", _("Sistem, mekanisme, dan prosedur")
    TIME_LIMIT_TEXT = "time_limit_text", _("Jangka waktu penyelesaian")
    FEE = "fee", _("Biaya/tarif")
    PRODUCT = "product", _("Produk pelayanan")
    COMPLAINT_HANDLING = "complaint_handling", _("Penanganan pengaduan, saran, dan masukan")
    LEGAL_BASIS = "legal_basis", _("Dasar hukum")
    FACILITIES = "facilities", _("Sarana, prasarana, dan/atau fasilitas")
    STAFF_COMPETENCE = "staff_competence", _("Kompetensi pelaksana")
    INTERNAL_SUPERVISION = "internal_supervision", _("Pengawasan internal")
    STAFF_COUNT = "staff_count", _("Jumlah pelaksana")
    SERVICE_GUARANTEE = "service_guarantee", _("Jaminan pelayanan")
    SECURITY_GUARANTEE = "security_guarantee", _("Jaminan keamanan dan keselamatan pelayanan")
    PERFORMANCE_EVALUATION = "performance_evaluation", _("Evaluasi kinerja pelaksana")
    PLEDGE = "pledge", _("Maklumat pelayanan")


# The Service fields each component is written in: the staff count is a number and a text.
COMPONENT_FIELDS: dict[str, tuple[str, ...]] = {
    component: (component,) for component in StandardComponent.values
} | {StandardComponent.STAFF_COUNT: ("staff_number", "staff_count")}


class IkmMethod(models.TextChoices):
    """How the nine element means (NRR) become one IKM (PermenPANRB 14/2017): their mean, dividing
    by 9 exactly, or their sum times the weight the regulation prints, 0.111 (1/9 rounded). Each
    provider publishes one of them as official (Provider.ikm_official_method)."""

    EXACT = "exact", _("dibagi tepat 9")
    PRINTED_WEIGHT = "printed_weight", _("bobot 0,111")


class StepKind(models.TextChoices):
    """The kinds of step the workflow engine knows. A service's workflow (portal.ServiceStep) is
    an ordered list of these, each with the role that acts and a time limit; the engine
    (casework) runs each kind its own way."""

    SUBMISSION = "submission", _("Pengajuan berkas")
    COMPLETENESS_CHECK = "completeness_check", _("Pemeriksaan kelengkapan berkas")
    VERIFICATION = "verification", _("Verifikasi administrasi dan substantif")
    APPROVAL = "approval", _("Persetujuan atau disposisi")
    DECISION = "decision", _("Penetapan peserta (surat keputusan)")
    SCHEDULING = "scheduling", _("Penjadwalan uji")
    EXAM = "exam", _("Pelaksanaan uji atau penilaian")
    ASSESSMENT = "assessment", _("Penilaian hasil")
    ISSUANCE = "issuance", _("Penerbitan produk oleh portal (ditandatangani)")
    EXTERNAL_PRODUCT = "external_product", _("Pencatatan produk yang diterbitkan pihak lain")
    HANDOVER = "handover", _("Penyerahan produk")
    # An institution's engagement (seed 004; the app `assessments` runs these kinds).
    COOPERATION = "cooperation", _("Permohonan kerja sama oleh instansi")
    AGREEMENT = "agreement", _("Koordinasi dan perjanjian kerja sama (SPK)")
    PARTICIPANT_LIST = "participant_list", _("Daftar calon peserta (asesi)")
    E_REGISTRATION = "e_registration", _("Pendaftaran daring peserta (e-registrasi)")
    PAYMENT = "payment", _("Pembayaran biaya layanan")
    REPORT = "report", _("Penyerahan laporan hasil")
    # A routed report (seed 003; the app `ipasn` runs these kinds): received and passed on,
    # initialled or disposed by an official; checked and processed by the processing unit;
    # uploaded to another agency's application (the portal records the date and proof).
    ROUTING = "routing", _("Penerusan berjenjang (agenda, paraf, disposisi)")
    PROCESSING = "processing", _("Pemeriksaan dan pengolahan oleh unit pengolah")
    EXTERNAL_UPLOAD = "external_upload", _("Penyampaian ke aplikasi instansi lain")


class StepActor(models.TextChoices):
    """Who acts at a step besides the staff roles (Role): the applicant themself, or the
    institution's operator who proposed them."""

    APPLICANT = "applicant", _("Pemohon")
    INSTITUTION = "institution", _("Operator instansi pemohon")


# Every value a ServiceStep's actor may take: the applicant, the institution, or a staff role.
STEP_ACTOR_CHOICES = [*StepActor.choices, *Role.choices]


class TimeUnit(models.TextChoices):
    """Units of a time limit as the standards write them (portal.deadlines.Unit)."""

    WORKING_DAYS = "working_days", _("hari kerja")
    CALENDAR_DAYS = "calendar_days", _("hari kalender")
    SERVICE_HOURS = "service_hours", _("hari dalam jam pelayanan")


class TimeAnchor(models.TextChoices):
    SINCE = "since", _("sejak peristiwa")
    BEFORE = "before", _("sebelum peristiwa")


class Eligibility(models.TextChoices):
    """Who may apply for a service."""

    LIBRARIAN_REGISTRY = "librarian_registry", _("Terdaftar di registri pustakawan")
    PNS_NIP = "pns_nip", _("Setiap PNS dengan NIP yang sah")
    PROVIDER_REGISTRY = "provider_registry", _("Terdaftar di registri pegawai penyelenggara")


class ApplicantKind(models.TextChoices):
    """Who submits: the person, or an institution's operator proposing several employees (each
    then following their own application)."""

    PERSON = "person", _("Perorangan")
    INSTITUTION = "institution", _("Instansi mengusulkan pegawai (atau pegawai sendiri)")


class ProvidedBy(models.TextChoices):
    """Who provides a required document (seed 002 lists the applicant's, the Perangkat
    Daerah's and the organiser's)."""

    APPLICANT = "applicant", _("Pemohon")
    INSTITUTION = "institution", _("Perangkat Daerah/unit kerja")
    ORGANISER = "organiser", _("Penyelenggara kegiatan/LSP")


class Fulfilment(models.TextChoices):
    UPLOAD = "upload", _("Unggah berkas")
    PORTAL_FORM = "portal_form", _("Diisi di portal")
