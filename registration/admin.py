"""Accounts and the librarian registry in the admin, and the account admins of Django and
allauth (groups, e-mail addresses, second factors) registered again on the sealed base
(portal.admin.SealedAdminMixin), like every admin of the project."""

from allauth.account.admin import EmailAddressAdmin as BaseEmailAddressAdmin
from allauth.account.admin import EmailConfirmationAdmin as BaseEmailConfirmationAdmin
from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.admin import AuthenticatorAdmin as BaseAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from portal.admin import PortalModelAdmin, SealedAdminMixin
from portal.roles import two_factor_required
from registration import services
from registration.exceptions import RegistrationError
from registration.models import Level, Librarian, Rank, User

# Who holds which role and who enters the admin: shown to everyone with access to users, changed
# only by superusers (through services.user_roles_set, which records and tells it).
SUPERUSER_ONLY_FIELDS = ("is_staff", "is_superuser", "groups")


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


@admin.register(User)
class UserAdmin(SealedAdminMixin, BaseUserAdmin):
    """Administrators look after accounts (details, activation, passwords); only superusers
    change roles, superuser and staff status or permissions, or touch a superuser's account."""

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

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "user_permissions"]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += SUPERUSER_ONLY_FIELDS
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False  # else: a new password or e-mail address, and the account is theirs
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change and "is_superuser" in form.changed_data:
            # Changed, with the groups, by the service in save_related.
            form.portal_is_superuser = obj.is_superuser
            obj.is_superuser = form.initial["is_superuser"]
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # The groups go through the service, not the form's m2m save.
        groups = form.cleaned_data.pop("groups", None)
        super().save_related(request, form, formsets, change)
        is_superuser = getattr(form, "portal_is_superuser", None)
        if groups is not None or is_superuser is not None:
            services.user_roles_set(
                user=form.instance,
                groups=form.instance.groups.all() if groups is None else groups,
                actor=request.user,
                is_superuser=is_superuser,
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
    """The roles and their permissions: only superusers add, change or remove them (an
    Administrator giving the Administrator group more permissions would give itself anything)."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class EmailAddressAdmin(SealedAdminMixin, BaseEmailAddressAdmin):
    """An address is where a password reset goes: only a superuser adds one, or changes or
    removes the address of a superuser or of someone whose roles require a second factor
    (else an Administrator puts their own address there and locks the owner out)."""

    form = EmailAddressForm  # the same refusal of an address another account holds

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        if obj is not None and not request.user.is_superuser and _guarded(obj.user):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not request.user.is_superuser and _guarded(obj.user):
            return False
        return super().has_delete_permission(request, obj)


def _guarded(user) -> bool:
    return user.is_superuser or two_factor_required(user)


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
