"""The IP-ASN index (ipasn.index) on worked examples computed by hand with the tables migration
0003 entered for seed 003's service, its edges (training hours and window, position kinds, the
cap, blanks), and the seeded tables themselves."""

import datetime
import itertools
from decimal import Decimal

import pytest

from ipasn import scoring_data
from ipasn.constants import (
    Dimension,
    DisciplinePenalty,
    EducationLevel,
    IndexCategoryCode,
    PerformanceRating,
    PositionKind,
    TrainingKind,
)
from ipasn.index import (
    CategoryEntry,
    DimensionEntry,
    RuleEntry,
    ScoringTables,
    category_of,
    employee_index,
    scoring_tables,
)
from ipasn.models import IndexCategory, ScoreRule, ScoringDimension
from ipasn.records import EmployeeRecord, Training
from portal.models import Service

SLUG = "indeks-profesionalitas-asn"
# The measurement day of the worked examples: the 2-year window of seminars starts 2024-12-31.
AS_OF = datetime.date(2026, 12, 31)

S3, S2, S1, D3, D2, D1 = (
    EducationLevel.S3,
    EducationLevel.S2,
    EducationLevel.S1,
    EducationLevel.D3,
    EducationLevel.D2,
    EducationLevel.D1,
)
SLTA, SLTP, SD = EducationLevel.SLTA, EducationLevel.SLTP, EducationLevel.SD
JPT, ADM, SUP = PositionKind.JPT, PositionKind.ADMINISTRATOR, PositionKind.SUPERVISOR
FUN, EXE = PositionKind.FUNCTIONAL, PositionKind.EXECUTOR
SB, B, C = PerformanceRating.VERY_GOOD, PerformanceRating.GOOD, PerformanceRating.FAIR
K, BAD = PerformanceRating.POOR, PerformanceRating.BAD
NONE, LIGHT = DisciplinePenalty.NONE, DisciplinePenalty.LIGHT
MODERATE, HEAVY = DisciplinePenalty.MODERATE, DisciplinePenalty.HEAVY
LEAD, FUNC = TrainingKind.LEADERSHIP, TrainingKind.FUNCTIONAL
TECH, SEM = TrainingKind.TECHNICAL, TrainingKind.SEMINAR


def on(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def training(kind: str, hours: int, end: str) -> Training:
    finished = on(end)
    return Training(
        kind=kind,
        name=f"Pelatihan {kind}",
        hours=hours,
        start=finished - datetime.timedelta(days=3),
        end=finished,
    )


def employee(education, position_kind, performance, discipline, *trainings) -> EmployeeRecord:
    return EmployeeRecord(
        row=2,
        nip="199001012015031001",
        name="Pegawai Contoh",
        education=education,
        position_kind=position_kind,
        position_title="Jabatan contoh",
        performance=performance,
        discipline=discipline,
        trainings=tuple(trainings),
    )


@pytest.fixture
def tables(db):
    """The tables migration 0003 entered for seed 003's service, as the index reads them."""
    return scoring_tables(Service.objects.get(slug=SLUG))


def d(value: str) -> Decimal:
    return Decimal(value)


# Each row: the employee, then (kualifikasi, kompetensi, kinerja, disiplin, index, category)
# computed by hand from scoring_data (kualifikasi S-3 25, S-2 20, S-1/D-IV 15, D-III 10,
# D-II/D-I/SLTA 5, SLTP/SD 1; kompetensi for JPT/administrator/pengawas: kepemimpinan 15,
# teknis >= 20 JP 15, seminar in 2 years 10; fungsional: fungsional 15, teknis 15, seminar 10;
# pelaksana: teknis 22.5, seminar 17.5; kinerja 30/25/15/5/1; disiplin 5/3/2/1).
WORKED_EXAMPLES = {
    # A. S-3 administrator, all three developments: 25 + (15 + 15 + 10) + 30 + 5 = 100.00, the
    # top of "sangat tinggi". The leadership course of 2019 counts: it has no window.
    "a_doktor_administrator_penuh": (
        employee(
            S3,
            ADM,
            SB,
            NONE,
            training(LEAD, 45, "2019-05-10"),
            training(TECH, 24, "2024-03-01"),
            training(SEM, 8, "2025-11-20"),
        ),
        ("25", "40", "30", "5", "100", IndexCategoryCode.VERY_HIGH),
    ),
    # B. S-2 fungsional, technical hours 12 + 8 = 20 summed, heavy penalty:
    # 20 + (15 + 15 + 10) + 30 + 1 = 91.00, exactly the lower bound of "sangat tinggi".
    "b_magister_fungsional_91": (
        employee(
            S2,
            FUN,
            SB,
            HEAVY,
            training(FUNC, 40, "2018-09-01"),
            training(TECH, 12, "2023-02-10"),
            training(TECH, 8, "2025-08-15"),
            training(SEM, 4, "2026-03-03"),
        ),
        ("20", "40", "30", "1", "91", IndexCategoryCode.VERY_HIGH),
    ),
    # C. The same trainings, "Baik", no penalty: 20 + 40 + 25 + 5 = 90.00, one point below:
    # "tinggi".
    "c_magister_fungsional_90": (
        employee(
            S2,
            FUN,
            B,
            NONE,
            training(FUNC, 40, "2018-09-01"),
            training(TECH, 20, "2025-08-15"),
            training(SEM, 4, "2026-03-03"),
        ),
        ("20", "40", "25", "5", "90", IndexCategoryCode.HIGH),
    ),
    # D. S-1 pengawas, all three, "Baik", heavy penalty: 15 + 40 + 25 + 1 = 81.00, the lower
    # bound of "tinggi". The seminar on 2025-01-15 is within 2 years of 2026-12-31.
    "d_sarjana_pengawas_81": (
        employee(
            S1,
            SUP,
            B,
            HEAVY,
            training(LEAD, 30, "2021-06-30"),
            training(TECH, 20, "2022-10-01"),
            training(SEM, 6, "2025-01-15"),
        ),
        ("15", "40", "25", "1", "81", IndexCategoryCode.HIGH),
    ),
    # E. S-1 pengawas without a seminar: 15 + (15 + 15) + 30 + 5 = 80.00, one point below:
    # "sedang".
    "e_sarjana_pengawas_80": (
        employee(
            S1,
            SUP,
            SB,
            NONE,
            training(LEAD, 30, "2021-06-30"),
            training(TECH, 30, "2026-02-01"),
        ),
        ("15", "30", "30", "5", "80", IndexCategoryCode.MEDIUM),
    ),
    # F. D-II pelaksana, technical and seminar: 5 + (22.5 + 17.5) + 25 + 1 = 71.00, the lower
    # bound of "sedang".
    "f_d2_pelaksana_71": (
        employee(
            D2,
            EXE,
            B,
            HEAVY,
            training(TECH, 20, "2026-10-09"),
            training(SEM, 3, "2026-05-20"),
        ),
        ("5", "40", "25", "1", "71", IndexCategoryCode.MEDIUM),
    ),
    # G. D-III pelaksana, both, "Cukup": 10 + 40 + 15 + 5 = 70.00, one point below: "rendah".
    "g_d3_pelaksana_70": (
        employee(
            D3,
            EXE,
            C,
            NONE,
            training(TECH, 32, "2025-04-04"),
            training(SEM, 3, "2026-05-20"),
        ),
        ("10", "40", "15", "5", "70", IndexCategoryCode.LOW),
    ),
    # H. SLTA pelaksana, both, "Cukup", heavy penalty: 5 + 40 + 15 + 1 = 61.00, the lower bound
    # of "rendah".
    "h_slta_pelaksana_61": (
        employee(
            SLTA,
            EXE,
            C,
            HEAVY,
            training(TECH, 20, "2024-12-31"),
            training(SEM, 3, "2026-05-20"),
        ),
        ("5", "40", "15", "1", "61", IndexCategoryCode.LOW),
    ),
    # I. D-I fungsional with a functional course and a seminar, no technical training:
    # 5 + (15 + 10) + 25 + 5 = 60.00, one point below: "sangat rendah".
    "i_d1_fungsional_60": (
        employee(
            D1,
            FUN,
            B,
            NONE,
            training(FUNC, 40, "2016-11-11"),
            training(SEM, 8, "2026-08-08"),
        ),
        ("5", "25", "25", "5", "60", IndexCategoryCode.VERY_LOW),
    ),
    # J. SLTP pelaksana: technical 20 JP in 2022 (no window) counts; the seminar ended
    # 2024-12-30, one day before the window opens: 1 + 22.5 + 5 + 2 = 30.50.
    "j_sltp_pelaksana_30_5": (
        employee(
            SLTP,
            EXE,
            K,
            MODERATE,
            training(TECH, 20, "2022-07-07"),
            training(SEM, 16, "2024-12-30"),
        ),
        ("1", "22.5", "5", "2", "30.5", IndexCategoryCode.VERY_LOW),
    ),
    # K. SD pelaksana, nothing on record, "Buruk", heavy penalty: 1 + 0 + 1 + 1 = 3.00.
    "k_sd_pelaksana_3": (
        employee(SD, EXE, BAD, HEAVY),
        ("1", "0", "1", "1", "3", IndexCategoryCode.VERY_LOW),
    ),
    # L. S-3 pelaksana with a seminar only, "Cukup", light penalty: 25 + 17.5 + 15 + 3 = 60.50,
    # between "60 ke bawah" and 61: below the lower bound of "rendah", so "sangat rendah".
    "l_doktor_pelaksana_60_5": (
        employee(S3, EXE, C, LIGHT, training(SEM, 8, "2025-06-06")),
        ("25", "17.5", "15", "3", "60.5", IndexCategoryCode.VERY_LOW),
    ),
}


@pytest.mark.parametrize("name", sorted(WORKED_EXAMPLES))
def test_worked_examples_score_as_computed_by_hand(tables, name):
    record, (qualification, competence, performance, discipline, index, category) = WORKED_EXAMPLES[
        name
    ]

    result = employee_index(record, tables, as_of=AS_OF)

    assert result.qualification == d(qualification)
    assert result.competence == d(competence)
    assert result.performance == d(performance)
    assert result.discipline == d(discipline)
    assert result.index == d(index)
    assert result.category == category
    assert result.missing == []


def test_worked_examples_cover_every_education_level_and_category():
    levels = {record.education for record, _ in WORKED_EXAMPLES.values()}
    categories = {expected[-1] for _, expected in WORKED_EXAMPLES.values()}
    assert levels == set(EducationLevel.values)
    assert categories == set(IndexCategoryCode.values)


def test_scores_carry_two_decimals(tables):
    record, _ = WORKED_EXAMPLES["j_sltp_pelaksana_30_5"]

    result = employee_index(record, tables, as_of=AS_OF)

    assert str(result.index) == "30.50"
    assert str(result.competence) == "22.50"
    assert result.scores == {
        Dimension.QUALIFICATION: d("1.00"),
        Dimension.COMPETENCE: d("22.50"),
        Dimension.PERFORMANCE: d("5.00"),
        Dimension.DISCIPLINE: d("2.00"),
    }


@pytest.mark.parametrize(
    ("hours", "competence"),
    [
        ([19], "0"),  # one hour short
        ([20], "22.5"),  # exactly the minimum
        ([12, 8], "22.5"),  # summed over two trainings of the kind
        ([10, 9], "0"),  # summed, still short
    ],
)
def test_technical_training_needs_twenty_hours_summed(tables, hours, competence):
    trainings = [training(TECH, jp, f"2026-0{i + 1}-15") for i, jp in enumerate(hours)]
    # A 40-hour seminar never adds to the technical hours.
    record = employee(S1, EXE, B, NONE, *trainings, training(SEM, 40, "2019-01-01"))

    result = employee_index(record, tables, as_of=AS_OF)

    assert result.competence == d(competence)


@pytest.mark.parametrize(
    ("end", "competence"),
    [
        ("2024-06-30", "17.5"),  # the first day of the 2-year window
        ("2024-06-29", "0"),  # the day before it
        ("2026-06-30", "17.5"),  # the measurement day itself
        ("2026-07-01", "0"),  # after the measurement day
    ],
)
def test_seminar_counts_within_two_years_before_the_measurement(tables, end, competence):
    record = employee(S1, EXE, B, NONE, training(SEM, 4, end))

    result = employee_index(record, tables, as_of=on("2026-06-30"))

    assert result.competence == d(competence)


def test_window_from_a_leap_day_starts_on_the_28th_of_february(tables):
    counted = employee(S1, EXE, B, NONE, training(SEM, 4, "2026-02-28"))
    too_early = employee(S1, EXE, B, NONE, training(SEM, 4, "2026-02-27"))

    as_of = on("2028-02-29")

    assert employee_index(counted, tables, as_of=as_of).competence == d("17.5")
    assert employee_index(too_early, tables, as_of=as_of).competence == d("0")


def test_training_after_the_measurement_day_does_not_count_even_without_a_window(tables):
    record = employee(S1, ADM, B, NONE, training(LEAD, 40, "2027-01-02"))

    assert employee_index(record, tables, as_of=AS_OF).competence == d("0")


def test_entries_bound_to_position_kinds_apply_only_to_those_kinds(tables):
    courses = [training(LEAD, 40, "2020-01-01"), training(FUNC, 40, "2020-01-01")]

    jpt = employee_index(employee(S1, JPT, B, NONE, *courses), tables, as_of=AS_OF)
    functional = employee_index(employee(S1, FUN, B, NONE, *courses), tables, as_of=AS_OF)
    executor = employee_index(employee(S1, EXE, B, NONE, *courses), tables, as_of=AS_OF)

    assert jpt.competence == d("15")  # the leadership course only
    assert functional.competence == d("15")  # the functional course only
    assert executor.competence == d("0")  # neither counts for a pelaksana
    # The executor's technical entry (22.5) and the others' (15) are alternatives by kind.
    technical = training(TECH, 20, "2026-01-01")
    assert employee_index(
        employee(S1, JPT, B, NONE, technical), tables, as_of=AS_OF
    ).competence == d("15")
    assert employee_index(
        employee(S1, EXE, B, NONE, technical), tables, as_of=AS_OF
    ).competence == d("22.5")


def test_blank_fields_the_index_needs_are_listed_and_score_nothing(tables):
    record = employee("", "", "", "", training(TECH, 40, "2026-01-01"))

    result = employee_index(record, tables, as_of=AS_OF)

    assert result.missing == [
        "pendidikan terakhir",
        "jenis jabatan",
        "penilaian kinerja",
        "hukuman disiplin",
    ]
    assert result.index == d("0")
    assert result.category == IndexCategoryCode.VERY_LOW


def test_one_blank_is_listed_alone_and_the_rest_still_scores(tables):
    record = employee(S2, FUN, "", NONE, training(FUNC, 40, "2020-01-01"))

    result = employee_index(record, tables, as_of=AS_OF)

    assert result.missing == ["penilaian kinerja"]
    # 20 + 15 + 0 + 5: a lower bound, the laporan names what is missing.
    assert result.index == d("40")
    assert result.performance == d("0")


# Hand-made tables for what the seeded ones never reach: the cap and rival entries of one
# indicator.
def hand_tables(*rules: RuleEntry, weight: str = "40") -> ScoringTables:
    return ScoringTables(
        dimensions=(DimensionEntry(code=Dimension.COMPETENCE, weight=d(weight), order=1),),
        rules=rules,
        categories=(
            CategoryEntry(code=IndexCategoryCode.HIGH, lower=d("20"), upper=d("100")),
            CategoryEntry(code=IndexCategoryCode.LOW, lower=d("0"), upper=d("9.99")),
        ),
    )


def test_a_dimension_is_capped_at_its_weight():
    tables = hand_tables(
        RuleEntry(Dimension.COMPETENCE, "diklat_kepemimpinan", LEAD, d("30")),
        RuleEntry(Dimension.COMPETENCE, "diklat_teknis", TECH, d("20"), min_hours=20),
    )
    record = employee(S1, ADM, B, NONE, training(LEAD, 40, "2020-01-01"))
    both = employee(
        S1, ADM, B, NONE, training(LEAD, 40, "2020-01-01"), training(TECH, 20, "2026-01-01")
    )

    assert employee_index(record, tables, as_of=AS_OF).competence == d("30")
    # 30 + 20 = 50, capped at the weight 40.
    assert employee_index(both, tables, as_of=AS_OF).competence == d("40")
    assert employee_index(both, tables, as_of=AS_OF).index == d("40")


def test_within_an_indicator_only_the_best_matching_entry_counts():
    tables = hand_tables(
        RuleEntry(Dimension.COMPETENCE, "diklat_teknis", TECH, d("10"), min_hours=10, order=1),
        RuleEntry(Dimension.COMPETENCE, "diklat_teknis", TECH, d("15"), min_hours=20, order=2),
    )

    def score(hours: int) -> Decimal:
        record = employee(S1, ADM, B, NONE, training(TECH, hours, "2026-01-01"))
        return employee_index(record, tables, as_of=AS_OF).competence

    assert score(9) == d("0")
    assert score(10) == d("10")
    assert score(25) == d("15")  # not 10 + 15


def test_an_index_no_category_holds_has_none():
    tables = hand_tables(RuleEntry(Dimension.COMPETENCE, "seminar", SEM, d("15")))
    record = employee(S1, ADM, B, NONE, training(SEM, 2, "2026-01-01"))

    result = employee_index(record, tables, as_of=AS_OF)

    assert result.index == d("15")
    assert result.category == ""  # between 9.99 and 20


@pytest.mark.parametrize(
    ("index", "category"),
    [
        ("100", IndexCategoryCode.VERY_HIGH),
        ("91", IndexCategoryCode.VERY_HIGH),
        ("90.99", IndexCategoryCode.HIGH),
        ("81", IndexCategoryCode.HIGH),
        ("80.99", IndexCategoryCode.MEDIUM),
        ("71", IndexCategoryCode.MEDIUM),
        ("70.99", IndexCategoryCode.LOW),
        ("61", IndexCategoryCode.LOW),
        ("60.99", IndexCategoryCode.VERY_LOW),
        ("60", IndexCategoryCode.VERY_LOW),
        ("0", IndexCategoryCode.VERY_LOW),
    ],
)
def test_category_bounds_of_the_seeded_tables(tables, index, category):
    assert category_of(d(index), tables) == category


def test_scoring_tables_reads_in_three_queries(db, django_assert_num_queries):
    service = Service.objects.get(slug=SLUG)

    with django_assert_num_queries(3):
        tables = scoring_tables(service)

    assert len(tables.rules) == len(scoring_data.RULES)


def test_seeded_tables_are_the_migration_data(tables):
    service = Service.objects.get(slug=SLUG)

    assert ScoringDimension.objects.filter(service=service).count() == 4
    assert ScoreRule.objects.filter(dimension__service=service).count() == 24
    assert IndexCategory.objects.filter(service=service).count() == 5
    assert len(tables.dimensions) == 4
    assert len(tables.rules) == 24
    assert len(tables.categories) == 5
    assert sum(entry.weight for entry in tables.dimensions) == d("100")
    assert {entry.code: entry.weight for entry in tables.dimensions} == {
        Dimension.QUALIFICATION: d("25"),
        Dimension.COMPETENCE: d("40"),
        Dimension.PERFORMANCE: d("30"),
        Dimension.DISCIPLINE: d("5"),
    }


def test_seeded_categories_cover_zero_to_hundred_without_gap_or_overlap(tables):
    ordered = sorted(tables.categories, key=lambda c: c.lower)

    assert ordered[0].lower == d("0")
    assert ordered[-1].upper == d("100")
    for below, above in itertools.pairwise(ordered):
        assert below.lower <= below.upper
        # Indices have two decimals: the next category starts one cent above.
        assert above.lower == below.upper + d("0.01")
    assert {c.code for c in ordered} == set(IndexCategoryCode.values)


def test_every_position_kind_can_reach_the_whole_competence_weight(tables):
    """The alternatives per kind add up to the dimension's weight, never more (the cap is a
    guard, not a correction of the seeded points)."""
    competence = [r for r in tables.rules if r.dimension == Dimension.COMPETENCE]
    for kind in PositionKind.values:
        best: dict[str, Decimal] = {}
        for rule in competence:
            if not rule.position_kinds or kind in rule.position_kinds:
                best[rule.indicator] = max(best.get(rule.indicator, d("0")), rule.points)
        assert sum(best.values()) == d("40"), kind
    qualification = [r for r in tables.rules if r.dimension == Dimension.QUALIFICATION]
    assert max(r.points for r in qualification) == d("25")


def test_seeded_keys_are_the_codes_of_the_recap():
    codes = {
        "pendidikan": set(EducationLevel.values),
        "penilaian_kinerja": set(PerformanceRating.values),
        "hukuman_disiplin": set(DisciplinePenalty.values),
    }
    for rule in scoring_data.RULES:
        allowed = codes.get(rule["indicator"], set(TrainingKind.values))
        assert rule["key"] in allowed, rule
        assert set(rule["position_kinds"]) <= set(PositionKind.values), rule
    for indicator, values in codes.items():
        assert {r["key"] for r in scoring_data.RULES if r["indicator"] == indicator} == values


def test_every_entry_cites_a_source_and_an_unconfirmed_one_says_what_was_found():
    entries = scoring_data.DIMENSIONS + scoring_data.RULES + scoring_data.CATEGORIES
    for entry in entries:
        assert entry["source"].strip()
        if not entry["confirmed"]:
            assert entry["note"].strip(), entry
    confirmed = [entry for entry in entries if entry["confirmed"]]
    assert all("Pasal 8" in entry["source"] for entry in confirmed)


def test_database_rows_match_scoring_data(db):
    """Migration 0003 holds a copy of ipasn.scoring_data: a change to the module without a
    migration that makes it fails here."""
    service = Service.objects.get(slug=SLUG)
    dimensions = [
        {f: getattr(row, f) for f in ("code", "order", "weight", "source", "confirmed", "note")}
        for row in ScoringDimension.objects.filter(service=service).order_by("order")
    ]
    rule_fields = (
        "indicator",
        "key",
        "label",
        "points",
        "min_hours",
        "within_years",
        "position_kinds",
        "order",
        "source",
        "confirmed",
        "note",
    )
    rules = sorted(
        (
            {"dimension": row.dimension.code, **{f: getattr(row, f) for f in rule_fields}}
            for row in ScoreRule.objects.filter(dimension__service=service).select_related(
                "dimension"
            )
        ),
        key=lambda r: (r["dimension"], r["indicator"], r["order"]),
    )
    categories = [
        {f: getattr(row, f) for f in ("code", "lower", "upper", "source", "confirmed", "note")}
        for row in IndexCategory.objects.filter(service=service).order_by("-lower")
    ]

    def plain(rows):
        return [
            {k: (list(map(str, v)) if isinstance(v, list) else v) for k, v in row.items()}
            for row in rows
        ]

    expected_rules = sorted(
        scoring_data.RULES, key=lambda r: (r["dimension"], r["indicator"], r["order"])
    )
    assert plain(dimensions) == plain(scoring_data.DIMENSIONS)
    assert plain(rules) == plain(expected_rules)
    assert plain(categories) == plain(scoring_data.CATEGORIES)
