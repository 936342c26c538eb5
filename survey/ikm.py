"""The Indeks Kepuasan Masyarakat (IKM) of the satisfaction survey, computed exactly as
PermenPANRB 14/2017 does, and the survey's period (the semester).

The regulation: each of the nine elements has a mean of its 1-4 answers (nilai rata-rata, NRR);
the IKM is the mean of the nine NRRs x 25, graded by its conversion table. Its worked examples
write the mean as sum(NRR) x 0.111, a rounded 1/9 that understates every IKM by 0.1%, enough to
cross a grade boundary (88.33 A by 1/9 is 88.25 B by 0.111). Both figures are computed here
(IkmMethod), each in fractions from the unrounded NRRs, rounded only where shown: 2 decimals,
half up (Decimal ROUND_HALF_UP semantics). Which one a provider publishes is its policy
(survey.policy); dividing by 9 exactly is the default. The grade is read from the shown value,
because the table's boundaries are themselves 2-decimal values (76.60 C, 76.61 B).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from survey.constants import IkmMethod
from survey.models import SurveyResponse

ELEMENTS = tuple(f"u{n}" for n in range(1, 10))
SCALE = (1, 2, 3, 4)
# The IKM scale: an NRR of 1-4 becomes 25-100.
CONVERSION = 25
# The weight of each element's NRR as the regulation prints it: 1/9 rounded to three decimals.
PRINTED_WEIGHT = Fraction(111, 1000)


@dataclass(frozen=True)
class Grade:
    letter: str
    label: str


# PermenPANRB 14/2017, the conversion table: the lowest IKM of each grade, best first.
GRADES = (
    (Decimal("88.31"), Grade("A", _("Sangat baik"))),
    (Decimal("76.61"), Grade("B", _("Baik"))),
    (Decimal("65.00"), Grade("C", _("Kurang baik"))),
    (Decimal("25.00"), Grade("D", _("Tidak baik"))),
)


def grade_of(score: Decimal) -> Grade:
    """The grade of a shown (2-decimal) IKM or element score from 25.00 to 100.00."""
    for lowest, grade in GRADES:
        if score >= lowest:
            return grade
    raise ValueError(f"IKM {score} is below 25.00, the lowest the scale gives")


def round_half_up(value: Fraction, places: int = 2) -> Decimal:
    """`value` rounded to `places` decimals, half up, exactly (no float, no 28-digit limit)."""
    scaled = value * 10**places
    whole, remainder = divmod(scaled.numerator, scaled.denominator)
    if 2 * remainder >= scaled.denominator:
        whole += 1
    return Decimal(whole).scaleb(-places)


def element_label(code: str) -> str:
    return SurveyResponse._meta.get_field(code).verbose_name


@dataclass(frozen=True)
class ElementScore:
    """One element over the respondents: its NRR and its converted score (NRR x 25)."""

    code: str
    total: int
    respondents: int

    @property
    def label(self) -> str:
        return element_label(self.code)

    @property
    def nrr_exact(self) -> Fraction:
        return Fraction(self.total, self.respondents)

    @property
    def nrr(self) -> Decimal:
        return round_half_up(self.nrr_exact)

    @property
    def score(self) -> Decimal:
        return round_half_up(self.nrr_exact * CONVERSION)

    @property
    def grade(self) -> Grade:
        return grade_of(self.score)


@dataclass(frozen=True)
class IkmFigure:
    """The IKM by one method: unrounded, as shown (2 decimals, half up), and its grade."""

    method: str
    exact: Fraction

    @property
    def method_label(self) -> str:
        return IkmMethod(self.method).label

    @property
    def value(self) -> Decimal:
        return round_half_up(self.exact)

    @property
    def grade(self) -> Grade:
        # The printed weight understates: nine NRRs of 1 give 24.98, under the table's 25.00,
        # which is still its lowest grade.
        return grade_of(max(self.value, GRADES[-1][0]))


@dataclass(frozen=True)
class IkmResult:
    respondents: int
    elements: tuple[ElementScore, ...]

    def figure(self, method: str) -> IkmFigure:
        """The IKM by `method` (IkmMethod): the nine NRRs, unrounded, divided by 9 exactly or
        weighted by 0.111, x 25."""
        total = sum(element.nrr_exact for element in self.elements)
        if method == IkmMethod.EXACT:
            return IkmFigure(method, total / len(ELEMENTS) * CONVERSION)
        if method == IkmMethod.PRINTED_WEIGHT:
            return IkmFigure(method, total * PRINTED_WEIGHT * CONVERSION)
        raise ValueError(f"unknown IKM method {method!r}")

    @property
    def exact(self) -> Fraction:
        """The mean of the nine NRRs x 25, unrounded."""
        return self.figure(IkmMethod.EXACT).exact

    @property
    def value(self) -> Decimal:
        return round_half_up(self.exact)

    @property
    def grade(self) -> Grade:
        return grade_of(self.value)


def ikm_from_totals(*, respondents: int, totals: Sequence[int]) -> IkmResult:
    """The IKM of `respondents` answers whose element sums (U1..U9, in order) are `totals`."""
    if respondents < 1:
        raise ValueError("the IKM needs at least one respondent")
    if len(totals) != len(ELEMENTS):
        raise ValueError(f"expected {len(ELEMENTS)} element totals, got {len(totals)}")
    return IkmResult(
        respondents=respondents,
        elements=tuple(
            ElementScore(code=code, total=total, respondents=respondents)
            for code, total in zip(ELEMENTS, totals, strict=True)
        ),
    )


def ikm(responses: Iterable) -> IkmResult:
    """The IKM of survey answers (anything with the attributes u1..u9 on the 1-4 scale)."""
    respondents = 0
    totals = [0] * len(ELEMENTS)
    for response in responses:
        respondents += 1
        for index, code in enumerate(ELEMENTS):
            answer = getattr(response, code)
            if answer not in SCALE:
                raise ValueError(f"{code} must be 1 to 4, got {answer!r}")
            totals[index] += answer
    return ikm_from_totals(respondents=respondents, totals=totals)


@dataclass(frozen=True, order=True)
class Semester:
    """Half a year, the survey's period (seed 003: the survey runs twice a year)."""

    year: int
    half: int  # 1: January-June, 2: July-December

    @classmethod
    def of(cls, day: date) -> "Semester":
        return cls(day.year, 1 if day.month <= 6 else 2)

    @property
    def label(self) -> str:
        if self.half == 1:
            return _("Semester I %(year)d (Januari-Juni)") % {"year": self.year}
        return _("Semester II %(year)d (Juli-Desember)") % {"year": self.year}

    def previous(self) -> "Semester":
        return Semester(self.year - 1, 2) if self.half == 1 else Semester(self.year, 1)

    def bounds(self) -> tuple[datetime, datetime]:
        """From the first moment of the semester to the first of the next, in WIB."""
        first = date(self.year, 1 if self.half == 1 else 7, 1)
        after = date(self.year, 7, 1) if self.half == 1 else date(self.year + 1, 1, 1)
        return (
            timezone.make_aware(datetime.combine(first, time.min)),
            timezone.make_aware(datetime.combine(after, time.min)),
        )


def last_semester(today: date | None = None) -> Semester:
    """The last semester that has ended: the period whose IKM is published."""
    return Semester.of(today or timezone.localdate()).previous()
