"""Configuration of the verification panel: the reasons list. Reviews are shown, never edited:
they are the record of who judged which document version how."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin import PortalModelAdmin, ReadOnlyAdmin, SuperuserEditsMixin
from verification.models import DocumentReview, RevisionReason


@admin.register(RevisionReason)
class RevisionReasonAdmin(SuperuserEditsMixin, PortalModelAdmin):
    """The reasons every provider's verifiers pick from: platform reference data, changed only
    by superusers."""

    list_display = ["text", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["text"]


@admin.register(DocumentReview)
class DocumentReviewAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "document", "application", "verdict", "reason", "reviewer"]
    list_filter = ["verdict", "reason"]
    list_select_related = ["document__requirement", "document__application", "reason", "reviewer"]
    search_fields = ["document__application__candidate__nip", "reviewer__username"]
    date_hierarchy = "created_at"
    fields = ["document", "verdict", "reason", "note", "reviewer", "created_at"]
    readonly_fields = fields

    @admin.display(description=_("pengajuan"))
    def application(self, obj):
        return obj.document.application.public_id
