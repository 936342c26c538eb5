"""Accounts and the librarian registry in the admin, and the account admins of Django and
allauth (groups, e-mail addresses, second factors) registered again on the sealed base
(portal.admin.SealedAdminMixin), like every admin of the project."""

from allauth.account.admin import EmailAddressAdmin as BaseEmailAddressAdmin
from allauth.account.admin import EmailConfirmationAdmin as BaseEmailConfirmationAdmin
from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.admin import AuthenticatorAdmin as BaseAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from portal.admin import PortalModelAdmin, SealedAdminMixin
from registration.models import Level, Librarian, Rank, User


@admin.register(User)
class UserAdmin(SealedAdminMixin, BaseUserAdmin):
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
class LibrarianAdmin(PortalModelAdmin):
    list_display = ["nip", "name", "institution", "level", "rank", "updated_at"]
    list_filter = ["level", "rank"]
    search_fields = ["=nip", "name", "institution", "work_unit"]
    list_select_related = ["level", "rank"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Rank)
class RankAdmin(PortalModelAdmin):
    list_display = ["code", "name", "order"]


@admin.register(Level)
class LevelAdmin(PortalModelAdmin):
    list_display = ["name", "category", "lowest_rank", "highest_rank", "order"]
    list_select_related = ["lowest_rank", "highest_rank"]


# --- Django's and allauth's account admins, sealed --------------------------------------------

admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(SealedAdminMixin, BaseGroupAdmin):
    pass


admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class EmailAddressAdmin(SealedAdminMixin, BaseEmailAddressAdmin):
    pass


# allauth registers it only when confirmation keys are stored (ACCOUNT_EMAIL_CONFIRMATION_HMAC
# off); a stored key is a secret, so its column goes.
if admin.site.is_registered(EmailConfirmation):
    admin.site.unregister(EmailConfirmation)

    @admin.register(EmailConfirmation)
    class EmailConfirmationAdmin(SealedAdminMixin, BaseEmailConfirmationAdmin):
        list_display = ["email_address", "created", "sent"]
        exclude = ["key"]


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(SealedAdminMixin, BaseAuthenticatorAdmin):
    """A second factor's data is its secret (the TOTP seed; the recovery codes' seed): never
    shown. Its owner sets one up on their security page; here an administrator may only remove
    one (a lost phone), never make or change one on someone else's account."""

    exclude = ["data"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
