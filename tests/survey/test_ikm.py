"""The IKM as PermenPANRB 14/2017 computes it, checked against examples worked by hand."""

from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from portal.models import Service
from survey.constants import SurveySource
from survey.ikm import (
    Semester,
    grade_of,
    ikm,
    ikm_from_totals,
    last_semester,
    round_half_up,
)
from survey.models import SurveyResponse
from survey.selectors import survey_ikm, survey_results
from tests.factories import SERVICE_SLUG

WIB = ZoneInfo("Asia/Jakarta")

# Ten respondents, nine elements each (U1..U9), as a survey officer would tabulate them.
TEN_RESPONDENTS = [
    (4, 3, 3, 4, 3, 3, 4, 2, 3),
    (3, 3, 2, 4, 3, 3, 4, 3, 3),
    (4, 4, 3, 4, 3, 4, 4, 3, 3),
    (3, 3, 3, 4, 3, 3, 3, 2, 2),
    (3, 2, 2, 4, 3, 3, 4, 3, 3),
    (4, 3, 3, 4, 4, 4, 4, 3, 3),
    (3, 3, 3, 4, 3, 3, 3, 3, 3),
    (3, 3, 2, 4, 3, 3, 4, 2, 3),
    (4, 3, 3, 4, 3, 3, 4, 3, 4),
    (3, 3, 3, 4, 3, 3, 3, 3, 4),
]
# By hand, column sums: U1 34, U2 30, U3 27, U4 40, U5 31, U6 32, U7 37, U8 27, U9 31 (289).
# NRR = sum / 10; converted score = NRR x 25.
HAND_NRR = ["3.40", "3.00", "2.70", "4.00", "3.10", "3.20", "3.70", "2.70", "3.10"]
HAND_SCORES = ["85.00", "75.00", "67.50", "100.00", "77.50", "80.00", "92.50", "67.50", "77.50"]
# IKM = (28.9 / 9) x 25 = 80.2777... -> 80.28, grade B. (The regulation's shortcut
# sum(NRR) x 0.111 x 25 would give 80.1975 -> 80.20: 1/9 is not 0.111.)
HAND_IKM = Decimal("80.28")


def answers(row):
    return SimpleNamespace(**{f"u{n}": value for n, value in enumerate(row, start=1)})


def test_ten_respondents_give_the_element_means_and_ikm_computed_by_hand():
    result = ikm([answers(row) for row in TEN_RESPONDENTS])

    assert result.respondents == 10
    assert [str(element.nrr) for element in result.elements] == HAND_NRR
    assert [str(element.score) for element in result.elements] == HAND_SCORES
    assert [element.grade.letter for element in result.elements] == list("BCCABBACB")
    assert result.value == HAND_IKM
    assert (result.grade.letter, str(result.grade.label)) == ("B", "Baik")


def test_an_exact_half_is_rounded_up_not_to_even():
    # 8 respondents, each element summing to 25: NRR 25/8 = 3.125, IKM 3.125 x 25 = 78.125
    # exactly. Half up gives 78.13 (round-half-even, and float round(), would give 78.12).
    result = ikm_from_totals(respondents=8, totals=[25] * 9)

    assert result.exact == Fraction(625, 8)  # 78.125
    assert result.value == Decimal("78.13")
    assert result.elements[0].nrr == Decimal("3.13")
    assert result.elements[0].score == Decimal("78.13")


def test_dividing_by_nine_exactly_can_change_the_grade():
    # 19 respondents, elements summing to 59 (eight of them) and 52: 524 in all.
    # IKM = 524 / 19 / 9 x 25 = 76.6081... -> 76.61, grade B. With 0.111 instead of 1/9:
    # 524 / 19 x 0.111 x 25 = 76.5315... -> 76.53, grade C.
    result = ikm_from_totals(respondents=19, totals=[59] * 8 + [52])

    assert result.value == Decimal("76.61")
    assert result.grade.letter == "B"


@pytest.mark.parametrize(
    ("score", "letter", "label"),
    [
        ("25.00", "D", "Tidak baik"),
        ("64.99", "D", "Tidak baik"),
        ("65.00", "C", "Kurang baik"),
        ("76.60", "C", "Kurang baik"),
        ("76.61", "B", "Baik"),
        ("88.30", "B", "Baik"),
        ("88.31", "A", "Sangat baik"),
        ("100.00", "A", "Sangat baik"),
    ],
)
def test_grade_boundaries_follow_the_regulations_conversion_table(score, letter, label):
    grade = grade_of(Decimal(score))

    assert (grade.letter, str(grade.label)) == (letter, label)


def test_rounding_is_exact_for_repeating_fractions():
    assert round_half_up(Fraction(2, 3)) == Decimal("0.67")
    assert round_half_up(Fraction(1, 200)) == Decimal("0.01")
    assert round_half_up(Fraction(1, 201)) == Decimal("0.00")


def test_answers_outside_the_scale_are_refused():
    with pytest.raises(ValueError, match="u3"):
        ikm([answers((4, 4, 5, 4, 4, 4, 4, 4, 4))])
    with pytest.raises(ValueError, match="at least one"):
        ikm([])


def test_semesters_run_january_to_june_and_july_to_december():
    assert Semester.of(datetime(2026, 6, 30).date()) == Semester(2026, 1)
    assert Semester.of(datetime(2026, 7, 1).date()) == Semester(2026, 2)
    assert Semester(2026, 1).previous() == Semester(2025, 2)
    assert last_semester(datetime(2026, 11, 29).date()) == Semester(2026, 1)


def _response(service, row, at):
    response = SurveyResponse.objects.create(
        service=service,
        source=SurveySource.PUBLIC,
        **{f"u{n}": value for n, value in enumerate(row, start=1)},
    )
    SurveyResponse.objects.filter(pk=response.pk).update(submitted_at=at)
    return response


@pytest.mark.django_db
def test_the_database_totals_give_the_same_ikm_per_service_and_semester_in_wib():
    service = Service.objects.get(slug=SERVICE_SLUG)
    other = Service.objects.get(slug="sertifikasi-profesi-pns")
    for row in TEN_RESPONDENTS[:9]:
        _response(service, row, datetime(2026, 3, 2, 9, 0, tzinfo=WIB))
    # 30 June 23:30 WIB is 16:30 UTC: still the first semester in Jakarta.
    _response(service, TEN_RESPONDENTS[9], datetime(2026, 6, 30, 23, 30, tzinfo=WIB))
    # 1 July 00:10 WIB is still 30 June in UTC, but the second semester in Jakarta.
    _response(service, (1,) * 9, datetime(2026, 7, 1, 0, 10, tzinfo=WIB))
    _response(other, (2,) * 9, datetime(2026, 2, 2, 9, 0, tzinfo=WIB))

    first = survey_ikm(service=service, semester=Semester(2026, 1))
    second = survey_ikm(service=service, semester=Semester(2026, 2))

    assert (first.respondents, first.value) == (10, HAND_IKM)
    assert (second.respondents, second.value) == (1, Decimal("25.00"))
    assert survey_ikm(service=service, semester=Semester(2025, 2)) is None
    results = [
        (result.service_slug, result.semester, result.ikm.respondents, result.ikm.value)
        for result in survey_results()
    ]
    # By service name ("Sertifikasi..." before "Uji..."), the latest semester first.
    assert results == [
        ("sertifikasi-profesi-pns", Semester(2026, 1), 1, Decimal("50.00")),
        (SERVICE_SLUG, Semester(2026, 2), 1, Decimal("25.00")),
        (SERVICE_SLUG, Semester(2026, 1), 10, HAND_IKM),
    ]
