"""Choices of an institution's competency assessment (seed 004)."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class EngagementState(models.TextChoices):
    """Where an institution's request stands. Moves only through
    assessments.services.engagements.engagement_transition (the table is
    assessments.workflow.TRANSITIONS)."""

    DRAFT = "draft", _("Draf")
    REQUESTED = "requested", _("Menunggu jawaban LAN")
    DECLINED = "declined", _("Ditolak")
    AGREEMENT = "agreement", _("Koordinasi dan penyusunan SPK")
    PREPARATION = "preparation", _("Persiapan intake")
    REPORTING = "reporting", _("Penyusunan laporan")
    COMPLETED = "completed", _("Selesai")
    CANCELLED = "cancelled", _("Dibatalkan")


OPEN_STATES = frozenset(
    {
        EngagementState.REQUESTED,
        EngagementState.AGREEMENT,
        EngagementState.PREPARATION,
        EngagementState.REPORTING,
    }
)
CLOSED_STATES = frozenset(
    {EngagementState.DECLINED, EngagementState.COMPLETED, EngagementState.CANCELLED}
)


class Purpose(models.TextChoices):
    """Seed 004: "dalam rangka Seleksi Jabatan" or "dalam rangka Pemetaan Jabatan"."""

    SELECTION = "selection", _("Seleksi jabatan")
    MAPPING = "mapping", _("Pemetaan jabatan")


class IntakeMode(models.TextChoices):
    """Seed 004 steps 7-9: the team comes to the institution, or the asesi sit at the
    institution's site and take the intake online (e-Assessment and video conference)."""

    OFFLINE = "offline", _("Luring/klasikal di lokasi instansi")
    ONLINE = "online", _("Daring (e-Assessment dan video conference)")


class ReportKind(models.TextChoices):
    """The reports seed 004 names."""

    SUMMARY = "summary", _("Laporan Ringkas")
    FULL = "full", _("Laporan Lengkap")
    INDIVIDUAL = "individual", _("Laporan Individual")
    MAPPING = "mapping", _("Laporan Pemetaan Jabatan")


class CountsFrom(models.TextChoices):
    """What a report's limit counts from (seed 004)."""

    INTAKE = "intake", _("sejak pengambilan data")
    SUMMARY_DELIVERED = "summary_delivered", _("setelah laporan ringkas diserahkan")


class ProofVerdict(models.TextChoices):
    PENDING = "pending", _("Menunggu konfirmasi bendahara")
    CONFIRMED = "confirmed", _("Dikonfirmasi")
    RETURNED = "returned", _("Dikembalikan")


class ReminderKind(models.TextChoices):
    """Reminders to an asesi whose e-registration is incomplete, before their intake."""

    WEEK_BEFORE = "week_before", _("5 hari kerja sebelum intake")
    DAY_BEFORE = "day_before", _("1 hari kerja sebelum intake")


# Seed 004: "SPK ditandatangani paling lambat 5 (lima) hari sebelum kegiatan penilaian
# kompetensi". The source says "hari"; the portal counts working days (every deadline in the
# product is in working days), which is never shorter than five calendar days. The
# agreement step's limit (portal.ServiceStep) holds it as data; this is the fallback.
AGREEMENT_LEAD_WORKING_DAYS = 5

# The participant file: at most this many rows (a larger institution sends several requests).
MAX_PARTICIPANTS = 500

# Money is whole rupiah.
RUPIAH = Decimal(1)
