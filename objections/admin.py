"""Objections in the admin: read-only records (superusers'). The workflow fields change only
through objections.services, which keep the window, the single answer and the events."""

from django.contrib import admin

from objections.models import Objection
from portal.admin import SealedAdminMixin


@admin.register(Objection)
class ObjectionAdmin(SealedAdminMixin, admin.ModelAdmin):
    list_display = ["application", "kind", "state", "outcome", "submitted_at", "due_date"]
    list_filter = ["kind", "state", "outcome"]
    list_select_related = ["application__candidate", "application__service"]
    exclude = ["attachment"]
    readonly_fields = [
        "public_id",
        "application",
        "kind",
        "decided_at",
        "reason",
        "attachment_kind",
        "submitted_at",
        "due_date",
        "state",
        "outcome",
        "answer",
        "answered_by",
        "answered_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
