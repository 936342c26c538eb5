"""The open data sets ("data terbuka") of each provider: its complaint figures per service and
period, and its IKM per service and semester, as tables with a published schema.

Guarantees:
- Exactly the figures the public pages publish, split by service: the complaint figures are
  complaints.reports' public figures (confidential complaints are one row of their own, counted
  in the totals and the timeliness only, never under a service, kind, channel or status, as on
  the public report), the IKM is survey.selectors' (with the "belum representatif" mark below
  the provider's minimum sample). No name, tracking code, subject or free text: rows are built
  from aggregates only.
- A provider's tables hold only the complaints brought to it and the answers about its services.
- Each table's columns are declared once (Field); the Frictionless Table Schema, the JSON Schema
  of the JSON document and the CSV header are all read from that declaration.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from complaints.constants import Channel, ComplaintKind, ComplaintStatus
from complaints.reports import (
    CONFIDENTIAL,
    PUBLIC_REPORT_GENERATION_KEY,
    Period,
    complaint_first_year,
    complaint_reports_by_service,
    month_period,
    semester_period,
    year_period,
)
from portal.kept import generation_drop, kept
from portal.models import Provider, Service
from survey.constants import IkmMethod
from survey.ikm import ELEMENTS, Semester, element_label
from survey.selectors import survey_results

COMPLAINTS, IKM = "pengaduan", "ikm"
DATASETS = (COMPLAINTS, IKM)

# Kept rows live while their generation does (complaints drop theirs on every save; the survey's
# is dropped by opendata.apps), and at most this long.
KEPT_SECONDS = 5 * 60
IKM_GENERATION_KEY = "opendata:ikm-generation"

# The licence every data set is published under: the portal's choice, no source document's,
# so it is marked as set by the portal wherever it is shown (LICENCE_SET_BY).
LICENCE_SET_BY = "portal"
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}

# What a row of the complaint table is about.
ROW_SERVICE, ROW_NO_SERVICE, ROW_CONFIDENTIAL = "layanan", "tanpa_layanan", "rahasia"


def ikm_drop(**_kwargs) -> None:
    generation_drop(IKM_GENERATION_KEY)


@dataclass(frozen=True)
class Field:
    """A column: its name (the CSV header and the JSON key, never translated), type (Table
    Schema: string, integer, number, boolean), title and whether it may be empty."""

    name: str
    type: str
    title: str
    description: str = ""
    required: bool = True
    enum: tuple[str, ...] | None = None
    minimum: int | None = None
    maximum: int | None = None


def _count(name: str, title, *, required: bool = True) -> Field:
    return Field(name, "integer", str(title), required=required, minimum=0)


def complaint_fields() -> list[Field]:
    fields = [
        Field("periode", "string", str(_("Kode periode")), _period_note()),
        Field("penyelenggara", "string", str(_("Kode penyelenggara"))),
        Field(
            "kelompok",
            "string",
            str(_("Kelompok baris")),
            str(
                _(
                    "layanan: pengaduan tentang satu layanan; tanpa_layanan: tentang tidak ada "
                    "layanan tertentu; rahasia: laporan yang diminta pelapor untuk dirahasiakan, "
                    "hanya dihitung dalam jumlah dan ketepatan waktu."
                )
            ),
            enum=(ROW_SERVICE, ROW_NO_SERVICE, ROW_CONFIDENTIAL),
        ),
        Field("layanan", "string", str(_("Kode layanan")), required=False),
        Field("nama_layanan", "string", str(_("Nama layanan")), required=False),
        _count("diterima", _("Pengaduan diterima")),
        Field(
            "ditangani_berkelompok",
            "integer",
            str(_("Pengaduan yang ditangani berkelompok")),
            str(
                _(
                    "Pengaduan tentang sesi uji, sertifikat, asesor, atau persyaratan dokumen "
                    "yang sama ditangani bersama dalam satu kelompok."
                )
            ),
            minimum=0,
        ),
        _count("kelompok_pengaduan", _("Kelompok pengaduan")),
        _count("tepat_waktu", _("Ditangani tepat waktu")),
        _count("melewati_batas_waktu", _("Ditangani melewati batas waktu")),
        _count("belum_jatuh_tempo", _("Belum jatuh tempo")),
        Field(
            "persen_tepat_waktu",
            "number",
            str(_("Persentase tepat waktu (%)")),
            required=False,
            minimum=0,
            maximum=100,
        ),
        Field(
            "median_hari_kerja_jawaban_pertama",
            "number",
            str(_("Median hari kerja sampai jawaban pertama")),
            required=False,
            minimum=0,
        ),
        Field(
            "median_hari_kerja_selesai",
            "number",
            str(_("Median hari kerja sampai selesai")),
            required=False,
            minimum=0,
        ),
    ]
    for prefix, title, choices in _breakdowns():
        fields += [
            _count(f"{prefix}_{value}", f"{title}: {label}", required=False)
            for value, label in choices
        ]
    return fields


def _breakdowns():
    return (
        ("jenis", _("Jenis"), ComplaintKind.choices),
        ("saluran", _("Saluran"), Channel.choices),
        ("status", _("Status saat ini"), ComplaintStatus.choices),
    )


def _period_note() -> str:
    return str(_("TTTT (tahun), TTTT-BB (bulan) atau TTTT-S1 / TTTT-S2 (semester)."))


def ikm_fields() -> list[Field]:
    grades = ("A", "B", "C", "D")
    fields = [
        Field("periode", "string", str(_("Kode semester")), "TTTT-S1 / TTTT-S2"),
        Field("penyelenggara", "string", str(_("Kode penyelenggara"))),
        Field("layanan", "string", str(_("Kode layanan"))),
        Field("nama_layanan", "string", str(_("Nama layanan"))),
        _count("responden", _("Responden")),
        _count("sampel_minimum", _("Sampel minimum")),
        Field("representatif", "boolean", str(_("Sampel mencapai sampel minimum"))),
    ]
    for number, code in enumerate(ELEMENTS, start=1):
        label = f"U{number} {element_label(code)}"
        fields.append(
            Field(f"{code}_nrr", "number", f"{label} (NRR)", minimum=1, maximum=4),
        )
    for number, code in enumerate(ELEMENTS, start=1):
        label = f"U{number} {element_label(code)}"
        fields.append(
            Field(f"{code}_nilai", "number", f"{label} (nilai)", minimum=25, maximum=100),
        )
    for method, label in IkmMethod.choices:
        fields += [
            Field(f"ikm_{method}", "number", f"IKM ({label})", minimum=0, maximum=100),
            Field(f"mutu_{method}", "string", f"{_('Mutu pelayanan')} ({label})", enum=grades),
        ]
    fields += [
        Field(
            "metode_resmi",
            "string",
            str(_("Metode IKM resmi penyelenggara")),
            enum=tuple(IkmMethod.values),
        ),
        Field("ikm", "number", str(_("IKM resmi")), minimum=0, maximum=100),
        Field("mutu", "string", str(_("Mutu pelayanan (resmi)")), enum=grades),
        Field("kinerja", "string", str(_("Kinerja unit pelayanan (resmi)"))),
    ]
    return fields


def dataset_fields(dataset: str) -> list[Field]:
    return complaint_fields() if dataset == COMPLAINTS else ikm_fields()


def dataset_title(dataset: str) -> str:
    if dataset == COMPLAINTS:
        return str(_("Angka pengaduan per layanan"))
    return str(_("Indeks Kepuasan Masyarakat (IKM) per layanan"))


# --- Schemas ----------------------------------------------------------------------------------


def table_schema(dataset: str) -> dict:
    """The Frictionless Table Schema (v1) of the data set's CSV."""
    fields = []
    for field in dataset_fields(dataset):
        entry = {"name": field.name, "type": field.type, "title": field.title}
        if field.description:
            entry["description"] = str(field.description)
        constraints = {}
        if field.required:
            constraints["required"] = True
        if field.enum is not None:
            constraints["enum"] = list(field.enum)
        if field.minimum is not None:
            constraints["minimum"] = field.minimum
        if field.maximum is not None:
            constraints["maximum"] = field.maximum
        if constraints:
            entry["constraints"] = constraints
        fields.append(entry)
    return {
        "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
        "title": dataset_title(dataset),
        "fields": fields,
        "missingValues": [""],
        "primaryKey": ["periode", "penyelenggara", "kelompok", "layanan"]
        if dataset == COMPLAINTS
        else ["periode", "penyelenggara", "layanan"],
    }


_JSON_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}


def json_schema(dataset: str, *, schema_id: str = "") -> dict:
    """The JSON Schema (2020-12) of the data set's JSON document: metadata and data rows."""
    properties, required = {}, []
    for field in dataset_fields(dataset):
        prop: dict = {"title": field.title}
        kind = _JSON_TYPES[field.type]
        prop["type"] = kind if field.required else [kind, "null"]
        if field.enum is not None:
            prop["enum"] = list(field.enum) + ([] if field.required else [None])
        if field.minimum is not None:
            prop["minimum"] = field.minimum
        if field.maximum is not None:
            prop["maximum"] = field.maximum
        properties[field.name] = prop
        required.append(field.name)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": dataset_title(dataset),
        "type": "object",
        "required": ["metadata", "data"],
        "additionalProperties": False,
        "properties": {
            "metadata": {
                "type": "object",
                "required": [
                    "judul",
                    "dataset",
                    "penyelenggara",
                    "periode",
                    "sementara",
                    "dibuat",
                    "lisensi",
                    "skema",
                ],
                "properties": {
                    "judul": {"type": "string"},
                    "dataset": {"const": dataset},
                    "penyelenggara": {
                        "type": "object",
                        "required": ["kode", "nama"],
                        "properties": {"kode": {"type": "string"}, "nama": {"type": "string"}},
                        "additionalProperties": False,
                    },
                    "periode": {
                        "type": "object",
                        "required": ["kode", "nama", "mulai", "selesai"],
                        "properties": {
                            "kode": {"type": "string"},
                            "nama": {"type": "string"},
                            "mulai": {"type": "string", "format": "date"},
                            "selesai": {"type": "string", "format": "date"},
                        },
                        "additionalProperties": False,
                    },
                    "sementara": {"type": "boolean"},
                    "dibuat": {"type": "string", "format": "date-time"},
                    "lisensi": {
                        "type": "object",
                        "required": ["name", "title", "path"],
                        "properties": {
                            "name": {"type": "string"},
                            "title": {"type": "string"},
                            "path": {"type": "string"},
                            "ditetapkan_oleh": {
                                "type": "string",
                                "enum": [LICENCE_SET_BY],
                                "description": "Lisensi ini ditetapkan oleh portal, bukan "
                                "berasal dari dokumen sumber.",
                            },
                        },
                    },
                    "skema": {"type": "string"},
                    "skema_tabel": {"type": "string"},
                    "csv": {"type": "string"},
                    "catatan": {"type": "string"},
                },
                "additionalProperties": False,
            },
            "data": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": required,
                    "properties": properties,
                    "additionalProperties": False,
                },
            },
        },
    }
    if schema_id:
        schema["$id"] = schema_id
    return schema


# --- Periods ----------------------------------------------------------------------------------


def period_parse(dataset: str, key: str, *, today: date) -> Period | None:
    """The period a URL names ("2026", "2026-03", "2026-S1"; the IKM only by semester), None
    for a malformed key, a period not begun by `today`, or one before the year 2000."""
    year_text, _sep, part = key.partition("-")
    if len(year_text) != 4 or not year_text.isdigit() or not year_text.isascii():
        return None
    year = int(year_text)
    if year < 2000:
        return None
    if dataset == IKM and not part.startswith("S"):
        return None
    if not _sep:
        period = year_period(year)
    elif part in ("S1", "S2"):
        period = semester_period(year, int(part[1]))
    elif len(part) == 2 and part.isdigit() and part.isascii() and 1 <= int(part) <= 12:
        period = month_period(year, int(part))
    else:
        return None
    return period if period.start <= today else None


def first_year(*, today: date) -> int:
    """The first year the index offers: the first complaint's (the portal's first year of
    figures), or this year."""
    return kept(
        "opendata:first-year",
        lambda: min(complaint_first_year() or today.year, today.year),
        generation_key=PUBLIC_REPORT_GENERATION_KEY,
        timeout=KEPT_SECONDS,
    )


def index_periods(dataset: str, *, today: date) -> list[tuple[str, list[Period]]]:
    """The periods the provider's page lists, newest first, by kind."""
    years = range(today.year, first_year(today=today) - 1, -1)
    semesters = [
        semester_period(year, half)
        for year in years
        for half in (2, 1)
        if date(year, 1 if half == 1 else 7, 1) <= today
    ]
    if dataset == IKM:
        return [(str(_("Semester")), semesters)]
    months = [
        month_period(year, month)
        for year in years
        for month in range(12, 0, -1)
        if date(year, month, 1) <= today
    ]
    return [
        (str(_("Tahun")), [year_period(year) for year in years]),
        (str(_("Semester")), semesters),
        (str(_("Bulan")), months),
    ]


# --- Rows -------------------------------------------------------------------------------------


def _percent(value) -> float | None:
    return None if value is None else float(value)


def complaint_rows(*, provider: Provider, period: Period, today: date) -> list[dict]:
    """One row per service of the provider (every service of its catalogue, zeros included,
    and any other its complaints named), then the complaints about no service and the
    confidential ones when there are any. Five queries, kept while no complaint changes."""

    def build() -> list[dict]:
        reports = complaint_reports_by_service(
            start=period.start, end=period.end, provider=provider, public=True, today=today
        )
        services = list(
            Service.objects.filter(provider=provider)
            .order_by("name", "slug")
            .values_list("pk", "slug", "name")
        )
        known = {pk for pk, _slug, _name in services}
        # A complaint brought to this provider about another's service: listed under its name.
        others = [key for key in reports if isinstance(key, int) and key not in known]
        other_slugs = dict(
            Service.objects.filter(pk__in=others).values_list("pk", "slug") if others else []
        )
        parts = [(pk, slug, name) for pk, slug, name in services]
        parts += [
            (pk, other_slugs.get(pk, ""), reports[pk].by_service[0][0])
            for pk in sorted(others, key=lambda pk: reports[pk].by_service[0][0])
        ]
        rows = [
            _complaint_row(provider, period, ROW_SERVICE, slug, name, reports.get(pk))
            for pk, slug, name in parts
        ]
        if None in reports:
            name = str(_("Tanpa layanan tertentu"))
            rows.append(_complaint_row(provider, period, ROW_NO_SERVICE, None, name, reports[None]))
        if CONFIDENTIAL in reports:
            rows.append(
                _complaint_row(
                    provider, period, ROW_CONFIDENTIAL, None, None, reports[CONFIDENTIAL]
                )
            )
        return rows

    return kept(
        f"opendata:complaints:{provider.pk}:{period.key}:{today}:{_language()}",
        build,
        generation_key=PUBLIC_REPORT_GENERATION_KEY,
        timeout=min(KEPT_SECONDS, settings.PORTAL_PROVIDER_CACHE_SECONDS),
    )


def _complaint_row(provider, period, group, slug, name, report) -> dict:
    row = {
        "periode": period.key,
        "penyelenggara": provider.slug,
        "kelompok": group,
        "layanan": slug,
        "nama_layanan": name,
        "diterima": report.total if report else 0,
        "ditangani_berkelompok": report.clustered if report else 0,
        "kelompok_pengaduan": report.clusters if report else 0,
        "tepat_waktu": report.on_time if report else 0,
        "melewati_batas_waktu": report.late if report else 0,
        "belum_jatuh_tempo": report.pending if report else 0,
        "persen_tepat_waktu": _percent(report.on_time_percent) if report else None,
        "median_hari_kerja_jawaban_pertama": report.median_days_to_first_answer if report else None,
        "median_hari_kerja_selesai": report.median_days_to_closure if report else None,
    }
    confidential = group == ROW_CONFIDENTIAL
    # The breakdowns' rows come in their choices' order (complaints.reports._breakdown).
    breakdowns = (report.by_kind, report.by_channel, report.by_status) if report else ([], [], [])
    for (prefix, _title, choices), counted in zip(_breakdowns(), breakdowns, strict=True):
        for index, (value, _label) in enumerate(choices):
            if confidential:
                row[f"{prefix}_{value}"] = None
            else:
                row[f"{prefix}_{value}"] = counted[index][1] if counted else 0
    return row


def ikm_rows(*, provider: Provider, period: Period) -> list[dict]:
    """One row per service of the provider with answers in the semester, by service name, as
    the survey results publish it. Two queries, kept while no answer changes."""
    semester = Semester(period.start.year, 1 if period.start.month == 1 else 2)

    def build() -> list[dict]:
        results = [
            result for result in survey_results(provider=provider) if result.semester == semester
        ]
        return [_ikm_row(provider, period, result) for result in results]

    return kept(
        f"opendata:ikm:{provider.pk}:{period.key}:{_language()}",
        build,
        generation_key=IKM_GENERATION_KEY,
        timeout=min(KEPT_SECONDS, settings.PORTAL_PROVIDER_CACHE_SECONDS),
    )


def _ikm_row(provider, period, result) -> dict:
    report = result.ikm
    row = {
        "periode": period.key,
        "penyelenggara": provider.slug,
        "layanan": result.service_slug,
        "nama_layanan": result.service_name,
        "responden": report.respondents,
        "sampel_minimum": report.minimum_sample,
        "representatif": report.representative,
    }
    for element in report.elements:
        row[f"{element.code}_nrr"] = float(element.nrr)
    for element in report.elements:
        row[f"{element.code}_nilai"] = float(element.score)
    for figure in report.figures:
        row[f"ikm_{figure.method}"] = float(figure.value)
        row[f"mutu_{figure.method}"] = figure.grade.letter
    row["metode_resmi"] = report.official_method
    row["ikm"] = float(report.value)
    row["mutu"] = report.grade.letter
    row["kinerja"] = str(report.grade.label)
    return row


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def provisional(period: Period, *, today: date) -> bool:
    """The period has not ended: its figures may still change."""
    return period.end >= today


def generated_at():
    return timezone.now()
