"""Choices of the complaints app (seeds 001-003)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ComplaintKind(models.TextChoices):
    COMPLAINT = "pengaduan", _("Pengaduan")
    ASPIRATION = "aspirasi", _("Aspirasi / saran")
    INFORMATION = "informasi", _("Permintaan informasi")


class Channel(models.TextChoices):
    """Where a complaint came in (seed 001's channels, and seed 003's suggestion box)."""

    PORTAL = "portal", _("Portal (formulir daring)")
    EMAIL = "email", _("E-mail")
    FACEBOOK = "facebook", _("Facebook")
    X = "x", _("X (Twitter)")
    INSTAGRAM = "instagram", _("Instagram")
    LAPOR = "lapor", _("SP4N-LAPOR!")
    CHAT = "chat", _("Chat")
    TELEPHONE = "telepon", _("Telepon")
    LETTER = "surat", _("Surat")
    IN_PERSON = "langsung", _("Datang langsung")
    SUGGESTION_BOX = "kotak_saran", _("Kotak saran")
    API = "api", _("Integrasi sistem lain")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    VERIFIED = "verified", _("Terverifikasi")
    IN_PROGRESS = "in_progress", _("Sedang ditindaklanjuti")
    ANSWERED = "answered", _("Dijawab")
    CLOSED = "closed", _("Selesai")
    FORWARDED = "forwarded", _("Bukan kewenangan kami (diteruskan)")
    REJECTED = "rejected", _("Ditolak")
    DUPLICATE = "duplicate", _("Duplikat")


# States in which the complaint is still the team's work (complaints.workflow.OPEN), in a fixed
# order: the condition of the index the staff queue reads (complaints.models).
OPEN_STATUSES = (ComplaintStatus.IN_PROGRESS, ComplaintStatus.RECEIVED, ComplaintStatus.VERIFIED)


class Priority(models.TextChoices):
    LOW = "low", _("Rendah")
    NORMAL = "normal", _("Biasa")
    HIGH = "high", _("Tinggi")
    URGENT = "urgent", _("Mendesak")


class MessageKind(models.TextChoices):
    REPLY = "reply", _("Jawaban kepada pelapor")  # on the tracking page and e-mailed
    QUESTION = "question", _("Pertanyaan kepada pelapor")  # ditto; the reporter may answer
    REPORTER = "reporter", _("Tambahan dari pelapor")
    NOTE = "note", _("Catatan internal")  # never shown to the reporter


class SealPurpose(models.TextChoices):
    """Why a handler opens an anonymous reporter's sealed identity (the reason is written too)."""

    CALL_BACK = "call_back", _("Menghubungi kembali pelapor")
    ABUSE = "abuse", _("Mencegah penyalahgunaan")
    LEGAL = "legal", _("Permintaan aparat penegak hukum")
    OTHER = "other", _("Lainnya")


class SealNotice(models.TextChoices):
    """Who was mailed of a seal opening: the provider's complaint supervisors; with none, its
    administrators; with neither (or no address), nobody, which the seal report shows."""

    SUPERVISORS = "supervisors", _("Supervisor pengaduan")
    ADMINISTRATORS = "administrators", _("Administrator penyelenggara (tidak ada supervisor)")
    NOBODY = "nobody", _("Tidak ada yang diberi tahu")


class NamedAs(models.TextChoices):
    """How a complaint names a member of staff: it is about their work in that capacity, so
    they never see it nor handle it (complaints.workflow.named_reason)."""

    ASSESSOR = "assessor", _("asesor")
    VERIFIER = "verifier", _("verifikator")
    HANDLER = "handler", _("petugas pengaduan")
    OFFICER = "officer", _("petugas lain")


class AboutKind(models.TextChoices):
    """What a complaint is about, when the reporter or the team says so: complaints about the
    same one are handled together (complaints.models.ComplaintCluster). Each kind's key is
    resolved by complaints.subjects (sessions and certificates by the apps above, at ready())."""

    SESSION = "sesi", _("Sesi uji")
    CERTIFICATE = "sertifikat", _("Sertifikat")
    ASSESSOR = "asesor", _("Asesor")
    REQUIREMENT = "persyaratan", _("Persyaratan dokumen")


class ClusterStatus(models.TextChoices):
    OPEN = "open", _("Terbuka")
    CLOSED = "closed", _("Selesai")
