from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from portal.constants import EmailStatus
from portal.mail import outbound_email_enqueue
from portal.models import (
    Closure,
    CompetencyUnit,
    Event,
    OutboundEmail,
    Requirement,
    Service,
    ServiceHours,
    ServiceTimeLimit,
)


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipients", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject", "to"]
    actions = ["send_again"]
    exclude = ["body", "alternatives", "attachments"]  # may hold personal data or secrets

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("kepada"))
    def recipients(self, obj):
        return ", ".join(obj.to)

    @admin.action(description=_("Kirim ulang e-mail yang gagal"))
    def send_again(self, request, queryset):
        failed = queryset.filter(status=EmailStatus.FAILED)
        ids = list(failed.values_list("pk", flat=True))
        failed.update(status=EmailStatus.PENDING, locked_until=None)
        for email_id in ids:
            outbound_email_enqueue(email_id=email_id)
        messages.success(request, _("%(count)d e-mail dijadwalkan ulang.") % {"count": len(ids)})


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that are history: they are looked at, never edited or removed."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "content_type", "object_id", "actor", "to_state"]
    list_filter = ["kind", "content_type"]
    list_select_related = ["actor", "content_type"]


class ServiceTimeLimitInline(admin.TabularInline):
    model = ServiceTimeLimit
    extra = 0


class ServiceHoursInline(admin.TabularInline):
    model = ServiceHours
    extra = 0


class RequirementInline(admin.StackedInline):
    model = Requirement
    extra = 0
    fields = [
        ("order", "code", "required"),
        "name",
        "help_text",
        ("accepted_kinds", "max_size_kb"),
        ("is_photo", "photo_min_width", "photo_min_height"),
    ]


class CompetencyUnitInline(admin.TabularInline):
    model = CompetencyUnit
    extra = 0
    fields = ["order", "code", "title"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "fee", "seat_assignment", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [
        RequirementInline,
        ServiceTimeLimitInline,
        ServiceHoursInline,
        CompetencyUnitInline,
    ]


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ["date", "name"]
    date_hierarchy = "date"
