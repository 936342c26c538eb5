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
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from portal.admin import (
    EventAdmin,
    PortalModelAdmin,
    ReadOnlyAdmin,
    SealedAdminMixin,
    SuperuserEditsMixin,
    admin_provider_ids,
)
from portal.constants import SENSITIVE_ROLES, Role
from portal.models import Provider, Service, StaffRole
from portal.roles import role_provider_ids, two_factor_required
from registration import selectors, services, workflow
from registration.exceptions import RegistrationError
from registration.models import (
    AccountClaim,
    Application,
    Level,
    Librarian,
    Rank,
    StaffDeclaration,
    StaffRelative,
    User,
)

# An application's events (certificates' included) are its provider's.
EventAdmin.scope_subject(Application, provider_path="service__provider")
# Accounts and account claims are the librarian registry's: their events are its provider's.
EventAdmin.scope_subject_whole(User, provider_id=selectors.claims_provider_id)
EventAdmin.scope_subject_whole(AccountClaim, provider_id=selectors.claims_provider_id)

# Who enters the admin and who is a superuser: changed only by superusers (superuser status
# through services.user_staff_roles_set, which records and tells it). The roles themselves are
# StaffRole rows (StaffRoleInline); the groups follow them (portal.roles.staff_groups_sync), so
# the form has no groups field.
SUPERUSER_ONLY_FIELDS = ("is_staff", "is_superuser")
# What an Administrator at a provider gives and takes there (workflow.staff_role_change_refusal).
ORDINARY_ROLES = [(role.value, role.label) for role in Role if role not in SENSITIVE_ROLES]


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


class StaffOfProviderFilter(admin.SimpleListFilter):
    """The staff of one provider (who holds a role there): a provider's administrator picks
    among its own providers, a superuser among all."""

    title = _("petugas penyelenggara")
    parameter_name = "penyelenggara"

    def lookups(self, request, model_admin):
        managed = admin_provider_ids(request)
        providers = Provider.objects.order_by("name")
        if managed is not None:
            providers = providers.filter(pk__in=managed)
        return [(str(provider.pk), provider.name) for provider in providers]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if value not in {key for key, _label in self.lookup_choices}:
            return queryset.none()  # another provider's staff is not listed for the asking
        return queryset.filter(staff_roles__provider_id=int(value)).distinct()


class StaffRoleForm(forms.ModelForm):
    """A role row: one held for a single service must be an external role at that service's
    provider (workflow.staff_role_service_refusal, which the service asks again)."""

    def clean(self):
        data = super().clean()
        provider, role, service = data.get("provider"), data.get("role"), data.get("service")
        if provider is not None and role and service is not None:
            refusal = workflow.staff_role_service_refusal(
                provider_id=provider.pk, role=role, service_id=service.pk
            )
            if refusal is not None:
                self.add_error("service", refusal)
        return data


class StaffRoleInline(admin.TabularInline):
    """The roles a user holds, one row per role at a provider. A superuser sees and changes
    every row; an Administrator at a provider the rows of the ordinary roles there (the others
    are listed, read-only, in the account's "roles" field). Saved only through
    services.user_staff_roles_set (UserAdmin.save_related), which checks every change again."""

    model = StaffRole
    form = StaffRoleForm
    extra = 0
    fields = ["provider", "role", "service", "granted_at"]
    readonly_fields = ["granted_at"]
    verbose_name = _("peran di penyelenggara")
    verbose_name_plural = _("peran di penyelenggara")

    def get_queryset(self, request):
        rows = super().get_queryset(request).select_related("provider")
        managed = admin_provider_ids(request)
        if managed is None:
            return rows
        return rows.filter(provider_id__in=managed).exclude(role__in=SENSITIVE_ROLES)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        managed = admin_provider_ids(request)
        if db_field.name == "provider" and managed is not None:
            kwargs["queryset"] = Provider.objects.filter(pk__in=managed)
        if db_field.name == "service":
            # External staff (an LSP's assessor) of one service of the managed providers.
            services_shown = Service.objects.select_related("provider").order_by(
                "provider__name", "name"
            )
            if managed is not None:
                services_shown = services_shown.filter(provider_id__in=managed)
            kwargs["queryset"] = services_shown
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = ORDINARY_ROLES
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def _manages(self, request) -> bool:
        return request.user.is_superuser or bool(admin_provider_ids(request))

    # The StaffRole permissions are nobody's (the groups hold none): who manages roles is the
    # rule above, checked again by the service.
    def has_view_permission(self, request, obj=None):
        return self._manages(request)

    def has_add_permission(self, request, obj=None):
        return self._manages(request)

    def has_change_permission(self, request, obj=None):
        return self._manages(request)

    def has_delete_permission(self, request, obj=None):
        return self._manages(request)


@admin.register(User)
class UserAdmin(SealedAdminMixin, BaseUserAdmin):
    """Administrators look after accounts (details, activation, passwords) and give the
    ordinary roles at their own providers; only superusers give the sensitive roles, change
    superuser and staff status or permissions, or touch a superuser's account. An Administrator
    changes only accounts holding no role at another provider (else: a new password, and the
    account's work at that provider is theirs)."""

    form = PortalUserChangeForm
    inlines = [StaffRoleInline]

    list_display = ["username", "nip", "email", "first_name", "is_active", "last_login"]
    search_fields = ["username", "nip", "email", "first_name", "last_name"]
    list_filter = [StaffOfProviderFilter, "is_active", "is_staff", "groups", "must_change_password"]
    # Django's, with the roles held (read-only; the inline changes them) in place of the groups.
    fieldsets = (
        *(
            (
                name,
                {
                    **options,
                    "fields": tuple(
                        "roles_held" if field == "groups" else field for field in options["fields"]
                    ),
                },
            )
            for name, options in BaseUserAdmin.fieldsets
        ),
        (_("Portal"), {"fields": ("nip", "must_change_password")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "email", "password1", "password2")}),
    )

    def get_inline_instances(self, request, obj=None):
        # Roles are given to an account that exists (the add form is only its name and address).
        return super().get_inline_instances(request, obj) if obj is not None else []

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            # Whose roles roles_held shows (it is given the account, not the request); asked
            # for every change page, read-only ones too.
            obj._portal_managed_providers = admin_provider_ids(request)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "user_permissions"]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "roles_held"]
        if not request.user.is_superuser:
            readonly += SUPERUSER_ONLY_FIELDS
        return readonly

    @admin.display(description=_("peran yang dipegang"))
    def roles_held(self, obj):
        """The roles the account holds, where: every one to a superuser; to a provider's
        administrator those at its providers, and only how many elsewhere (another provider's
        staff is that provider's business)."""
        if obj is None or obj.pk is None:
            return "-"
        managed = getattr(obj, "_portal_managed_providers", frozenset())
        rows = StaffRole.objects.filter(user=obj).select_related("provider", "service")
        shown = [row for row in rows if managed is None or row.provider_id in managed]
        lines = [
            (
                row.get_role_display(),
                f"{row.provider.name} ({row.service.name})" if row.service else row.provider.name,
            )
            for row in shown
        ]
        elsewhere = len(rows) - len(shown)
        if elsewhere:
            lines.append((_("Peran di penyelenggara lain"), elsewhere))
        return format_html_join(mark_safe("<br>"), "{} — {}", lines) or "-"

    def has_change_permission(self, request, obj=None):
        if obj is not None and not request.user.is_superuser:
            if obj.is_superuser:
                return False  # else: a new password or e-mail address, and the account is theirs
            if not role_provider_ids(obj) <= (admin_provider_ids(request) or frozenset()):
                return False  # staff of a provider the administrator does not manage
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not request.user.is_superuser:
            if not self.has_change_permission(request, obj):
                return False
            # Removing the account removes its roles: only one whose every role the
            # administrator could revoke (a sensitive role's holder stays the superuser's).
            held = StaffRole.objects.filter(user=obj).values_list("provider_id", "role")
            if any(
                workflow.staff_role_change_refusal(actor=request.user, provider_id=p, role=r)
                for p, r in held
            ):
                return False
        return super().has_delete_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302 and str(request.user.pk) != id:
            # A password set by someone else is changed by its holder at their next login (an
            # administrator's own is theirs).
            self.model.objects.filter(pk=id).update(must_change_password=True)
        return response

    def save_model(self, request, obj, form, change):
        if not change:
            # A password someone else chose is theirs too: the new account sets its own at
            # its first login, as a candidate does with the one mailed at registration.
            obj.must_change_password = True
        if change and "is_superuser" in form.changed_data:
            # Changed, with the roles, by the service in save_related.
            form.portal_is_superuser = obj.is_superuser
            obj.is_superuser = form.initial["is_superuser"]
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # The roles go through the service, not the inline's own save.
        roles = [formset for formset in formsets if formset.model is StaffRole]
        others = [formset for formset in formsets if formset.model is not StaffRole]
        super().save_related(request, form, others, change)
        is_superuser = getattr(form, "portal_is_superuser", None)
        if roles or is_superuser is not None:
            user = form.instance
            held = set(
                StaffRole.objects.filter(user=user).values_list("provider_id", "role", "service_id")
            )
            wanted = held if not roles else _roles_wanted(held, roles[0])
            for formset in roles:
                # Nothing written: it only lists the rows added, changed and deleted, which the
                # admin's history message names.
                formset.save(commit=False)
            # A change the actor may not make (the form offers none: a crafted POST) is
            # refused there, PermissionDenied: a 403, and the change form's transaction undone.
            services.user_staff_roles_set(
                user=user, roles=wanted, actor=request.user, is_superuser=is_superuser
            )


def _roles_wanted(
    held: set[tuple[int, str, int | None]], formset
) -> set[tuple[int, str, int | None]]:
    """The roles the user is to hold after the inline's POST: the rows the inline did not show
    (roles elsewhere, sensitive ones) as they are, and the shown rows as submitted; each as
    (provider, role, service or None)."""
    shown = {(row.provider_id, row.role, row.service_id) for row in formset.get_queryset()}
    wanted = held - shown
    deleted = set(map(id, formset.deleted_forms))
    for row_form in formset.forms:
        data = getattr(row_form, "cleaned_data", None)
        if not data or id(row_form) in deleted:
            continue
        if row_form.instance.pk is None and not row_form.has_changed():
            continue  # an empty extra row
        service = data.get("service")
        wanted.add((data["provider"].pk, data["role"], service.pk if service else None))
    return wanted


def _registry_admin(request) -> bool:
    """Does the admin's user look after the librarian registry? A superuser, or an Administrator
    at the librarian exam's provider (selectors.claims_provider_id): the registry is its data,
    not every provider's."""
    managed = admin_provider_ids(request)
    return managed is None or selectors.claims_provider_id() in managed


@admin.register(Librarian)
class LibrarianAdmin(PortalModelAdmin):
    """The librarian registry: the librarian exam's provider's. To anyone else (another
    provider's administrator) it is not there, whatever permissions its group holds."""

    list_display = ["nip", "name", "institution", "level", "rank", "updated_at"]
    list_filter = ["level", "rank"]
    search_fields = ["=nip", "name", "institution", "work_unit"]
    list_select_related = ["level", "rank"]
    readonly_fields = ["created_at", "updated_at"]

    def has_module_permission(self, request):
        return _registry_admin(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return _registry_admin(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return _registry_admin(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return _registry_admin(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _registry_admin(request) and super().has_delete_permission(request, obj)


# Ranks and levels are the platform's reference data: seen by the admin's users, changed by
# superusers only (portal.admin.SuperuserEditsMixin).
@admin.register(Rank)
class RankAdmin(SuperuserEditsMixin, PortalModelAdmin):
    list_display = ["code", "name", "order"]


@admin.register(Level)
class LevelAdmin(SuperuserEditsMixin, PortalModelAdmin):
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


class StaffRelativeInline(admin.TabularInline):
    model = StaffRelative
    fields = ["nip", "name", "relationship"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(StaffDeclaration)
class StaffDeclarationAdmin(ReadOnlyAdmin):
    """Conflict-of-interest declarations, shown only: each staff member keeps their own at
    /staf/konflik-kepentingan/ (registration.services.staff_declaration_save records every
    change on the account's history)."""

    list_display = ["user", "nip", "work_unit", "institution", "updated_at"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "nip", "work_unit"]
    list_select_related = ["user"]
    fields = ["user", "nip", "work_unit", "institution", "updated_at"]
    readonly_fields = fields
    inlines = [StaffRelativeInline]
