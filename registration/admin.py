from allauth.account.admin import EmailAddressAdmin as BaseEmailAddressAdmin
from allauth.account.models import EmailAddress
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.utils.translation import gettext_lazy as _

from registration import services
from registration.exceptions import RegistrationError
from registration.models import Level, Librarian, Rank, User


def _address_refusal(*, user, email: str) -> str | None:
    """Why `user` may not have this address (another account holds it), or None."""
    if not email:
        return None
    try:
        services.email_address_add_check(user=user, email=email)
    except RegistrationError as exc:
        return str(exc.message)
    return None


class PortalUserChangeForm(UserChangeForm):
    def clean(self):
        cleaned = super().clean()
        refusal = _address_refusal(user=self.instance, email=cleaned.get("email", ""))
        if refusal:
            self.add_error("email", refusal)
        return cleaned


class EmailAddressForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        user = cleaned.get("user")
        if user is not None:
            refusal = _address_refusal(user=user, email=cleaned.get("email", ""))
            if refusal:
                self.add_error("email", refusal)
        return cleaned


# allauth's own admin for addresses, with the same refusal as everywhere else.
admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class EmailAddressAdmin(BaseEmailAddressAdmin):
    form = EmailAddressForm


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = PortalUserChangeForm
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
