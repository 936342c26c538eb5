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
