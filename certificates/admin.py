"""Certificates in the admin: looked at, never edited (the pipeline changes only through
certificates.services), plus the one thing only the admin does: revoking an issued certificate,
with a reason that the public verification page shows from then on."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certificates import services
from certificates.exceptions import CertificateError
from certificates.models import Certificate, NumberSequence, ResultLetter
from portal.admin import ReadOnlyAdmin, admin_provider_ids
from portal.constants import Role
from portal.roles import user_roles


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Alasan pencabutan"),
        help_text=gettext_lazy(
            "Alasan ini ditampilkan kepada siapa pun yang memeriksa nomor sertifikat di "
            "halaman verifikasi publik. Jangan menulis data pribadi."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "name", "status", "is_revoked", "revoke_link"]
    list_filter = ["status", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["number", "name", "nip"]
    readonly_fields = ["revoke_link"]
    actions = ["revoke_selected"]

    def has_revoke_permission(self, request) -> bool:
        return Role.ADMINISTRATOR in user_roles(request.user)

    def get_queryset(self, request):
        # A provider's administrator finds its own providers' certificates only (the revocation
        # page too); another's is not found, as if it did not exist.
        managed = admin_provider_ids(request)
        rows = super().get_queryset(request)
        if managed is None:
            return rows
        return rows.filter(application__service__provider_id__in=managed)

    def get_urls(self):
        revoke = path(
            "<path:object_id>/cabut/",
            self.admin_site.admin_view(self.revoke_view),
            name="certificates_certificate_revoke",
        )
        return [revoke, *super().get_urls()]

    @admin.display(description=gettext_lazy("dicabut"), boolean=True, ordering="revoked_at")
    def is_revoked(self, obj) -> bool:
        return obj.revoked_at is not None

    @admin.display(description=gettext_lazy("pencabutan"))
    def revoke_link(self, obj) -> str:
        if obj.revoked_at is not None:
            return _("Dicabut: %(reason)s") % {"reason": obj.revocation_reason}
        if not obj.number:
            return _("Belum bernomor")
        url = reverse("admin:certificates_certificate_revoke", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Cabut sertifikat"))

    @admin.action(
        description=gettext_lazy("Cabut sertifikat terpilih (satu per satu)"),
        permissions=["revoke"],
    )
    def revoke_selected(self, request, queryset):
        # Each revocation needs its own reason, so the action opens the page of one certificate.
        if queryset.count() != 1:
            messages.warning(request, _("Pilih tepat satu sertifikat untuk dicabut."))
            return None
        url = reverse("admin:certificates_certificate_revoke", args=[queryset.get().pk])
        return HttpResponseRedirect(url)

    def revoke_view(self, request, object_id):
        if not self.has_revoke_permission(request):
            raise PermissionDenied
        certificate = self.get_object(request, unquote(object_id))
        if certificate is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        change_url = reverse("admin:certificates_certificate_change", args=[certificate.pk])
        form = RevokeForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                services.certificate_revoke(
                    certificate=certificate,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except CertificateError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    _("Sertifikat %(number)s dicabut.") % {"number": certificate.number},
                )
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Cabut sertifikat"),
            "certificate": certificate,
            "form": form,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/certificates/certificate/revoke.html", context)


@admin.register(NumberSequence)
class NumberSequenceAdmin(ReadOnlyAdmin):
    list_display = ["service", "year", "last"]
    list_filter = ["year"]
    list_select_related = ["service"]


@admin.register(ResultLetter)
class ResultLetterAdmin(ReadOnlyAdmin):
    list_display = ["result", "pdf_state", "created_at"]
    list_filter = ["pdf_state"]
    # str(result) names the session's service and time and the application's candidate.
    list_select_related = [
        "result__seat__session__service",
        "result__seat__application__service",
        "result__seat__application__candidate",
    ]
