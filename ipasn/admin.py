"""The IP-ASN report (seed 003) in /admin/, each provider's to its administrators (a superuser
sees every provider's).

The scoring tables (ScoringDimension, ScoreRule, IndexCategory) are the provider's data: its
Administrator edits the entries of its own services here (not adds or removes them: the
dimensions, indicators and categories are the regulation's), each edit recorded with what
changed (ipasn.services.scoring, and the admin's LogEntry). Every entry cites its source and
says whether that source was confirmed against the regulation's text; while any entry is not,
the list and change pages say so at the top (how many, and what it means for the index), each
unconfirmed row is flagged, and the change page shows the entry's note above its fields.

The reports and their recap entries, routings, returns and the agency-wide laporan are workflow
records, changed only by ipasn.services on the service's own pages: the admin only shows them
(no add, change or delete). Private files (letters, recaps, proofs, laporan) are not shown
here: they open only through the permission-checked views."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from casework.admin import ProviderScopedAdmin, ReadOnlyScopedAdmin
from ipasn.models import (
    AgencySummary,
    IndexCategory,
    Pause,
    RecapEntry,
    Report,
    Routing,
    ScoreRule,
    ScoringDimension,
)
from ipasn.services.scoring import scoring_entry_save
from portal.admin import EventAdmin, admin_provider_ids

# A report's and a scoring entry's events are their service's provider's.
EventAdmin.scope_subject(Report, provider_path="service__provider")
EventAdmin.scope_subject(ScoringDimension, provider_path="service__provider")
EventAdmin.scope_subject(ScoreRule, provider_path="dimension__service__provider")
EventAdmin.scope_subject(IndexCategory, provider_path="service__provider")

UNCONFIRMED_BANNER = _(
    "Sebagian entri tabel nilai IP-ASN belum terkonfirmasi: isinya belum dapat dicocokkan "
    "dengan teks Peraturan BKN Nomor 8 Tahun 2019 atau PermenPANRB Nomor 38 Tahun 2018 dan "
    "diambil dari bahan sekunder (lihat catatan tiap entri). Nilai IP-ASN yang dihitung dengan "
    "entri ini bersifat sementara. Cocokkan entri dengan teks resmi peraturan, perbarui "
    "sumbernya, lalu centang 'sumber terkonfirmasi'."
)
UNCONFIRMED_FLAG = _("Belum terkonfirmasi")
# ipasn.constants.PerformanceRating: the portal's own reading of today's predicates.
PERFORMANCE_READING = _(
    "Predikat kinerja PermenPANRB 6/2022 (Sangat Baik, Baik, Butuh Perbaikan, Kurang, Sangat "
    "Kurang) dibaca portal ini sebagai lima predikat yang dinilai Peraturan BKN 8/2019 (Sangat "
    "Baik, Baik, Cukup, Kurang, Buruk), dengan urutan yang sama: itu bacaan portal, bukan teks "
    "peraturan."
)

SCORING_MODELS = (
    (ScoringDimension, "service__provider"),
    (ScoreRule, "dimension__service__provider"),
    (IndexCategory, "service__provider"),
)


class ConfirmedFilter(admin.SimpleListFilter):
    title = _("konfirmasi sumber")
    parameter_name = "konfirmasi"

    def lookups(self, request, model_admin):
        return [("belum", UNCONFIRMED_FLAG), ("sudah", _("Terkonfirmasi"))]

    def queryset(self, request, queryset):
        if self.value() == "belum":
            return queryset.filter(confirmed=False)
        if self.value() == "sudah":
            return queryset.filter(confirmed=True)
        return queryset


def unconfirmed_counts(request) -> tuple[int, int]:
    """(unconfirmed, all) scoring entries of the services the user administers, over the three
    tables (three queries)."""
    managed = admin_provider_ids(request)
    unconfirmed = total = 0
    for model, path in SCORING_MODELS:
        rows = model.objects.all()
        if managed is not None:
            rows = rows.filter(**{f"{path}__in": managed})
        total += rows.count()
        unconfirmed += rows.filter(confirmed=False).count()
    return unconfirmed, total


class ScoringEntryAdmin(ProviderScopedAdmin):
    """An entry of the scoring tables: edited by the provider's Administrator, never added or
    removed here; the unconfirmed ones flagged."""

    change_list_template = "admin/ipasn/scoring_change_list.html"
    change_form_template = "admin/ipasn/scoring_change_form.html"
    list_filter = [ConfirmedFilter]
    search_fields = ["source", "note"]
    extra_notes: tuple = ()

    @admin.display(description=UNCONFIRMED_FLAG, ordering="confirmed")
    def unconfirmed_flag(self, obj):
        if obj.confirmed:
            return "—"
        return format_html('<strong class="errornote-inline">{}</strong>', UNCONFIRMED_FLAG)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # obj, when given, came from get_queryset: already one of the user's providers.
        opts = self.model._meta
        return self._may_see(request) and (
            request.user.is_superuser
            or request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        )

    def save_model(self, request, obj, form, change):
        # PermissionDenied (a 403) when the entry is not of a provider the user administers.
        scoring_entry_save(entry=obj, actor=request.user)

    def _banner_context(self, request) -> dict:
        unconfirmed, total = unconfirmed_counts(request)
        rows = self.get_queryset(request)
        here_total = rows.count()
        here = rows.filter(confirmed=False).count()
        return {
            "unconfirmed_banner": UNCONFIRMED_BANNER if unconfirmed else "",
            "unconfirmed_count": (
                ngettext(
                    "Sumber belum terkonfirmasi: %(here)d dari %(here_total)d entri pada tabel "
                    "ini (%(all)d dari %(total)d entri seluruh tabel nilai IP-ASN).",
                    "Sumber belum terkonfirmasi: %(here)d dari %(here_total)d entri pada tabel "
                    "ini (%(all)d dari %(total)d entri seluruh tabel nilai IP-ASN).",
                    here,
                )
                % {"here": here, "here_total": here_total, "all": unconfirmed, "total": total}
                if unconfirmed
                else ""
            ),
            "extra_notes": [str(note) for note in self.extra_notes],
        }

    def changelist_view(self, request, extra_context=None):
        context = {**self._banner_context(request), **(extra_context or {})}
        return super().changelist_view(request, extra_context=context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        context = {**self._banner_context(request), **(extra_context or {})}
        if object_id is not None:
            entry = self.get_object(request, object_id)
            if entry is not None:
                context["entry_unconfirmed"] = not entry.confirmed
                context["entry_note"] = entry.note
                context["entry_source"] = entry.source
        return super().changeform_view(request, object_id, form_url, extra_context=context)


@admin.register(ScoringDimension)
class ScoringDimensionAdmin(ScoringEntryAdmin):
    list_display = ["code", "unconfirmed_flag", "weight", "service", "confirmed", "source"]
    list_select_related = ["service"]
    fields = ["service", "code", "order", "weight", "source", "confirmed", "note"]
    readonly_fields = ["service", "code"]


@admin.register(ScoreRule)
class ScoreRuleAdmin(ScoringEntryAdmin):
    provider_path = "dimension__service__provider"
    list_display = [
        "label",
        "unconfirmed_flag",
        "dimension",
        "indicator",
        "points",
        "confirmed",
        "source",
    ]
    list_select_related = ["dimension__service"]
    list_filter = [ConfirmedFilter, "dimension__code", "indicator"]
    search_fields = ["label", "indicator", "source", "note"]
    fields = [
        "dimension",
        ("indicator", "key"),
        "label",
        "points",
        ("min_hours", "within_years"),
        "position_kinds",
        "order",
        "source",
        "confirmed",
        "note",
    ]
    readonly_fields = ["dimension", "indicator", "key"]
    extra_notes = (PERFORMANCE_READING,)


@admin.register(IndexCategory)
class IndexCategoryAdmin(ScoringEntryAdmin):
    list_display = ["code", "unconfirmed_flag", "lower", "upper", "service", "confirmed", "source"]
    list_select_related = ["service"]
    fields = ["service", "code", ("lower", "upper"), "source", "confirmed", "note"]
    readonly_fields = ["service", "code"]


# --- Workflow records: shown only --------------------------------------------------------------


@admin.register(Report)
class ReportAdmin(ReadOnlyScopedAdmin):
    list_display = ["reference", "institution", "year", "state", "submitted_at", "closed_at"]
    list_filter = ["state", "year"]
    list_select_related = ["institution", "service"]
    search_fields = ["reference", "institution__name"]
    fields = [
        "public_id",
        "reference",
        "service",
        "institution",
        "operator",
        "year",
        "state",
        "step",
        "created_at",
        "recap_uploaded_at",
        "submitted_at",
        "closed_at",
        "bkn_uploaded_on",
        "bkn_note",
        "result_signed_at",
        "result_signed_by",
    ]
    readonly_fields = fields


@admin.register(RecapEntry)
class RecapEntryAdmin(ReadOnlyScopedAdmin):
    """An employee on an accepted recap, with the index computed from it."""

    provider_path = "report__service__provider"
    list_display = ["nip", "name", "report", "index", "category"]
    list_filter = ["category"]
    list_select_related = ["report__institution"]
    search_fields = ["nip", "name", "report__reference"]
    fields = [
        "report",
        "row",
        "nip",
        "name",
        "education",
        "position_kind",
        "position_title",
        "performance",
        "discipline",
        "qualification_score",
        "competence_score",
        "performance_score",
        "discipline_score",
        "index",
        "category",
        "missing",
    ]
    readonly_fields = fields


@admin.register(Routing)
class RoutingAdmin(ReadOnlyScopedAdmin):
    provider_path = "report__service__provider"
    list_display = ["report", "step", "started_at", "finished_at", "actor"]
    list_select_related = ["report__institution", "step", "actor"]
    search_fields = ["report__reference", "report__institution__name"]
    fields = ["report", "step", "started_at", "finished_at", "actor", "note"]
    readonly_fields = fields


@admin.register(Pause)
class PauseAdmin(ReadOnlyScopedAdmin):
    provider_path = "report__service__provider"
    list_display = ["report", "started_at", "ended_at", "returned_by"]
    list_select_related = ["report__institution", "returned_by"]
    search_fields = ["report__reference", "report__institution__name"]
    fields = ["report", "started_at", "ended_at", "reasons", "returned_by"]
    readonly_fields = fields


@admin.register(AgencySummary)
class AgencySummaryAdmin(ReadOnlyScopedAdmin):
    list_display = ["service", "year", "report_count", "employee_count", "created_at"]
    list_filter = ["year"]
    list_select_related = ["service"]
    fields = ["service", "year", "report_count", "employee_count", "created_by", "created_at"]
    readonly_fields = fields
