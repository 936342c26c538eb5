from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin import EventAdmin, ReadOnlyAdmin
from scheduling.models import ExamSession, Seat
from scheduling.selectors import session_seats_annotate

# A session's events are its provider's (issue 14).
EventAdmin.scope_subject(ExamSession, provider_path="service__provider")


class SeatInline(admin.TabularInline):
    model = Seat
    fields = ["application", "created_by", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("application__candidate", "application__service", "created_by")
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ExamSession)
class ExamSessionAdmin(ReadOnlyAdmin):
    """Read-only: a session is a workflow object, changed only by scheduling.services
    (session_save checks its rules and re-sends invitations when the time or place moves;
    session_transition changes its status). The committee edits sessions on its own screens
    (/penjadwalan/), which call those services; the admin only shows them."""

    list_display = ["starts_at", "service", "mode", "status", "capacity", "taken", "free"]
    list_filter = ["status", "mode", "service"]
    list_select_related = ["service"]
    date_hierarchy = "starts_at"
    readonly_fields = ["status", "created_at"]
    filter_horizontal = ["assessors"]
    inlines = [SeatInline]

    def get_queryset(self, request):
        return session_seats_annotate(super().get_queryset(request))

    @admin.display(description=_("kursi terisi"), ordering="seats_taken")
    def taken(self, obj):
        return obj.seats_taken

    @admin.display(description=_("kursi tersisa"), ordering="seats_free")
    def free(self, obj):
        return obj.seats_free
