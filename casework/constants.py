"""Choices of the workflow engine's cases."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseState(models.TextChoices):
    """Where a case stands; which step it is at is Case.step."""

    DRAFT = "draft", _("Draf")
    ACTIVE = "active", _("Diproses")
    RETURNED = "returned", _("Dikembalikan untuk perbaikan")
    REJECTED = "rejected", _("Ditolak")
    NOT_PASSED = "not_passed", _("Belum kompeten")
    COMPLETED = "completed", _("Selesai")
    WITHDRAWN = "withdrawn", _("Dibatalkan")


CLOSED_STATES = frozenset(
    {CaseState.REJECTED, CaseState.NOT_PASSED, CaseState.COMPLETED, CaseState.WITHDRAWN}
)


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")


class StepOutcome(models.TextChoices):
    DONE = "done", _("Selesai")
    RETURNED = "returned", _("Dikembalikan")
    REJECTED = "rejected", _("Ditolak")
    PASSED = "passed", _("Kompeten")
    NOT_PASSED = "not_passed", _("Belum kompeten")


class Verdict(models.TextChoices):
    PENDING = "pending", _("Belum diperiksa")
    VALID = "valid", _("Sesuai")
    NEEDS_REVISION = "needs_revision", _("Perlu perbaikan")


class AssessmentOutcome(models.TextChoices):
    """BNSP's words for an assessment's result."""

    COMPETENT = "competent", _("Kompeten")
    NOT_YET_COMPETENT = "not_yet_competent", _("Belum kompeten")


class HandoverMethod(models.TextChoices):
    PICKUP = "pickup", _("Diambil langsung di kantor")
    COURIER = "courier", _("Dikirim melalui jasa pengiriman")
    THROUGH_INSTITUTION = "institution", _("Melalui Perangkat Daerah")


class InstitutionKind(models.TextChoices):
    """Seed 004's applicants ("Kementerian, Badan, Lembaga Pemerintah Non Kementerian, atau
    Pemerintah Daerah") and seed 002's Perangkat Daerah."""

    MINISTRY = "ministry", _("Kementerian")
    AGENCY = "agency", _("Badan")
    NON_MINISTRY = "non_ministry", _("Lembaga Pemerintah Non Kementerian")
    REGIONAL_GOVERNMENT = "regional_government", _("Pemerintah Daerah")
    REGIONAL_UNIT = "regional_unit", _("Perangkat Daerah/unit kerja")
