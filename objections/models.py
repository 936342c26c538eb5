"""An objection (keberatan, sanggah) of a candidate against one decision on their application:
the verification panel's rejection, or a published exam result. History of the objection is
kept as events on the application (objections.events), so both timelines show it."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from objections.constants import ObjectionKind, ObjectionOutcome, ObjectionState


def attachment_upload_to(objection: "Objection", filename: str) -> str:
    extension = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}.get(objection.attachment_kind, "bin")
    return f"objections/{objection.public_id}/{uuid.uuid4().hex}.{extension}"


class Objection(models.Model):
    """One objection per application and decision: `decided_at` is the moment of the decision
    objected to (the rejection's event, the result's publication), so a second click, or a
    second tab, finds the unique constraint rather than a second row. Private: the attachment
    is reached only through the permission-checked views."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        "registration.Application",
        on_delete=models.PROTECT,
        related_name="objections",
        verbose_name=_("pengajuan"),
    )
    kind = models.CharField(_("keberatan atas"), max_length=16, choices=ObjectionKind.choices)
    decided_at = models.DateTimeField(_("waktu keputusan"))
    reason = models.TextField(_("alasan keberatan"))
    attachment = models.FileField(
        _("lampiran"), upload_to=attachment_upload_to, max_length=200, blank=True
    )
    attachment_kind = models.CharField(_("jenis lampiran"), max_length=8, blank=True)
    attachment_content_type = models.CharField(max_length=64, blank=True)
    submitted_at = models.DateTimeField(_("diajukan"), auto_now_add=True)
    due_date = models.DateField(_("batas waktu jawaban"), null=True, blank=True)
    state = models.CharField(
        _("status"), max_length=16, choices=ObjectionState.choices, default=ObjectionState.OPEN
    )
    outcome = models.CharField(
        _("keputusan"), max_length=16, choices=ObjectionOutcome.choices, blank=True
    )
    answer = models.TextField(_("jawaban"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dijawab oleh"),
    )
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("keberatan")
        verbose_name_plural = _("keberatan")
        indexes = [
            models.Index(fields=["state", "kind", "submitted_at"]),
            # The staff queue's order with what its scope reads: a tab's page of ids is read
            # from the index in order (a deep page skips entries instead of sorting the tab).
            models.Index(
                fields=["state", "submitted_at", "id"],
                include=["kind", "application"],
                name="objection_queue_order",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind", "decided_at"],
                name="objection_one_per_decision",
                violation_error_message=_("Keberatan atas keputusan ini sudah diajukan."),
            ),
            # An answered objection has its outcome and, when refused, its written answer.
            models.CheckConstraint(
                condition=models.Q(state=ObjectionState.OPEN, outcome="")
                | (
                    models.Q(state=ObjectionState.ANSWERED)
                    & ~models.Q(outcome="")
                    & ~models.Q(outcome=ObjectionOutcome.REJECTED, answer="")
                ),
                name="objection_answered_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} - {self.application}"
