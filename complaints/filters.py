"""The complaint queue's filters, search and sort, read from the query string (names are
Indonesian, as in the links staff share: ?status=terbuka&terlambat=1&cari=ADU-7K3M)."""

import django_filters
from django import forms
from django.db.models import Q, Value
from django.db.models.functions import Replace, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints import staff_selectors, workflow
from complaints.constants import Channel, ComplaintKind, ComplaintStatus
from portal.constants import Role
from portal.models import Service
from portal.roles import provider_scope

OPEN = "terbuka"
FOLLOW_UP = "tindak_lanjut"
EVERYTHING = "semua"

STATUS_CHOICES = [
    (OPEN, _("Terbuka (perlu ditangani)")),
    (FOLLOW_UP, _("Perlu ditindaklanjuti (terverifikasi atau sedang ditindaklanjuti)")),
    *ComplaintStatus.choices,
    (EVERYTHING, _("Semua status")),
]
STATUS_SETS = {
    "": workflow.OPEN,
    OPEN: workflow.OPEN,
    FOLLOW_UP: staff_selectors.FOLLOW_UP_STATUSES,
    EVERYTHING: tuple(ComplaintStatus.values),
}

MINE = "saya"
UNASSIGNED = "belum"
ASSIGNED_CHOICES = [(MINE, _("Ditangani saya")), (UNASSIGNED, _("Belum ada penanganan"))]

ORDERINGS = {
    "batas": staff_selectors.ORDER_BY_DUE_DATE,
    "diterima": staff_selectors.ORDER_BY_RECEIVED,
    "terbaru": staff_selectors.ORDER_BY_RECEIVED_NEWEST,
    "prioritas": staff_selectors.ORDER_BY_PRIORITY,
}
SORT_CHOICES = [
    ("batas", _("Batas waktu terdekat")),
    ("diterima", _("Diterima paling awal")),
    ("terbaru", _("Diterima paling akhir")),
    ("prioritas", _("Prioritas tertinggi")),
]


def _compact(value: str) -> str:
    """A tracking code as typed or read aloud ("adu 7k3m 9qx2") in the stored form without
    its dashes ("ADU7K3M9QX2")."""
    return "".join(value.split()).replace("-", "").upper()


def _team_services(request):
    """The services of the providers whose team the reader is on: no other is offered."""
    return Service.objects.filter(
        provider_scope(request.user, Role.COMPLAINT_HANDLER, path="provider")
    ).order_by("name")


class ComplaintQueueFilter(django_filters.FilterSet):
    cari = django_filters.CharFilter(
        label=_("Cari kode, judul, nama, atau e-mail pelapor"),
        method="filter_search",
        max_length=100,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, empty_label=None, method="filter_nothing"
    )
    jenis = django_filters.ChoiceFilter(
        label=_("Jenis"),
        field_name="kind",
        choices=ComplaintKind.choices,
        empty_label=_("Semua jenis"),
    )
    saluran = django_filters.ChoiceFilter(
        label=_("Saluran"),
        field_name="channel",
        choices=Channel.choices,
        empty_label=_("Semua saluran"),
    )
    layanan = django_filters.ModelChoiceFilter(
        label=_("Layanan"),
        field_name="service",
        to_field_name="slug",
        queryset=_team_services,
        empty_label=_("Semua layanan"),
    )
    ditangani = django_filters.ChoiceFilter(
        label=_("Penanganan"),
        choices=ASSIGNED_CHOICES,
        empty_label=_("Siapa saja"),
        method="filter_assigned",
    )
    urut = django_filters.ChoiceFilter(
        label=_("Urutkan"), choices=SORT_CHOICES, empty_label=None, method="filter_nothing"
    )
    terlambat = django_filters.BooleanFilter(
        label=_("Lewat batas waktu"), widget=forms.CheckboxInput, method="filter_overdue"
    )
    kelompok = django_filters.BooleanFilter(
        label=_("Dalam kelompok pengaduan"), widget=forms.CheckboxInput, method="filter_clustered"
    )

    def filter_clustered(self, queryset, name, value):
        return queryset.filter(cluster__isnull=False) if value else queryset

    def filter_nothing(self, queryset, name, value):
        return queryset  # status and sort are applied in filter_queryset, empty value included

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # A sealed reporter is not found by name or e-mail: the hit itself would name them
        # (staff_selectors annotates identity_shown for the reader).
        matches = Q(subject__icontains=value) | (
            Q(identity_shown=True)
            & (Q(reporter_name__icontains=value) | Q(reporter_email__icontains=value))
        )
        code = _compact(value)
        if code:
            queryset = queryset.annotate(
                compact_code=Upper(Replace("tracking_code", Value("-"), Value("")))
            )
            matches |= Q(compact_code__contains=code)
        return queryset.filter(matches)

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(due_date__lt=timezone.localdate()) if value else queryset

    def filter_assigned(self, queryset, name, value):
        if value == MINE:
            return queryset.filter(assigned_to=self.request.user)
        if value == UNASSIGNED:
            return queryset.filter(assigned_to__isnull=True)
        return queryset

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        status = data.get("status") or ""
        statuses = STATUS_SETS.get(status, (status,))
        if data.get("terlambat") and status in ("", OPEN):
            # Overdue open complaints include the answered ones past their closing due date:
            # closing them is the team's work too (workflow.TIMED), as the staff home counts.
            statuses = workflow.TIMED
        queryset = queryset.filter(status__in=statuses)
        queryset = super().filter_queryset(queryset)
        return queryset.order_by(*ORDERINGS.get(data.get("urut") or "", ORDERINGS["batas"]), "pk")
