"""One employee's Indeks Profesionalitas ASN from what the recap says about them, scored with a
service's tables (PermenPANRB 38/2018's dimensions, Peraturan BKN 8/2019's instrument; the
points are data, ipasn.scoring_data and the admin).

The rules, as the portal reads them:
- Within a dimension, each indicator earns the points of its best matching entry (entries of
  one indicator are alternatives, e.g. S-3 or S-2; 22.5 or 15 for technical training); the
  indicators' points are added and the sum is capped at the dimension's weight. The index is
  the sum of the four dimensions, two decimals.
- An entry with position kinds applies only to an employee whose current position is of one of
  those kinds ("bagi PNS yang menduduki jabatan ...").
- "pendidikan", "penilaian_kinerja" and "hukuman_disiplin" compare the recap's value with the
  entry's key. Every other indicator counts trainings whose kind is the entry's key and whose end
  date lies on or before `as_of` and, for an entry with `within_years`, on or after the same
  day that many years earlier; the entry matches when their hours (JP) summed reach `min_hours`
  (without `min_hours`: when there is one).

Deviations the regulation's text forced (see also the notes on each entry):
- "Sesuai dengan jabatan yang diduduki" (Pasal 8 ayat (4) and (5)) cannot be checked from a
  recap: any leadership or functional training on record counts.
- "Paling sedikit 20 JP" is read as the sum of the hours of that kind's trainings (a single
  training of 20 JP is not required).
- The categories' ranges are whole numbers (91-100, 81-90, ...); an index with a fraction (the
  executor's 22.5 and 17.5 make them) falls in the category whose lower bound it reached: the
  tables write the upper bounds as 90.99, 80.99 and so on.
- A blank the index needed (pendidikan terakhir, jenis jabatan, penilaian kinerja, hukuman
  disiplin) scores nothing; the index and category are still computed, as a lower bound, and the
  blank is listed in `missing` so that the laporan names it."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from ipasn.constants import Dimension
from ipasn.models import IndexCategory, ScoreRule, ScoringDimension
from ipasn.records import EmployeeRecord

if TYPE_CHECKING:
    from portal.models import Service

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

# Indicators scored from one field of the recap (by equality with the entry's key).
VALUE_INDICATORS = {
    "pendidikan": "education",
    "penilaian_kinerja": "performance",
    "hukuman_disiplin": "discipline",
}

# The recap's fields the index may need, with their names as the laporan prints them.
NEEDED_FIELDS = [
    ("education", "pendidikan terakhir"),
    ("position_kind", "jenis jabatan"),
    ("performance", "penilaian kinerja"),
    ("discipline", "hukuman disiplin"),
]


@dataclass(frozen=True)
class DimensionEntry:
    code: str  # ipasn.constants.Dimension
    weight: Decimal
    order: int = 0


@dataclass(frozen=True)
class RuleEntry:
    dimension: str  # ipasn.constants.Dimension
    indicator: str
    key: str
    points: Decimal
    min_hours: int | None = None
    within_years: int | None = None
    position_kinds: frozenset[str] = frozenset()
    order: int = 0


@dataclass(frozen=True)
class CategoryEntry:
    code: str  # ipasn.constants.IndexCategoryCode
    lower: Decimal
    upper: Decimal


@dataclass(frozen=True)
class ScoringTables:
    """A service's scoring tables as plain values, read once and used for every employee."""

    dimensions: tuple[DimensionEntry, ...]
    rules: tuple[RuleEntry, ...]
    categories: tuple[CategoryEntry, ...]


@dataclass
class IndexResult:
    """Each dimension's score (keyed by ipasn.constants.Dimension), the index, its category
    ("" when no category holds it) and the recap's blanks the index needed."""

    scores: dict[str, Decimal]
    index: Decimal
    category: str
    missing: list[str] = field(default_factory=list)

    @property
    def qualification(self) -> Decimal:
        return self.scores.get(Dimension.QUALIFICATION, ZERO)

    @property
    def competence(self) -> Decimal:
        return self.scores.get(Dimension.COMPETENCE, ZERO)

    @property
    def performance(self) -> Decimal:
        return self.scores.get(Dimension.PERFORMANCE, ZERO)

    @property
    def discipline(self) -> Decimal:
        return self.scores.get(Dimension.DISCIPLINE, ZERO)


def scoring_tables(service: "Service") -> ScoringTables:
    """The service's tables (ipasn.ScoringDimension, ScoreRule, IndexCategory) in three
    queries, whatever their size."""
    dimensions = tuple(
        DimensionEntry(code=row.code, weight=row.weight, order=row.order)
        for row in ScoringDimension.objects.filter(service=service).order_by("order", "code")
    )
    rules = tuple(
        RuleEntry(
            dimension=row.dimension.code,
            indicator=row.indicator,
            key=row.key,
            points=row.points,
            min_hours=row.min_hours,
            within_years=row.within_years,
            position_kinds=frozenset(row.position_kinds or ()),
            order=row.order,
        )
        for row in ScoreRule.objects.filter(dimension__service=service)
        .select_related("dimension")
        .order_by("dimension__order", "indicator", "order", "pk")
    )
    categories = tuple(
        CategoryEntry(code=row.code, lower=row.lower, upper=row.upper)
        for row in IndexCategory.objects.filter(service=service).order_by("-lower")
    )
    return ScoringTables(dimensions=dimensions, rules=rules, categories=categories)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def _training_matches(rule: RuleEntry, record: EmployeeRecord, as_of: datetime.date) -> bool:
    since = _years_before(as_of, rule.within_years) if rule.within_years else None
    counted = [
        training
        for training in record.trainings
        if training.kind == rule.key
        and training.end <= as_of
        and (since is None or training.end >= since)
    ]
    if not counted:
        return False
    return rule.min_hours is None or sum(t.hours for t in counted) >= rule.min_hours


def _matches(rule: RuleEntry, record: EmployeeRecord, as_of: datetime.date) -> bool:
    if rule.position_kinds and record.position_kind not in rule.position_kinds:
        return False
    field_name = VALUE_INDICATORS.get(rule.indicator)
    if field_name is not None:
        return getattr(record, field_name) == rule.key
    return _training_matches(rule, record, as_of)


def _missing(record: EmployeeRecord, tables: ScoringTables) -> list[str]:
    needed = {
        VALUE_INDICATORS[r.indicator] for r in tables.rules if r.indicator in VALUE_INDICATORS
    }
    if any(r.position_kinds for r in tables.rules):
        needed.add("position_kind")
    return [label for name, label in NEEDED_FIELDS if name in needed and not getattr(record, name)]


def category_of(index: Decimal, tables: ScoringTables) -> str:
    """The category whose bounds hold the index (inclusive), "" when none does."""
    for category in sorted(tables.categories, key=lambda c: c.lower, reverse=True):
        if category.lower <= index <= category.upper:
            return category.code
    return ""


def employee_index(
    record: EmployeeRecord, tables: ScoringTables, *, as_of: datetime.date
) -> IndexResult:
    """The employee's IP-ASN measured on `as_of` (the day the trainings' window ends)."""
    best: dict[tuple[str, str], Decimal] = {}
    for rule in tables.rules:
        if _matches(rule, record, as_of):
            slot = (rule.dimension, rule.indicator)
            best[slot] = max(best.get(slot, ZERO), rule.points)
    scores = {}
    for dimension in sorted(tables.dimensions, key=lambda d: d.order):
        earned = sum((points for (code, _), points in best.items() if code == dimension.code), ZERO)
        scores[dimension.code] = min(earned, dimension.weight).quantize(CENT)
    index = sum(scores.values(), ZERO).quantize(CENT)
    return IndexResult(
        scores=scores,
        index=index,
        category=category_of(index, tables),
        missing=_missing(record, tables),
    )
