"""Webhook subscriptions and the delivery log in /admin/, each provider's to its administrators
(a superuser sees every provider's; another provider's row is not found). No group holds
permissions on these models: the classes below decide, from the Administrator role held at the
row's provider (portal.admin.admin_provider_ids). Subscriptions change through
integrations.services (the secret is made there and shown once, again when rotated); they
are switched off, never deleted (their log stays). The log is looked at, and what was given up
is sent again through integrations.services.deliveries_resend."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from integrations import catalogue, services
from integrations.constants import DeliveryTarget
from integrations.models import Delivery, DeliveryAttempt, WebhookSubscription
from portal.admin import ProviderOwnedAdmin, ProviderScopedAdmin


class SubscriptionForm(forms.ModelForm):
    event_types = forms.MultipleChoiceField(
        label=_("jenis peristiwa"),
        choices=catalogue.event_type_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Perubahan keadaan yang dikirim ke alamat ini."),
    )

    class Meta:
        model = WebhookSubscription
        fields = ["provider", "name", "url", "event_types", "is_active"]


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(ProviderOwnedAdmin):
    """A provider's webhook: where its notices go and which. The signing secret is shown once,
    when the subscription is made; to change it, make a new one and deactivate the old."""

    form = SubscriptionForm
    list_display = ["name", "provider", "url", "is_active", "created_at"]
    list_filter = ["is_active"]
    list_select_related = ["provider"]
    search_fields = ["name", "url"]

    actions = ["deactivate", "secret_rotate"]

    def get_fields(self, request, obj=None):
        return ["provider", "name", "url", "event_types", "is_active"]

    def has_delete_permission(self, request, obj=None):
        # Deleting would take the delivery log with it and drop what still waits unseen:
        # "nonaktifkan" (integrations.services.subscription_deactivate) instead.
        return False

    @admin.action(description=_("Nonaktifkan langganan terpilih"))
    def deactivate(self, request, queryset):
        given_up = 0
        count = 0
        for subscription in queryset:  # already the user's providers' only (get_queryset)
            if subscription.is_active:
                count += 1
            given_up += services.subscription_deactivate(
                subscription=subscription, actor=request.user
            )
        messages.success(
            request,
            _(
                "%(count)d langganan dinonaktifkan; %(given_up)d pengiriman yang menunggu "
                "dihentikan (tetap tercatat di log pengiriman)."
            )
            % {"count": count, "given_up": given_up},
        )

    @admin.action(description=_("Ganti kunci rahasia (ditampilkan sekali)"))
    def secret_rotate(self, request, queryset):
        for subscription in queryset:
            secret = services.subscription_secret_rotate(
                subscription=subscription, actor=request.user
            )
            messages.warning(
                request,
                _(
                    "Kunci rahasia baru untuk %(name)s: %(secret)s — salin sekarang dan "
                    "serahkan kepada pengelola penerimanya; kunci lama tidak berlaku lagi. "
                    "Kunci ini tidak akan ditampilkan lagi."
                )
                % {"name": subscription.name, "secret": secret},
            )

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["provider"]

    def save_model(self, request, obj, form, change):
        # Through integrations.services, not the model form's save: the secret is made there.
        self.provider_check(request, obj)
        data = form.cleaned_data
        try:
            if change:
                services.subscription_update(
                    subscription=obj,
                    name=data["name"],
                    url=data["url"],
                    event_types=data["event_types"],
                    is_active=data["is_active"],
                )
                return
            subscription, secret = services.subscription_create(
                provider=obj.provider,
                name=data["name"],
                url=data["url"],
                event_types=data["event_types"],
                is_active=data["is_active"],
            )
        except ValidationError as exc:  # the form checked the same; a race lands here
            raise PermissionDenied(exc.messages[0]) from exc
        obj.pk = subscription.pk
        obj.refresh_from_db()
        messages.warning(
            request,
            _(
                "Kunci rahasia untuk %(name)s: %(secret)s — salin sekarang dan serahkan kepada "
                "pengelola penerimanya. Kunci ini tidak akan ditampilkan lagi; jika hilang, buat "
                "langganan baru dan nonaktifkan yang lama."
            )
            % {"name": subscription.name, "secret": secret},
        )


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    fields = ["started_at", "duration_ms", "status_code", "error"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True  # shown inside a delivery the user may already see


@admin.register(Delivery)
class DeliveryAdmin(ProviderScopedAdmin):
    """The delivery log: what went where, how many attempts, the last answer. The body of a
    LAPOR! message (the team's words to a reporter) is not shown here."""

    provider_path = "provider"

    list_display = [
        "event_type",
        "target",
        "subscription",
        "status",
        "attempts",
        "last_status_code",
        "created_at",
        "delivered_at",
    ]
    list_filter = ["status", "target"]
    list_select_related = ["subscription"]
    search_fields = ["public_id", "event_type"]
    inlines = [DeliveryAttemptInline]
    fields = [
        "public_id",
        "target",
        "subscription",
        "provider",
        "event_type",
        "stream",
        "status",
        "attempts",
        "next_attempt_at",
        "last_status_code",
        "last_error",
        "created_at",
        "delivered_at",
        "payload_shown",
    ]
    readonly_fields = fields

    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Kirim ulang pengiriman yang gagal"))
    def resend(self, request, queryset):
        # queryset is get_queryset's: the user's providers' rows only.
        chosen = queryset.count()
        resent = services.deliveries_resend(deliveries=queryset, actor=request.user)
        messages.success(
            request,
            _(
                "%(resent)d pengiriman dijadwalkan ulang, berurutan per objek; %(skipped)d "
                "dilewati (sudah terkirim, masih menunggu, atau langganannya nonaktif)."
            )
            % {"resent": len(resent), "skipped": chosen - len(resent)},
        )

    @admin.display(description=_("isi"))
    def payload_shown(self, obj):
        if obj.target == DeliveryTarget.LAPOR:
            return _("(pesan ke LAPOR! tidak ditampilkan)")
        return obj.payload
