"""The kernel's admin, and the base of every admin in the project.

Every ModelAdmin registered in the admin, ours and third-party ones alike, is sealed
(SealedAdminMixin): its list answers only the filters it shows. Django by default lets the query
string filter a list by any field of the model (``?reporter_email__startswith=siti``), which
makes every hidden field an oracle one character at a time. tests/security/test_admin_lookups.py
walks admin.site and fails, naming it, for an admin without the base.
"""

import re
from collections.abc import Callable
from typing import ClassVar

from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.contrib.admin.filters import ListFilter
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms import ModelForm
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import services as standard
from portal.constants import EmailStatus, Role
from portal.events import EventKind, event_kinds, event_title
from portal.mail import outbound_email_enqueue
from portal.models import (
    Closure,
    CompetencyUnit,
    ComplaintChannel,
    Event,
    OutboundEmail,
    Provider,
    ProviderHours,
    ProviderOfficial,
    Requirement,
    Service,
    ServiceCompletionLimit,
    ServiceStep,
    ServiceTextSource,
    ServiceTimeLimit,
)
from portal.roles import manages_provider, role_provider_ids

# The query-string parameters Django's list filters read after a field's path: the field itself
# and __exact (choices, booleans, all values), __isnull, __isempty (EmptyFieldListFilter), __gte
# and __lt (DateFieldListFilter); a relation's filter reads __<target field>__exact as well.
FILTER_SUFFIXES = ("", "__exact", "__isnull", "__isempty", "__gte", "__lt")
# date_hierarchy's links; ChangeList turns them into bounds itself.
DATE_HIERARCHY_SUFFIXES = ("__year", "__month", "__day")

# What a column or a field shows in place of a sealed value.
SEALED = _("(dirahasiakan)")


class SealedAdminMixin:
    """Refuses every changelist lookup but those of the admin's own filters (list_filter,
    date_hierarchy) and the fixed ones of raw-id popups (ForeignKey.limit_choices_to).

    Django's ModelAdmin.lookup_allowed allows a lookup on any local field and on any relation
    one step away, shown or not; a refused one answers 400 (DisallowedModelAdminLookup). Put it
    first among the bases: ``class UserAdmin(SealedAdminMixin, BaseUserAdmin)``.
    """

    def lookup_allowed(self, lookup, value, request) -> bool:
        if lookup in self.filter_parameters(request):
            return True
        return self._popup_lookup(lookup, value)

    def filter_parameters(self, request) -> frozenset[str]:
        """The query-string parameters the admin's filters read."""
        names = set()
        for item in self.get_list_filter(request):
            if isinstance(item, type) and issubclass(item, ListFilter):
                # A SimpleListFilter reads its parameter_name; another custom filter is not
                # known here, so its parameters stay refused until it gets a parameter_name.
                if parameter := getattr(item, "parameter_name", None):
                    names.add(parameter)
                continue
            path = item[0] if isinstance(item, list | tuple) else item
            if isinstance(path, models.Field):
                path = path.name
            names.update(path + suffix for suffix in FILTER_SUFFIXES)
            field = get_fields_from_path(self.model, path)[-1]
            if field.is_relation:
                names.add(f"{path}__{field.target_field.name}__exact")
        if self.date_hierarchy:
            names.update(self.date_hierarchy + suffix for suffix in DATE_HIERARCHY_SUFFIXES)
        return frozenset(names)

    def _popup_lookup(self, lookup, value) -> bool:
        """The raw-id popup of a ForeignKey with limit_choices_to passes those fixed lookups
        (as Django's own lookup_allowed allows): the code chose them, not the visitor."""
        for fk_lookup in self.model._meta.related_fkey_lookups:
            if callable(fk_lookup):
                fk_lookup = fk_lookup()
            if (lookup, value) in widgets.url_params_from_lookup_dict(fk_lookup).items():
                return True
        return False


class PortalModelAdmin(SealedAdminMixin, admin.ModelAdmin):
    """The base of every admin of ours."""


class SuperuserEditsMixin:
    """Platform-wide reference data (office closures, ranks, levels, revision reasons): whoever
    holds the model's view permission looks at it; only a superuser adds, changes or removes it
    (a provider's administrator would change every provider's). Put first among the bases."""

    def has_add_permission(self, request, *args):
        return request.user.is_superuser and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class ReadOnlyAdmin(PortalModelAdmin):
    """For records that are history: they are looked at, never edited or removed."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# A mail address anywhere in a text (an SMTP error names the refused recipients).
ADDRESS = re.compile(r"[^\s<>()\[\]{},;:'\"]+@[^\s<>()\[\]{},;:'\"]+")
# What a sensitive mail hides besides its body: who it went to, and its subject (the
# acknowledgement's carries the tracking code).
SENSITIVE_MAIL_FIELDS = frozenset({"to", "cc", "bcc", "reply_to", "subject", "headers"})


@admin.register(OutboundEmail)
class OutboundEmailAdmin(PortalModelAdmin):
    """The outbox, to follow delivery: what went out when, what failed and why, and sending a
    failed mail again. Nobody sees a body (it may hold personal data or secrets). A sensitive
    mail (portal.mail.SENSITIVE_HEADER: a reset link, a tracking code, the team's words to a
    reporter) shows neither subject nor recipients, to anyone, anywhere: list, search, change
    form, __str__ (the delete and action confirmation pages, history). The superusers' only:
    a mail names no provider, and the outbox holds every provider's."""

    list_display = ["subject_shown", "recipients", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "sensitive"]
    # Searched among mails that are not sensitive only (get_search_results); not by recipient:
    # a match would answer "did this address get a mail then?" even with the column hidden.
    search_fields = ["subject"]
    actions = ["send_again"]
    # body, alternatives and attachments are never listed here.
    fields = [
        "status",
        "sensitive",
        "from_email",
        "to",
        "cc",
        "bcc",
        "reply_to",
        "subject",
        "headers",
        "attempts",
        "error",
        "next_attempt_at",
        "created_at",
        "sent_at",
    ]
    readonly_fields = ["error", "created_at"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_fields(self, request, obj=None):
        if obj is not None and obj.sensitive:
            return [name for name in self.fields if name not in SENSITIVE_MAIL_FIELDS]
        return list(self.fields)

    def get_search_results(self, request, queryset, search_term):
        if search_term:
            queryset = queryset.filter(sensitive=False)
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=_("subjek"))
    def subject_shown(self, obj):
        return SEALED if obj.sensitive else obj.subject

    @admin.display(description=_("kepada"))
    def recipients(self, obj):
        return SEALED if obj.sensitive else ", ".join(obj.to)

    @admin.display(description=_("galat terakhir"))
    def error(self, obj):
        return ADDRESS.sub(str(SEALED), obj.last_error) if obj.sensitive else obj.last_error

    @admin.action(description=_("Kirim ulang e-mail yang gagal"))
    def send_again(self, request, queryset):
        failed = queryset.filter(status=EmailStatus.FAILED)
        ids = list(failed.values_list("pk", flat=True))
        failed.update(status=EmailStatus.PENDING, locked_until=None)
        for email_id in ids:
            outbound_email_enqueue(email_id=email_id)
        messages.success(request, _("%(count)d e-mail dijadwalkan ulang.") % {"count": len(ids)})


def _kind_label(kind: EventKind) -> str:
    """A declared kind in words without a particular event: its states left open."""
    if callable(kind.title):  # words that depend on the event: so far, a change of state
        text = gettext("Perubahan status")
    elif kind.states is not None:
        text = str(kind.title) % {"from": "…", "to": "…"}
    else:
        text = str(kind.title)
    return f"{text} ({kind.subject._meta.verbose_name})"


class EventKindFilter(admin.SimpleListFilter):
    """The declared kinds by their titles (portal.events), each on its own subject model: the
    same name on two models ("status") is two kinds."""

    title = _("jenis")
    parameter_name = "jenis"

    def lookups(self, request, model_admin):
        choices = [(f"{kind.key[0]}:{kind.kind}", _kind_label(kind)) for kind in event_kinds()]
        return sorted(choices, key=lambda choice: choice[1].lower())

    def queryset(self, request, queryset):
        label, _sep, kind = (self.value() or "").partition(":")
        app_label, _sep, model = label.partition(".")
        if not (app_label and model and kind):
            return queryset
        return queryset.filter(
            content_type__app_label=app_label, content_type__model=model, kind=kind
        )


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    """The audit trail. The events of some subjects name people not every administrator may
    see (a complaint's: its reporter may act on it, and the team's notes are written to them).
    The app owning such a subject seals it (EventAdmin.seal_subject, from its admin module: the
    kernel imports no feature app); then a user the app's predicate refuses sees neither actor
    nor note of those events."""

    list_display = ["created_at", "kind_title", "content_type", "object_id", "actor", "to_state"]
    list_filter = [EventKindFilter, "content_type"]
    list_select_related = ["actor", "content_type"]
    readonly_fields = ["kind_title"]
    fields = [
        "created_at",
        "kind_title",
        "kind",
        "content_type",
        "object_id",
        "actor",
        "from_state",
        "to_state",
        "note",
    ]
    sealed_subjects: ClassVar[dict[type[models.Model], Callable[[object], bool]]] = {}

    # Subject model -> the path from it to its provider (registered by the owning app).
    provider_paths: ClassVar[dict[type[models.Model], str]] = {}
    # Subject model -> who gives the provider all its subjects belong to (registered likewise).
    provider_getters: ClassVar[dict[type[models.Model], Callable[[], int | None]]] = {}

    @classmethod
    def seal_subject(cls, model: type[models.Model], *, visible_to: Callable[[object], bool]):
        """Show the actor and note of `model`'s events only to users `visible_to` accepts."""
        cls.sealed_subjects[model] = visible_to

    @classmethod
    def scope_subject(cls, model: type[models.Model], *, provider_path: str):
        """Show the events of `model` to a provider's administrator only for the subjects of
        its own providers (`provider_path` leads from the model to its provider, e.g.
        "service__provider"); a superuser sees them all. Another provider's event is not
        found. Events of subjects nobody scoped stay everyone's."""
        cls.provider_paths[model] = provider_path

    @classmethod
    def scope_subject_whole(
        cls, model: type[models.Model], *, provider_id: Callable[[], int | None]
    ):
        """Show the events of `model`, whose every subject is one provider's (accounts and
        account claims: the librarian registry's), only to superusers and to the administrators
        of the provider `provider_id()` gives (None: superusers only)."""
        cls.provider_getters[model] = provider_id

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        managed = admin_provider_ids(request)
        if managed is None or not (self.provider_paths or self.provider_getters):
            return rows
        scoped_types = []
        allowed = models.Q()
        for model, provider_id in self.provider_getters.items():
            content_type = ContentType.objects.get_for_model(model)
            scoped_types.append(content_type.pk)
            if provider_id() in managed:
                allowed |= models.Q(content_type=content_type)
        for model, path in self.provider_paths.items():
            content_type = ContentType.objects.get_for_model(model)
            scoped_types.append(content_type.pk)
            subjects = model._default_manager.filter(**{f"{path}__in": managed}).values("pk")
            allowed |= models.Q(content_type=content_type, object_id__in=subjects)
        return rows.filter(~models.Q(content_type__in=scoped_types) | allowed)

    def sealed_content_types(self, request) -> frozenset[int]:
        """The content types whose events' actor and note this user may not see."""
        if not hasattr(request, "_portal_sealed_event_subjects"):
            request._portal_sealed_event_subjects = frozenset(
                ContentType.objects.get_for_model(model).pk
                for model, visible_to in self.sealed_subjects.items()
                if not visible_to(request.user)
            )
        return request._portal_sealed_event_subjects

    @admin.display(description=_("jenis"), ordering="kind")
    def kind_title(self, obj):
        """The event in its declared words (portal.events), as every timeline shows it."""
        return event_title(obj)

    def get_list_display(self, request):
        sealed = self.sealed_content_types(request)

        @admin.display(description=_("pelaku"))
        def actor(obj):
            return SEALED if obj.content_type_id in sealed else obj.actor

        return [actor if name == "actor" else name for name in self.list_display]

    def get_fields(self, request, obj=None):
        if obj is not None and obj.content_type_id in self.sealed_content_types(request):
            return [name for name in self.fields if name not in ("actor", "note")]
        return list(self.fields)


# Where a row comes from: set by the data or by an edit (portal.services), never typed.
PROVENANCE_FIELDS = ["origin", "source_reference", "set_by", "set_at"]


class StandardMarksMixin:
    """Saves a standard's texts and rows through portal.services, so that whatever is edited
    here is marked "ditetapkan penyelenggara" with the editor and the time."""

    def save_formset(self, request, form, formset, change):
        if formset.model not in standard.MARKED_ROW_FIELDS:
            return super().save_formset(request, form, formset, change)
        rows = formset.save(commit=False)
        for row in formset.deleted_objects:
            row.delete()
        for row in rows:
            standard.standard_row_save(row=row, actor=request.user)
        formset.save_m2m()


# --- Providers and their catalogues: the superuser's, and each provider's administrator's -----


def admin_provider_ids(request) -> frozenset[int] | None:
    """The providers whose records the admin's user manages: None for a superuser (every one),
    else those where they hold the Administrator role (maybe none)."""
    if request.user.is_superuser:
        return None
    return role_provider_ids(request.user, Role.ADMINISTRATOR)


def _manages_provider(request, provider_id: int | None) -> bool:
    return manages_provider(request.user, provider_id)


class ProviderScopedAdmin(PortalModelAdmin):
    """Rows of the providers the user administers (`provider_path` leads to the provider): a
    superuser every one; another provider's row is not found, as if it did not exist."""

    provider_path = "service__provider"

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        managed = admin_provider_ids(request)
        if managed is None:
            return rows
        return rows.filter(**{f"{self.provider_path}__in": managed})

    def _may_see(self, request) -> bool:
        return admin_provider_ids(request) != frozenset()

    def has_module_permission(self, request):
        return self._may_see(request)

    def has_view_permission(self, request, obj=None):
        # obj, when given, came from get_queryset: already one of the user's providers.
        return self._may_see(request)


class ProviderOwnedAdmin(ProviderScopedAdmin):
    """Rows with a `provider` field that a provider's administrator adds, changes and removes:
    the field offers only the providers they administer, and a row saved for another is refused
    (`provider_check`) whatever the form was sent."""

    provider_path = "provider"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        managed = admin_provider_ids(request)
        if db_field.name == "provider" and managed is not None:
            kwargs["queryset"] = Provider.objects.filter(pk__in=managed)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return self._may_see(request)

    def has_change_permission(self, request, obj=None):
        return self._may_see(request)

    def has_delete_permission(self, request, obj=None):
        return self._may_see(request)

    def provider_check(self, request, obj) -> None:
        managed = admin_provider_ids(request)
        if managed is not None and obj.provider_id not in managed:
            raise PermissionDenied

    def save_model(self, request, obj, form, change):
        self.provider_check(request, obj)
        super().save_model(request, obj, form, change)


class ProviderPartInline(admin.TabularInline):
    """A part of a provider's record (hours, channels, offices): whoever may change the provider
    changes its parts; nobody holds their model permissions."""

    extra = 0

    def _may(self, request, obj) -> bool:
        if request.user.is_superuser:
            return True
        return bool(admin_provider_ids(request)) and (
            obj is None or _manages_provider(request, obj.pk)
        )

    def has_view_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may(request, obj)


class ServiceTimeLimitInline(admin.TabularInline):
    model = ServiceTimeLimit
    extra = 0
    fields = ["stage", "working_days", "note", *PROVENANCE_FIELDS]
    readonly_fields = PROVENANCE_FIELDS


class ProviderHoursInline(ProviderPartInline):
    model = ProviderHours
    fields = ["weekday", "opens", "closes", "break_starts", "break_ends", *PROVENANCE_FIELDS]
    readonly_fields = PROVENANCE_FIELDS


class ServiceTextSourceInline(admin.TabularInline):
    """Where each text above comes from; an edit of a text changes its row by itself."""

    model = ServiceTextSource
    extra = 0
    fields = ["component", *PROVENANCE_FIELDS, "note"]
    readonly_fields = fields
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return True  # shown on a service's page, which decides who sees it

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ComplaintChannelInline(ProviderPartInline):
    model = ComplaintChannel
    fields = ["order", "name", "address"]


class ProviderOfficialInline(ProviderPartInline):
    model = ProviderOfficial
    fields = ["duty", "title", "user", "order"]
    raw_id_fields = ["user"]


@admin.register(Provider)
class ProviderAdmin(StandardMarksMixin, PortalModelAdmin):
    """Providers are the platform's: only a superuser adds or removes one. A provider's
    administrator (the Administrator role held there) sees and changes its own record only —
    contacts, hours, channels, offices — but not its slug (the address of its pages). The
    Administrator group holds no permission on providers: this class decides. A fact left empty
    shows as "Tidak dicantumkan"."""

    list_display = ["name", "parent_agency", "slug"]
    search_fields = ["name", "parent_agency"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "unit", "parent_agency", "slug", "logo"]}),
        (
            _("Alamat dan kontak"),
            {
                "fields": [
                    "address",
                    "email",
                    "telephone",
                    "fax",
                    "helpdesk",
                    "website",
                    "social_media",
                ]
            },
        ),
        (_("Surat, sertifikat, dan e-mail"), {"fields": ["issue_place", "mail_sender_name"]}),
        (
            _("Indeks Kepuasan Masyarakat"),
            {"fields": ["ikm_official_method", "ikm_minimum_sample"]},
        ),
    ]
    inlines = [ProviderHoursInline, ComplaintChannelInline, ProviderOfficialInline]

    def get_queryset(self, request):
        managed = admin_provider_ids(request)
        rows = super().get_queryset(request)
        return rows if managed is None else rows.filter(pk__in=managed)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if request.user.is_superuser else [*readonly, "slug"]

    def get_prepopulated_fields(self, request, obj=None):
        return super().get_prepopulated_fields(request, obj) if request.user.is_superuser else {}

    def _may(self, request, obj) -> bool:
        if request.user.is_superuser:
            return True
        return bool(admin_provider_ids(request)) and (
            obj is None or _manages_provider(request, obj.pk)
        )

    def has_view_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class RequirementInline(admin.StackedInline):
    model = Requirement
    extra = 0
    fields = [
        ("order", "code", "required"),
        "name",
        "help_text",
        ("provided_by", "fulfilment"),
        ("accepted_kinds", "max_size_kb"),
        ("is_photo", "photo_min_width", "photo_min_height"),
        "reuse_months",
        tuple(PROVENANCE_FIELDS),
    ]
    readonly_fields = PROVENANCE_FIELDS


class TimeLimitRowForm(ModelForm):
    """A step's or the completion limit's form: the time limit is checked as the service
    checks it (portal.services.time_limit_check), so a limit that does not read as one is an
    error on the form, not a failed save."""

    def _post_clean(self):
        super()._post_clean()
        if not self._errors:  # else the model's own clean said it already
            try:
                standard.time_limit_check(self.instance)
            except ValidationError as error:
                self.add_error(None, error)
        if self._errors:
            # The page shown again names the row by its limit (ServiceCompletionLimit.__str__),
            # which a limit that does not read cannot give: the row keeps its stored limit, the
            # form the values typed.
            for name in LIMIT_FIELDS + LIMIT_ANCHOR_FIELDS:
                if name in self.initial:
                    setattr(self.instance, name, self.initial[name])


LIMIT_FIELDS = ("limit_amount", "limit_maximum", "limit_unit")
LIMIT_ANCHOR_FIELDS = ("limit_anchor", "limit_event")


class ServicePartInline(admin.StackedInline):
    """A part of a service's record that no group holds permissions on (its workflow): whoever
    may change the service changes it. `obj` is the service."""

    extra = 0

    def _may(self, request, obj) -> bool:
        if request.user.is_superuser:
            return True
        return bool(admin_provider_ids(request)) and (
            obj is None or _manages_provider(request, obj.provider_id)
        )

    def has_view_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may(request, obj)


class ServiceStepInline(ServicePartInline):
    """The service's workflow, step by step (the engine runs each step's kind, the actor acts,
    the limit runs). Saved through portal.services like the requirements: an edit marks the step
    "ditetapkan penyelenggara" with who and when. A step a case has run cannot be removed
    (Django's admin names the protected records)."""

    model = ServiceStep
    form = TimeLimitRowForm
    fields = [
        ("order", "kind"),
        "name",
        ("actor", "product"),
        LIMIT_FIELDS,
        LIMIT_ANCHOR_FIELDS,
        "starts_completion_clock",
        tuple(PROVENANCE_FIELDS),
    ]
    readonly_fields = PROVENANCE_FIELDS


class ServiceCompletionLimitInline(ServicePartInline):
    """The service's whole time limit (Jangka Waktu Penyelesaian) as the engine counts it."""

    model = ServiceCompletionLimit
    form = TimeLimitRowForm
    max_num = 1
    fields = [LIMIT_FIELDS, LIMIT_ANCHOR_FIELDS, tuple(PROVENANCE_FIELDS)]
    readonly_fields = PROVENANCE_FIELDS


class CompetencyUnitInline(admin.TabularInline):
    model = CompetencyUnit
    extra = 0
    fields = ["order", "code", "title"]


@admin.register(Service)
class ServiceAdmin(StandardMarksMixin, PortalModelAdmin):
    """The catalogue: a superuser's whole, a provider's administrator's their provider's
    services (list, pages, and the providers a service may be given to); another provider's
    service is not found, as if it did not exist."""

    list_display = ["name", "provider", "slug", "fee", "seat_assignment", "is_active"]
    list_filter = [("provider", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["provider"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [
        RequirementInline,
        ServiceStepInline,
        ServiceCompletionLimitInline,
        ServiceTimeLimitInline,
        CompetencyUnitInline,
        ServiceTextSourceInline,
    ]

    def get_queryset(self, request):
        managed = admin_provider_ids(request)
        rows = super().get_queryset(request)
        return rows if managed is None else rows.filter(provider_id__in=managed)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        managed = admin_provider_ids(request)
        if db_field.name == "provider" and managed is not None:
            kwargs["queryset"] = Provider.objects.filter(pk__in=managed)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and admin_provider_ids(request) != frozenset()

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or _manages_provider(request, obj.provider_id))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or _manages_provider(request, obj.provider_id))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or _manages_provider(request, obj.provider_id))

    def save_model(self, request, obj, form, change):
        # The form offers only the managed providers; the service refuses whatever else posts,
        # and marks a changed text as the provider's, with who and when (portal.services).
        standard.service_standard_save(service=obj, actor=request.user)


@admin.register(Closure)
class ClosureAdmin(SuperuserEditsMixin, PortalModelAdmin):
    """Office closures move every provider's deadlines: the superusers' to add, change or
    remove; everyone with the view permission sees them."""

    list_display = ["date", "name"]
    date_hierarchy = "date"
