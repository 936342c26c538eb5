"""An institution's assessment (seed 004) in /admin/, each provider's to its administrators (a
superuser sees every provider's).

The report limits (ReportLimit) are the provider's standard: its Administrator edits their
limits here, and an edit marks the row "ditetapkan penyelenggara" with who and when
(assessments.services.report_limits). The engagement and its agreement, participants, intake
sessions, invoice, proofs and reports are workflow records, changed only by
assessments.services on the service's own pages: the admin only shows them (no add, change or
delete). Private files (letters, SPK copies, proofs, reports) and the asesi's CV and
questionnaire are not shown here: the files open only through the permission-checked views."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from assessments.models import (
    Agreement,
    Engagement,
    IntakeSession,
    Invoice,
    Participant,
    PaymentProof,
    Report,
    ReportLimit,
)
from assessments.selectors.public import limit_text
from assessments.services.report_limits import report_limit_save
from casework.admin import ProviderScopedAdmin, ReadOnlyScopedAdmin
from portal.admin import (
    LIMIT_ANCHOR_FIELDS,
    LIMIT_FIELDS,
    PROVENANCE_FIELDS,
    EventAdmin,
    TimeLimitRowForm,
    admin_provider_ids,
)

# An engagement's and an asesi's events are their service's provider's.
EventAdmin.scope_subject(Engagement, provider_path="service__provider")
EventAdmin.scope_subject(Participant, provider_path="engagement__service__provider")


@admin.register(ReportLimit)
class ReportLimitAdmin(ProviderScopedAdmin):
    """A report's time limit per purpose, as the standard page shows it. Which report of which
    purpose it is stays as the seed gave it; the limit and what it counts from are edited."""

    form = TimeLimitRowForm
    list_display = ["service", "purpose", "kind", "limit_shown", "counts_from", "origin"]
    list_filter = ["purpose", "origin"]
    list_select_related = ["service"]
    fields = [
        "service",
        ("purpose", "kind"),
        "counts_from",
        LIMIT_FIELDS,
        LIMIT_ANCHOR_FIELDS,
        "order",
        tuple(PROVENANCE_FIELDS),
    ]
    readonly_fields = ["service", "purpose", "kind", *PROVENANCE_FIELDS]

    @admin.display(description=_("batas waktu"))
    def limit_shown(self, obj):
        return limit_text(obj) or "—"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # obj, when given, came from get_queryset: already one of the user's providers.
        return self._may_see(request) and (
            request.user.is_superuser or request.user.has_perm("assessments.change_reportlimit")
        )

    def save_model(self, request, obj, form, change):
        managed = admin_provider_ids(request)
        if managed is not None and obj.service.provider_id not in managed:
            raise PermissionDenied
        report_limit_save(row=obj, actor=request.user)


@admin.register(Engagement)
class EngagementAdmin(ReadOnlyScopedAdmin):
    list_display = ["institution", "purpose", "state", "participants_planned", "submitted_at"]
    list_filter = ["state", "purpose"]
    list_select_related = ["institution", "service"]
    search_fields = ["institution__name", "letter_number"]
    fields = [
        "public_id",
        "service",
        "institution",
        "requested_by",
        "state",
        "purpose",
        "participants_planned",
        "preferred_mode",
        "preferred_period",
        "letter_number",
        "letter_date",
        "notes",
        "created_at",
        "submitted_at",
        "replied_at",
        "replied_by",
        "decline_reason",
        "contact_name",
        "contact_phone",
        "contact_email",
        "intake_held_on",
        "closed_at",
    ]
    readonly_fields = fields


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyScopedAdmin):
    provider_path = "engagement__service__provider"
    list_display = ["number", "engagement", "starts_on", "participant_count", "fully_signed_at"]
    list_select_related = ["engagement__institution"]
    search_fields = ["number", "engagement__institution__name"]
    fields = [
        "engagement",
        "number",
        "purpose",
        "mode",
        "place",
        "starts_on",
        "ends_on",
        "participant_count",
        "fee_per_participant",
        "payment_due_on",
        "agreed_report_due_on",
        "first_party_signatory",
        "first_party_title",
        "second_party_signatory",
        "second_party_title",
        "drafted_by",
        "drafted_at",
        "confirmed_at",
        "first_party_signed_at",
        "second_party_signed_at",
        "second_party_signed_in_portal",
        "fully_signed_at",
    ]
    readonly_fields = fields


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyScopedAdmin):
    """An asesi on an institution's list; their CV and questionnaire are theirs and their
    institution's, not shown here."""

    provider_path = "engagement__service__provider"
    list_display = ["name", "nip", "engagement", "cv_submitted_at", "attended"]
    list_select_related = ["engagement__institution"]
    search_fields = ["name", "nip"]
    fields = [
        "engagement",
        "nip",
        "name",
        "position",
        "work_unit",
        "email",
        "account",
        "invited_at",
        "cv_submitted_at",
        "questionnaire_submitted_at",
        "session",
        "attended",
        "attendance_recorded_at",
    ]
    readonly_fields = fields


@admin.register(IntakeSession)
class IntakeSessionAdmin(ReadOnlyScopedAdmin):
    provider_path = "engagement__service__provider"
    list_display = ["engagement", "mode", "starts_at", "ends_at", "held_at"]
    list_select_related = ["engagement__institution"]
    fields = [
        "engagement",
        "mode",
        "starts_at",
        "ends_at",
        "venue",
        "platform",
        "link",
        "support_team",
        "assessors",
        "created_by",
        "created_at",
        "held_at",
    ]
    readonly_fields = fields


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyScopedAdmin):
    provider_path = "provider"
    list_display = ["number", "engagement", "amount", "due_on", "paid_at"]
    list_select_related = ["engagement__institution"]
    search_fields = ["number", "engagement__institution__name"]
    fields = [
        "number",
        "engagement",
        "provider",
        "year",
        "sequence",
        "participant_count",
        "fee_per_participant",
        "amount",
        "due_on",
        "issued_at",
        "issued_by",
        "paid_at",
        "overdue_notified_at",
    ]
    readonly_fields = fields


@admin.register(PaymentProof)
class PaymentProofAdmin(ReadOnlyScopedAdmin):
    provider_path = "invoice__provider"
    list_display = ["invoice", "paid_on", "amount", "verdict", "checked_at"]
    list_filter = ["verdict"]
    list_select_related = ["invoice"]
    fields = [
        "invoice",
        "original_name",
        "paid_on",
        "amount",
        "uploaded_by",
        "uploaded_at",
        "verdict",
        "reason",
        "checked_by",
        "checked_at",
    ]
    readonly_fields = fields


@admin.register(Report)
class ReportAdmin(ReadOnlyScopedAdmin):
    provider_path = "engagement__service__provider"
    list_display = ["title", "engagement", "kind", "signed_at", "delivered_at"]
    list_filter = ["kind"]
    list_select_related = ["engagement__institution"]
    search_fields = ["title", "engagement__institution__name"]
    fields = [
        "engagement",
        "kind",
        "participant",
        "title",
        "created_by",
        "created_at",
        "signed_by",
        "signed_at",
        "delivered_at",
    ]
    readonly_fields = fields
