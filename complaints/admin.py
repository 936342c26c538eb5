"""Complaints in the admin: the intake API's tokens are made here (the raw token is shown once,
only its hash is kept), and complaints can be looked at, never edited: they change only through
complaints.services, on the team's screens. Who reported stays with the complaint team
(complaints.selectors.reporter_visible_in_admin): other administrators see neither the
reporter's fields nor the tracking code, in the list, its search, the change form or the
complaint's events, and cannot filter by them (portal.admin.SealedAdminMixin)."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints import services
from complaints.models import Complaint, IntakeToken, SealOpening
from complaints.selectors import reporter_visible_in_admin
from complaints.staff_selectors import not_naming
from complaints.subjects import subject_sealed_for_anonymous
from portal.admin import EventAdmin, PortalModelAdmin, ReadOnlyAdmin, admin_provider_ids

REPORTER_FIELDS = ("reporter", "reporter_name", "reporter_email", "reporter_phone")
# The tracking code too: whoever holds it reads the complaint and acts as its reporter.
TEAM_ONLY_FIELDS = (*REPORTER_FIELDS, "tracking_code")
# What a complaint is about, and so its cluster (whose name is the subject's label).
SUBJECT_FIELDS = ("about_key", "about_label", "cluster")

EventAdmin.seal_subject(Complaint, visible_to=lambda user: reporter_visible_in_admin(user=user))
# And a complaint's events are its provider's (issue 14).
EventAdmin.scope_subject(Complaint, provider_path="provider")


@admin.register(IntakeToken)
class IntakeTokenAdmin(PortalModelAdmin):
    list_display = ["name", "channel", "provider", "is_active", "created_at", "last_used_at"]
    list_filter = ["channel", "is_active"]
    list_select_related = ["provider"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "channel", "provider"]
        return ["name", "channel", "provider", "is_active", "created_at", "last_used_at"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["channel", "provider", "created_at", "last_used_at"]

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: last_used_at tells whether it is still in use

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        token, raw = services.intake_token_create(
            name=obj.name, channel=obj.channel, provider=obj.provider
        )
        obj.pk = token.pk
        obj.refresh_from_db()
        messages.warning(
            request,
            _(
                "Token untuk %(name)s: %(token)s — salin sekarang dan serahkan kepada pengelola "
                "integrasinya. Token ini tidak akan ditampilkan lagi; jika hilang, buat token "
                "baru dan nonaktifkan yang lama."
            )
            % {"name": token.name, "token": raw},
        )


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ["tracking_code", "subject", "kind", "channel", "status", "received_at"]
    list_filter = ["status", "kind", "channel"]
    search_fields = ["tracking_code", "subject", "external_reference"]
    list_select_related = ["service"]
    date_hierarchy = "received_at"

    def get_queryset(self, request):
        # A complaint that names the reader (as assessor, verifier, handler) is not theirs to
        # read, here either (complaints.models.ComplaintNamedStaff).
        return super().get_queryset(request).filter(not_naming(request.user))

    def get_list_display(self, request):
        if reporter_visible_in_admin(user=request.user):
            return self.list_display
        return [name for name in self.list_display if name not in TEAM_ONLY_FIELDS]

    def get_search_fields(self, request):
        if reporter_visible_in_admin(user=request.user):
            return self.search_fields
        return [name for name in self.search_fields if name not in TEAM_ONLY_FIELDS]

    def get_exclude(self, request, obj=None):
        if obj is not None and obj.anonymous:
            # Sealed for everyone here, the team included: the seal opens on the team's
            # screens only, with a recorded reason (complaints.services.complaint_seal_open).
            # A subject that points at its holder (a certificate number) is sealed with them.
            sealed = (
                REPORTER_FIELDS
                if reporter_visible_in_admin(user=request.user)
                else TEAM_ONLY_FIELDS
            )
            if subject_sealed_for_anonymous(obj.about_kind):
                sealed = (*sealed, *SUBJECT_FIELDS)
            return sealed
        if reporter_visible_in_admin(user=request.user, complaint=obj):
            return ()
        return TEAM_ONLY_FIELDS


@admin.register(SealOpening)
class SealOpeningAdmin(ReadOnlyAdmin):
    """The openings of sealed identities, looked at, never changed: who opened which complaint,
    when, why and when it was resealed (the complaint by its public id, never its reporter)."""

    list_display = ["opened_at", "complaint_public_id", "opened_by", "purpose", "resealed_at"]
    list_filter = ["purpose"]
    list_select_related = ["complaint", "opened_by"]
    date_hierarchy = "opened_at"
    fields = ["complaint_public_id", "opened_by", "opened_at", "purpose", "reason", "resealed_at"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("Pengaduan"))
    def complaint_public_id(self, obj) -> str:
        return str(obj.complaint.public_id)

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        managed = admin_provider_ids(request)
        return rows if managed is None else rows.filter(complaint__provider__in=managed)
