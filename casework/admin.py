"""The engine's records in /admin/, each provider's to its administrators (a superuser sees
every provider's). Institutions (the Perangkat Daerah that propose employees, with their
operators' accounts) are edited here by the provider's administrator. Cases, proposals,
decision letters and exam sessions are workflow records: changed only by casework.services
on the engine's own pages, so the admin only shows them (no add, change or delete). Private
files (documents, letters, scans) are not shown here: they open only through the engine's
permission-checked views.

No group holds permissions on these models: the classes below decide, from the Administrator
role held at the record's provider (portal.admin.admin_provider_ids)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from casework.models import (
    AssessmentResult,
    Case,
    CaseDocument,
    CasePause,
    DecisionLetter,
    ExamSession,
    ExternalProduct,
    Handover,
    Institution,
    IssuedDocument,
    Payment,
    Proposal,
    StepRun,
)
from portal.admin import EventAdmin, ProviderOwnedAdmin, ProviderScopedAdmin

# A case's events are its service's provider's (issue 14).
EventAdmin.scope_subject(Case, provider_path="service__provider")


class ReadOnlyScopedAdmin(ProviderScopedAdmin):
    """A workflow record: looked at, never added, changed or removed here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Institution)
class InstitutionAdmin(ProviderOwnedAdmin):
    """A Perangkat Daerah and the accounts of its operators, who propose its employees."""

    list_display = ["name", "provider", "head_title", "operator_count", "verified_at"]
    list_filter = [
        ("provider", admin.RelatedOnlyFieldListFilter),
        ("verified_at", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["provider"]
    search_fields = ["name"]
    fields = ["provider", "name", "head_title", "operators"]
    autocomplete_fields = ["operators"]

    @admin.display(description=_("operator"))
    def operator_count(self, obj):
        return obj.operators.count()


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_view_permission(self, request, obj=None):
        return True  # shown on a case's page, which decides who sees it

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StepRunInline(ReadOnlyInline):
    model = StepRun
    fields = ["step", "started_at", "finished_at", "outcome", "actor", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("step", "actor")


class CasePauseInline(ReadOnlyInline):
    model = CasePause
    fields = ["started_at", "ended_at", "reason"]
    readonly_fields = fields


class CaseDocumentInline(ReadOnlyInline):
    """Every uploaded version and its check; the file itself opens only on the engine's pages."""

    model = CaseDocument
    fields = ["requirement", "version", "is_current", "original_name", "uploaded_at", "verdict"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("requirement")


class IssuedDocumentInline(ReadOnlyInline):
    model = IssuedDocument
    fields = ["step", "number", "issued_at", "signed_by"]
    readonly_fields = fields


class AssessmentResultInline(ReadOnlyInline):
    model = AssessmentResult
    fields = ["outcome", "notes", "assessor", "recorded_at"]
    readonly_fields = fields


class ExternalProductInline(ReadOnlyInline):
    model = ExternalProduct
    fields = ["issuer", "scheme", "number", "issued_on", "valid_until", "recorded_by"]
    readonly_fields = fields


class HandoverInline(ReadOnlyInline):
    model = Handover
    fields = ["method", "handed_at", "handed_by", "received_by", "courier", "tracking_number"]
    readonly_fields = fields


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ["payee", "amount", "paid_on", "recorded_by"]
    readonly_fields = fields


@admin.register(Case)
class CaseAdmin(ReadOnlyScopedAdmin):
    list_display = ["name", "nip", "service", "state", "step", "submitted_at"]
    list_filter = ["state", ("service", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["service", "step"]
    search_fields = ["nip", "name"]
    date_hierarchy = "created_at"
    fields = [
        "service",
        "proposal",
        "applicant",
        "submitted_by",
        "state",
        "step",
        "nip",
        "name",
        "rank",
        "position",
        "work_unit",
        "scheme",
        "email",
        "phone",
        "created_at",
        "submitted_at",
        "clock_started_at",
        "closed_at",
        "decision",
        "exam_session",
    ]
    readonly_fields = fields
    inlines = [
        StepRunInline,
        CasePauseInline,
        CaseDocumentInline,
        AssessmentResultInline,
        ExternalProductInline,
        IssuedDocumentInline,
        PaymentInline,
        HandoverInline,
    ]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyScopedAdmin):
    list_display = ["institution", "service", "operator", "state", "submitted_at"]
    list_filter = ["state"]
    list_select_related = ["institution", "service", "operator"]
    fields = ["service", "institution", "operator", "state", "created_at", "submitted_at"]
    readonly_fields = fields


@admin.register(DecisionLetter)
class DecisionLetterAdmin(ReadOnlyScopedAdmin):
    list_display = ["__str__", "service", "decided_on", "signed_by", "signed_at"]
    list_select_related = ["service", "signed_by"]
    fields = ["service", "number", "decided_on", "created_by", "signed_by", "signed_at"]
    readonly_fields = fields


@admin.register(ExamSession)
class ExamSessionAdmin(ReadOnlyScopedAdmin):
    list_display = ["scheme", "organiser", "service", "starts_at", "place"]
    list_select_related = ["service"]
    date_hierarchy = "starts_at"
    fields = ["service", "organiser", "scheme", "starts_at", "place", "assessors"]
    readonly_fields = fields
