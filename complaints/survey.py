"""The satisfaction survey (SKM, PermenPANRB 14/2017): the Indeks Kepuasan Masyarakat computed
exactly as the regulation does, per service and semester, and recording one answer per use of
a service.

The regulation: each of the nine elements has a mean of its 1-4 answers (nilai rata-rata, NRR);
the IKM is the mean of the nine NRRs x 25, graded by its conversion table. Its worked examples
write the mean as sum(NRR) x 0.111, a rounded 1/9 that understates every IKM by 0.1%, enough to
cross a grade boundary; this module divides by 9 exactly, in fractions, and rounds only what it
shows: 2 decimals, half up (Decimal ROUND_HALF_UP semantics). The grade is read from the shown
value, because the table's boundaries are themselves 2-decimal values (76.60 C, 76.61 B).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction

from django.db import IntegrityError, transaction
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Sum, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints import workflow
from complaints.constants import SurveySource
from complaints.exceptions import ComplaintError
from complaints.models import Complaint, SurveyResponse
from portal.models import Provider, Service
from registration.constants import ApplicationStatus
from registration.models import Application

ELEMENTS = tuple(f"u{n}" for n in range(1, 10))
SCALE = (1, 2, 3, 4)
# The IKM scale: an NRR of 1-4 becomes 25-100.
CONVERSION = 25

# An application's service has ended for the candidate when its result is published:
# scheduling.results moves it to PASSED or FAILED then. A delivered certificate belongs to a
# PASSED application, so it is included.
FINISHED_APPLICATION_STATUSES = (ApplicationStatus.PASSED, ApplicationStatus.FAILED)

# A complaint filed without naming a service counts for a service of the provider it went to
# (complaints.services.complaint_provider); failing that, for the librarian exam, the service
# of the portal's first provider.
COMPLAINT_DEFAULT_SERVICE = "uji-kompetensi-pustakawan"


class SurveyUnavailable(ComplaintError):
    message = _("Survei ini dapat diisi setelah layanan Anda selesai.")


class SurveyAlreadyAnswered(ComplaintError):
    message = _("Anda sudah mengisi survei untuk layanan ini. Terima kasih atas penilaian Anda.")


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
class IkmResult:
    respondents: int
    elements: tuple[ElementScore, ...]

    @property
    def exact(self) -> Fraction:
        """The mean of the nine NRRs x 25, unrounded."""
        return sum(element.nrr_exact for element in self.elements) / len(ELEMENTS) * CONVERSION

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


_TOTALS = {f"total_{code}": Sum(code) for code in ELEMENTS}


def _result_of(row: Mapping) -> IkmResult:
    return ikm_from_totals(
        respondents=row["respondents"], totals=[row[f"total_{code}"] for code in ELEMENTS]
    )


def survey_ikm(*, service: Service, semester: Semester) -> IkmResult | None:
    """The IKM of a service over a semester, None without answers (one query)."""
    starts, ends = semester.bounds()
    row = SurveyResponse.objects.filter(
        service=service, submitted_at__gte=starts, submitted_at__lt=ends
    ).aggregate(respondents=Count("pk"), **_TOTALS)
    return _result_of(row) if row["respondents"] else None


@dataclass(frozen=True)
class SemesterResult:
    service_name: str
    service_slug: str
    semester: Semester
    ikm: IkmResult


def survey_results(
    *, service: Service | None = None, provider: Provider | None = None
) -> list[SemesterResult]:
    """The IKM of every service (or one, or those of one provider) in every semester with
    answers: by service name, the latest semester first. One query, whatever the number of
    answers."""
    queryset = SurveyResponse.objects.all()
    if service is not None:
        queryset = queryset.filter(service=service)
    if provider is not None:
        queryset = queryset.filter(service__provider=provider)
    # Both parts are read in the portal's time zone (Asia/Jakarta): a semester starts at
    # midnight WIB.
    rows = (
        queryset.annotate(
            year=ExtractYear("submitted_at"),
            half=Case(
                When(submitted_at__month__lte=6, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
        )
        .values("service__name", "service__slug", "year", "half")
        .annotate(respondents=Count("pk"), **_TOTALS)
        .order_by("service__name", "service__slug", "-year", "-half")
    )
    return [
        SemesterResult(
            service_name=row["service__name"],
            service_slug=row["service__slug"],
            semester=Semester(row["year"], row["half"]),
            ikm=_result_of(row),
        )
        for row in rows
    ]


def applications_finished(*, user) -> list[Application]:
    """The user's applications whose service has ended, newest first, each with `answered`
    (whether its survey answer exists). One query."""
    return list(
        Application.objects.filter(candidate=user, status__in=FINISHED_APPLICATION_STATUSES)
        .select_related("service")
        .annotate(answered=Exists(SurveyResponse.objects.filter(application=OuterRef("pk"))))
        .order_by("-created_at")
    )


def complaint_survey_service(complaint: Complaint) -> Service:
    """The service a complaint's survey answer counts for: its own, else the first active one
    of its provider."""
    if complaint.service_id is not None:
        return complaint.service
    service = (
        Service.objects.filter(provider_id=complaint.provider_id, is_active=True)
        .order_by("name")
        .first()
    )
    return service or Service.objects.get(slug=COMPLAINT_DEFAULT_SERVICE)


def complaint_survey_state(complaint: Complaint) -> str:
    """Whether the reporter may answer: "open" while the complaint is being handled,
    "answered" once its survey is filled, else "ready"."""
    if complaint.status not in workflow.FINAL:
        return "open"
    if SurveyResponse.objects.filter(complaint=complaint).exists():
        return "answered"
    return "ready"


def survey_submit(
    *,
    answers: Mapping[str, int],
    service: Service | None = None,
    application: Application | None = None,
    complaint: Complaint | None = None,
    sex: str = "",
    age_band: str = "",
    education: str = "",
    occupation: str = "",
    suggestion: str = "",
) -> SurveyResponse:
    """Record one answer: about an application whose service ended, about a complaint that
    reached a final state, or (with only `service`) from the public form. An application or a
    complaint is answered once; the second answer raises SurveyAlreadyAnswered."""
    if sorted(answers) != sorted(ELEMENTS) or any(v not in SCALE for v in answers.values()):
        raise ComplaintError(_("Nilailah kesembilan unsur pelayanan, masing-masing 1 sampai 4."))
    if (application is not None) + (complaint is not None) + (service is not None) != 1:
        raise ValueError("give exactly one of service, application and complaint")
    if application is not None:
        if application.status not in FINISHED_APPLICATION_STATUSES:
            raise SurveyUnavailable()
        service, source = application.service, SurveySource.APPLICATION
    elif complaint is not None:
        if complaint.status not in workflow.FINAL:
            raise SurveyUnavailable(
                _("Survei dapat diisi setelah pengaduan Anda selesai ditangani.")
            )
        service, source = complaint_survey_service(complaint), SurveySource.COMPLAINT
    else:
        source = SurveySource.PUBLIC
    try:
        # The one-to-one columns refuse a second answer even when two arrive at once.
        with transaction.atomic():
            return SurveyResponse.objects.create(
                service=service,
                source=source,
                application=application,
                complaint=complaint,
                sex=sex,
                age_band=age_band,
                education=education,
                occupation=occupation,
                suggestion=suggestion,
                **answers,
            )
    except IntegrityError:
        raise SurveyAlreadyAnswered() from None
