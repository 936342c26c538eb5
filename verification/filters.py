"""The queue's filters, search and sort, read from the query string (names are Indonesian, as
in the URLs staff share: ?status=submitted&terlambat=1&cari=19860926)."""

import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.constants import Role
from portal.models import Service
from portal.roles import provider_scope
from registration.nip import normalize_nip
from verification import selectors

# A full reference number (registration.services.reference_format): letters, year, number.
REFERENCE = re.compile(r"^[A-Za-z]{2,8}-\d{4}-\d+$")

TO_CHECK = "periksa"
EVERYTHING = "semua"

STATUS_CHOICES = [
    (TO_CHECK, _("Perlu diperiksa")),
    *[(status.value, status.label) for status in selectors.VISIBLE_STATUSES],
    (EVERYTHING, _("Semua status")),
]
STATUS_SETS = {
    "": selectors.QUEUE_STATUSES,
    TO_CHECK: selectors.TO_CHECK_STATUSES,
    EVERYTHING: selectors.VISIBLE_STATUSES,
}

ORDERINGS = {
    "batas": selectors.ORDER_BY_DUE_DATE,
    "diajukan": selectors.ORDER_BY_SUBMITTED,
    "terbaru": selectors.ORDER_BY_SUBMITTED_NEWEST,
}
SORT_CHOICES = [
    ("batas", _("Batas waktu terdekat")),
    ("diajukan", _("Diajukan paling awal")),
    ("terbaru", _("Diajukan paling akhir")),
]


def _panel_services(request):
    """The services of the providers where the reader is a verifier: no other is offered."""
    return Service.objects.filter(provider_scope(request.user, Role.VERIFIER, path="provider"))


class QueueFilter(django_filters.FilterSet):
    cari = django_filters.CharFilter(
        label=_("Cari NIP, nama atau nomor pengajuan"), method="filter_search", max_length=100
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=STATUS_CHOICES,
        empty_label=_("Perlu ditangani"),
        method="filter_status",
    )
    layanan = django_filters.ModelChoiceFilter(
        label=_("Layanan"),
        field_name="service",
        to_field_name="slug",
        queryset=_panel_services,
        empty_label=_("Semua layanan"),
    )
    instansi = django_filters.CharFilter(
        label=_("Instansi"),
        field_name="snapshot__institution",
        lookup_expr="icontains",
    )
    terlambat = django_filters.BooleanFilter(
        label=_("Lewat batas waktu"), widget=forms.CheckboxInput, method="filter_overdue"
    )
    saya = django_filters.BooleanFilter(
        label=_("Ditugaskan ke saya"), widget=forms.CheckboxInput, method="filter_mine"
    )
    belum_diambil = django_filters.BooleanFilter(
        label=_("Belum diambil verifikator"),
        widget=forms.CheckboxInput,
        method="filter_unassigned",
    )
    urut = django_filters.ChoiceFilter(
        label=_("Urutkan"), choices=SORT_CHOICES, empty_label=None, method="filter_nothing"
    )

    def filter_status(self, queryset, name, value):
        return queryset  # applied in filter_queryset, where the empty value is seen too

    def filter_nothing(self, queryset, name, value):
        return queryset  # the sort is applied last, in filter_queryset

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if REFERENCE.match(value):
            # A reference number as the candidate quotes it (UKP-2026-000123), in any case.
            return queryset.filter(reference__iexact=value)
        digits = normalize_nip(value)
        if digits.isdigit():
            # NIPs are stored as 18 digits; a prefix (e.g. the birth date) finds them too.
            return queryset.filter(candidate__nip__startswith=digits)
        return queryset.filter(
            Q(snapshot__name__icontains=value) | Q(candidate__first_name__icontains=value)
        )

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(due_date__lt=timezone.localdate()) if value else queryset

    def filter_mine(self, queryset, name, value):
        return queryset.filter(verifier=self.request.user) if value else queryset

    def filter_unassigned(self, queryset, name, value):
        return queryset.filter(verifier__isnull=True) if value else queryset

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        status = data.get("status") or ""
        queryset = queryset.filter(status__in=STATUS_SETS.get(status, (status,)))
        queryset = super().filter_queryset(queryset)
        return queryset.order_by(*ORDERINGS.get(data.get("urut") or "", ORDERINGS["batas"]), "pk")
