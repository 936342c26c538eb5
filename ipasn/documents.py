"""The Laporan Data IP-ASN as documents: one Perangkat Daerah's (a Report) or the whole agency's
for a year (an AgencySummary), built once as plain values (`Laporan`) and written as XLSX
(openpyxl: sheets "Pegawai", "Distribusi", "Data belum lengkap", plus "Perangkat Daerah" for the
agency and "Keterangan") or as PDF (WeasyPrint, templates/ipasn/pdf/laporan.html: tables only, no
flexbox, local fonts, nothing fetched). Signing is ipasn.services.laporan's and
ipasn.services.agency's.

Reads run a fixed number of queries whatever the number of employees: the entries of every
report in one query, the scoring tables' sources in two.

No cell of the XLSX is a formula: names, positions and the Perangkat Daerah's name come from a
spreadsheet someone filled in; every text goes through portal.exports.cell_neutralise and is
stored as text (a NIP too: eighteen digits are not a number)."""

import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ipasn.constants import Dimension, IndexCategoryCode, PositionKind
from ipasn.models import IndexCategory, RecapEntry, Report, Routing, ScoringDimension
from portal.constants import OfficialDuty, Role, StepKind
from portal.exports import cell_neutralise
from portal.models import ProviderOfficial
from portal.pdf import render_pdf

TITLE = "Laporan Data IP-ASN"
CENT = Decimal("0.01")
TENTH = Decimal("0.1")
# The regulations the index follows (PermenPANRB 38/2018's dimensions and weights, Peraturan
# BKN 8/2019's instrument), as the laporan cites them.
SOURCES = (
    "Peraturan Menteri PANRB Nomor 38 Tahun 2018 tentang Pengukuran Indeks Profesionalitas "
    "Aparatur Sipil Negara",
    "Peraturan Badan Kepegawaian Negara Nomor 8 Tahun 2019 tentang Pedoman Tata Cara dan "
    "Pelaksanaan Pengukuran Indeks Profesionalitas Aparatur Sipil Negara",
)
UNCONFIRMED_MARK = "*"
DIMENSION_ORDER = (
    Dimension.QUALIFICATION,
    Dimension.COMPETENCE,
    Dimension.PERFORMANCE,
    Dimension.DISCIPLINE,
)


@dataclass(frozen=True)
class EmployeeRow:
    number: int
    nip: str
    name: str
    position: str
    scores: tuple[Decimal, Decimal, Decimal, Decimal]  # in DIMENSION_ORDER
    index: Decimal
    category: str  # the category's label, "" when none holds the index
    missing: str  # what the recap left out, "" when complete
    institution: str = ""  # the agency's laporan only
    report_id: int = 0
    category_code: str = ""


@dataclass(frozen=True)
class DistributionRow:
    code: str  # ipasn.constants.IndexCategoryCode, "" for the employees without a category
    label: str
    bounds: str  # "91-100", "" for the employees without a category
    count: int
    percent: Decimal
    marked: bool = False  # its bounds' source is not confirmed


@dataclass(frozen=True)
class InstitutionRow:
    """One Perangkat Daerah on the agency's laporan."""

    number: int
    name: str
    reference: str
    employees: int
    average: Decimal | None
    counts: tuple[int, ...]  # per category, in the distribution's order
    incomplete: int


@dataclass(frozen=True)
class ColumnHead:
    """A dimension's column: its name and weight, marked when its source is not confirmed."""

    label: str
    weight: Decimal
    marked: bool

    def __str__(self) -> str:
        return f"{self.label}{UNCONFIRMED_MARK if self.marked else ''}"


@dataclass
class Laporan:
    """Everything either document shows, as plain values."""

    scope: str  # the Perangkat Daerah's name, or "Seluruh Perangkat Daerah"
    year: int
    issuer: str
    issuer_address: str
    issuer_contacts: str
    issued_place: str
    facts: list[tuple[str, str]]
    dimensions: list[ColumnHead]
    employees: list[EmployeeRow]
    distribution: list[DistributionRow]
    total: int
    average: Decimal | None
    incomplete: list[EmployeeRow]
    unconfirmed: list[str]  # the sources not confirmed, as "what: source"
    institutions: list[InstitutionRow] = field(default_factory=list)
    category_labels: list[str] = field(default_factory=list)
    signer_name: str = ""
    signer_title: str = ""
    signed_on: date | None = None

    @property
    def agency(self) -> bool:
        return bool(self.institutions)


# --- reading ----------------------------------------------------------------------------------


def _day(moment) -> str:
    if moment is None:
        return "-"
    if isinstance(moment, datetime):
        moment = timezone.localdate(moment)
    return date_format(moment, "j F Y")


def _position(entry: dict) -> str:
    if entry["position_title"]:
        return entry["position_title"]
    kind = entry["position_kind"]
    return str(PositionKind(kind).label) if kind in PositionKind.values else kind


def _average(values: Sequence[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


def _bounds(lower: Decimal, upper: Decimal) -> str:
    # The tables write whole-number ranges with a fraction below the next bound (90.99): the
    # laporan prints them as the regulation does (81-90).
    return f"{int(lower)}-{int(upper)}"


def _scoring_notes(service) -> tuple[list[ColumnHead], list, list[str]]:
    """The dimensions as column heads, the categories, and the unconfirmed sources (two
    queries)."""
    dimensions = list(
        ScoringDimension.objects.filter(service=service)
        .annotate(unconfirmed_rules=Count("rules", filter=Q(rules__confirmed=False)))
        .order_by("order")
    )
    categories = list(IndexCategory.objects.filter(service=service).order_by("-lower"))
    by_code = {row.code: row for row in dimensions}
    heads = []
    unconfirmed = []
    for code in DIMENSION_ORDER:
        row = by_code.get(code)
        if row is None:
            heads.append(ColumnHead(str(Dimension(code).label), Decimal(0), False))
            continue
        marked = not row.confirmed or row.unconfirmed_rules > 0
        heads.append(ColumnHead(row.get_code_display(), row.weight, marked))
        if not row.confirmed:
            unconfirmed.append(
                _("Bobot dimensi %(dimension)s: %(source)s")
                % {"dimension": row.get_code_display(), "source": row.source}
            )
        if row.unconfirmed_rules:
            unconfirmed.append(
                _("%(n)d entri tabel nilai dimensi %(dimension)s")
                % {"n": row.unconfirmed_rules, "dimension": row.get_code_display()}
            )
    unconfirmed_categories = [row for row in categories if not row.confirmed]
    if unconfirmed_categories:
        unconfirmed.append(
            _("Batas kategori %(categories)s: %(source)s")
            % {
                "categories": ", ".join(row.get_code_display() for row in unconfirmed_categories),
                "source": unconfirmed_categories[0].source,
            }
        )
    return heads, categories, unconfirmed


def _entries(report_ids: Iterable[int]):
    return (
        RecapEntry.objects.filter(report_id__in=list(report_ids))
        .order_by("report_id", "row", "pk")
        .values(
            "report_id",
            "nip",
            "name",
            "position_title",
            "position_kind",
            "qualification_score",
            "competence_score",
            "performance_score",
            "discipline_score",
            "index",
            "category",
            "missing",
        )
    )


def _rows(entries, names: dict[int, str] | None = None) -> list[EmployeeRow]:
    labels = dict(IndexCategoryCode.choices)
    return [
        EmployeeRow(
            number=number,
            nip=entry["nip"],
            name=entry["name"],
            position=_position(entry),
            scores=(
                entry["qualification_score"],
                entry["competence_score"],
                entry["performance_score"],
                entry["discipline_score"],
            ),
            index=entry["index"],
            category=str(labels.get(entry["category"], "")),
            missing=", ".join(entry["missing"] or ()),
            institution=(names or {}).get(entry["report_id"], ""),
            report_id=entry["report_id"],
            category_code=entry["category"],
        )
        for number, entry in enumerate(entries, start=1)
    ]


def _distribution(rows: list[EmployeeRow], categories) -> list[DistributionRow]:
    counts = Counter(row.category_code for row in rows)
    total = len(rows)

    def percent(count: int) -> Decimal:
        if not total:
            return Decimal("0.0")
        return (Decimal(count * 100) / total).quantize(TENTH, rounding=ROUND_HALF_UP)

    result = [
        DistributionRow(
            code=row.code,
            label=row.get_code_display(),
            bounds=_bounds(row.lower, row.upper),
            count=counts[row.code],
            percent=percent(counts[row.code]),
            marked=not row.confirmed,
        )
        for row in categories
    ]
    if counts[""]:
        result.append(
            DistributionRow(
                code="",
                label=_("Tanpa kategori"),
                bounds="",
                count=counts[""],
                percent=percent(counts[""]),
            )
        )
    return result


def _letterhead(provider) -> dict:
    contacts = [part for part in (provider.telephone, provider.email, provider.website) if part]
    return {
        "issuer": provider.issuer,
        "issuer_address": provider.address,
        "issuer_contacts": " · ".join(contacts),
        "issued_place": provider.issue_place,
    }


def signer_title(*, provider, actor, roles: Sequence[Role], service) -> str:
    """The title under the signature: the signing office the signer holds at the provider,
    else the first of `roles` they hold for the service, with the provider's name."""
    from portal.roles import holds_role_for_service

    office = (
        ProviderOfficial.objects.filter(provider=provider, duty=OfficialDuty.SIGNING, user=actor)
        .values_list("title", flat=True)
        .first()
    )
    if office:
        return office
    with translation.override(settings.LANGUAGE_CODE):
        for role in roles:
            if holds_role_for_service(actor, role, service):
                return f"{role.label} {provider.name}"
        return _("Pejabat yang berwenang")


def report_laporan(report: Report) -> Laporan:
    """One Perangkat Daerah's laporan (the report with service__provider and institution
    loaded): five queries whatever its size. In the portal's language, whoever asks."""
    with translation.override(settings.LANGUAGE_CODE):
        return _report_laporan(report)


def _report_laporan(report: Report) -> Laporan:
    heads, categories, unconfirmed = _scoring_notes(report.service)
    rows = _rows(_entries([report.pk]))
    processed = (
        Routing.objects.filter(
            report=report, step__kind=StepKind.PROCESSING, finished_at__isnull=False
        )
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    facts = [
        (_("Perangkat Daerah"), report.institution.name),
        (_("Tahun pengukuran"), str(report.year)),
        (_("Nomor agenda"), report.reference or "-"),
        (_("Diterima BKPSDM"), _day(report.submitted_at)),
        (_("Diproses unit pengolah"), _day(processed)),
        (_("Diunggah ke aplikasi IP-ASN BKN"), _day(report.bkn_uploaded_on)),
    ]
    return Laporan(
        scope=report.institution.name,
        year=report.year,
        **_letterhead(report.service.provider),
        facts=facts,
        dimensions=heads,
        employees=rows,
        distribution=_distribution(rows, categories),
        total=len(rows),
        average=_average([row.index for row in rows]),
        incomplete=[row for row in rows if row.missing],
        unconfirmed=unconfirmed,
    )


def agency_laporan(*, service, year: int, reports: Sequence[Report]) -> Laporan:
    """The agency's laporan for `year` from the Perangkat Daerah's completed reports (with
    their institution loaded, one per Perangkat Daerah): three queries whatever their size
    (and the provider's, when the service comes without it). In the portal's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _agency_laporan(service=service, year=year, reports=reports)


def _agency_laporan(*, service, year: int, reports: Sequence[Report]) -> Laporan:
    heads, categories, unconfirmed = _scoring_notes(service)
    names = {report.pk: report.institution.name for report in reports}
    rows = _rows(_entries(names), names)
    distribution = _distribution(rows, categories)
    labels = [row.label for row in distribution]
    by_report: dict[int, list[EmployeeRow]] = {}
    for row in rows:
        by_report.setdefault(row.report_id, []).append(row)
    institutions = []
    for number, report in enumerate(reports, start=1):
        own = by_report.get(report.pk, [])
        counts = Counter(row.category_code for row in own)
        institutions.append(
            InstitutionRow(
                number=number,
                name=report.institution.name,
                reference=report.reference,
                employees=len(own),
                average=_average([row.index for row in own]),
                counts=tuple(counts[row.code] for row in distribution),
                incomplete=sum(1 for row in own if row.missing),
            )
        )
    facts = [
        (_("Cakupan"), _("Seluruh Perangkat Daerah")),
        (_("Tahun pengukuran"), str(year)),
        (_("Jumlah Perangkat Daerah"), str(len(reports))),
        (_("Jumlah pegawai"), str(len(rows))),
    ]
    return Laporan(
        scope=_("Seluruh Perangkat Daerah"),
        year=year,
        **_letterhead(service.provider),
        facts=facts,
        dimensions=heads,
        employees=rows,
        distribution=distribution,
        total=len(rows),
        average=_average([row.index for row in rows]),
        incomplete=[row for row in rows if row.missing],
        unconfirmed=unconfirmed,
        institutions=institutions,
        category_labels=labels,
    )


# --- XLSX -------------------------------------------------------------------------------------


def _text(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return cell_neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def _sheet(workbook, title: str, headers: Sequence[str], rows: Iterable[Sequence], *, first=False):
    """A sheet with a bold, frozen header row; text stored as text, numbers as numbers (two
    decimals), widths to fit."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title[:31]
    bold = Font(bold=True)
    widths = []
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column, value=_text(header))
        cell.data_type = "s"
        cell.font = bold
        widths.append(len(str(header)))
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
                cell = sheet.cell(row=number, column=column, value=value)
                if isinstance(value, Decimal):
                    cell.number_format = "0.00"
                shown = len(f"{value}")
            else:
                text = "" if value is None else _text(value)
                cell = sheet.cell(row=number, column=column, value=text)
                cell.data_type = "s"
                shown = len(text)
            widths[column - 1] = max(widths[column - 1], shown)
    sheet.freeze_panes = "A2"
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, 60)
    return sheet


def laporan_xlsx(laporan: Laporan) -> bytes:
    from openpyxl import Workbook

    agency = laporan.agency
    workbook = Workbook()
    with translation.override(settings.LANGUAGE_CODE):
        where = [_("Perangkat Daerah")] if agency else []
        _sheet(
            workbook,
            "Pegawai",
            [
                "No",
                *where,
                _("NIP"),
                _("Nama"),
                _("Jabatan"),
                *(str(head) for head in laporan.dimensions),
                _("IP-ASN"),
                _("Kategori"),
            ],
            (
                [
                    row.number,
                    *([row.institution] if agency else []),
                    row.nip,
                    row.name,
                    row.position,
                    *row.scores,
                    row.index,
                    row.category,
                ]
                for row in laporan.employees
            ),
            first=True,
        )
        distribution = [
            [
                row.label + (UNCONFIRMED_MARK if row.marked else ""),
                row.bounds,
                row.count,
                row.percent,
            ]
            for row in laporan.distribution
        ]
        distribution.append(
            [_("Jumlah"), "", laporan.total, Decimal(100) if laporan.total else Decimal(0)]
        )
        distribution.append([_("Rata-rata IP-ASN"), "", laporan.average, ""])
        sheet = _sheet(
            workbook,
            "Distribusi",
            [_("Kategori"), _("Rentang nilai"), _("Jumlah pegawai"), _("Persentase (%)")],
            distribution,
        )
        for row in sheet.iter_rows(min_row=2, min_col=4, max_col=4):
            row[0].number_format = "0.0"
        sheet.cell(row=sheet.max_row, column=3).number_format = "0.00"
        _sheet(
            workbook,
            "Data belum lengkap",
            ["No", *where, _("NIP"), _("Nama"), _("Data yang belum lengkap")],
            (
                [number, *([row.institution] if agency else []), row.nip, row.name, row.missing]
                for number, row in enumerate(laporan.incomplete, start=1)
            ),
        )
        if agency:
            _sheet(
                workbook,
                "Perangkat Daerah",
                [
                    "No",
                    _("Perangkat Daerah"),
                    _("Nomor agenda"),
                    _("Jumlah pegawai"),
                    _("Rata-rata IP-ASN"),
                    *laporan.category_labels,
                    _("Data belum lengkap"),
                ],
                (
                    [
                        row.number,
                        row.name,
                        row.reference,
                        row.employees,
                        row.average,
                        *row.counts,
                        row.incomplete,
                    ]
                    for row in laporan.institutions
                ),
            )
        notes = [[label, value] for label, value in laporan.facts]
        notes += [[_("Dasar perhitungan"), source] for source in SOURCES]
        notes += [
            [_("Sumber belum terkonfirmasi") + f" ({UNCONFIRMED_MARK})", source]
            for source in laporan.unconfirmed
        ]
        _sheet(workbook, "Keterangan", [_("Keterangan"), TITLE], notes)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- PDF --------------------------------------------------------------------------------------


def laporan_html(laporan: Laporan) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "ipasn/pdf/laporan.html",
            {
                "title": TITLE,
                "laporan": laporan,
                "sources": SOURCES,
                "mark": UNCONFIRMED_MARK,
                "signed_on": date_format(laporan.signed_on, "j F Y") if laporan.signed_on else "",
            },
        )


def laporan_pdf(laporan: Laporan) -> bytes:
    return render_pdf(laporan_html(laporan))
