from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from registration.models import Level, Librarian, Rank, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "nip", "email", "first_name", "is_active", "last_login"]
    search_fields = ["username", "nip", "email", "first_name", "last_name"]
    list_filter = ["is_active", "is_staff", "groups", "must_change_password"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Portal"), {"fields": ("nip", "must_change_password")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "email", "password1", "password2")}),
    )


@admin.register(Librarian)
class LibrarianAdmin(admin.ModelAdmin):
    list_display = ["nip", "name", "institution", "level", "rank", "updated_at"]
    list_filter = ["level", "rank"]
    search_fields = ["=nip", "name", "institution", "work_unit"]
    list_select_related = ["level", "rank"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Rank)
class RankAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "order"]


@admin.register(Level)
class LevelAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "lowest_rank", "highest_rank", "order"]
    list_select_related = ["lowest_rank", "highest_rank"]
