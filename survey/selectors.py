"""Reads of the satisfaction survey: the IKM per service and semester, and which uses of a
service a respondent may still rate.

Whose subject is it? The survey learns it from the apps that own the subjects, through their
selectors: a candidate rates only their own applications whose result was published
(registration.selectors.applications_with_published_result filters by the logged-in candidate;
a delivered certificate belongs to such an application), and a reporter rates a complaint by
its tracking code, the reporter's key everywhere in complaints (whoever holds it follows and
answers the complaint), once complaints.selectors.complaint_finished says it has ended."""

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from django.db.models import Case, Count, Exists, IntegerField, Model, OuterRef, Sum, Value, When
from django.db.models.functions import ExtractYear

from complaints.selectors import complaint_finished
from portal.catalogue import service_get_by_flow
from portal.constants import OnlineFlow
from portal.models import Provider, Service
from registration.selectors import applications_with_published_result
from survey.constants import IkmMethod
from survey.ikm import ELEMENTS, IkmFigure, IkmResult, Semester, ikm_from_totals
from survey.models import SurveyResponse
from survey.policy import IkmPolicy, ikm_policy

# A complaint filed without naming a service counts for a service of the provider it went to;
# failing that, for the service of the candidates' online application (the librarian exam).
COMPLAINT_DEFAULT_FLOW = OnlineFlow.CANDIDATE_APPLICATION


def survey_service(*, slug: str) -> Service | None:
    """The active service a public answer or the thanks page is about, None for any other slug."""
    # A slug never holds NUL, which PostgreSQL would refuse in the query.
    if not slug or "\x00" in slug:
        return None
    return Service.objects.select_related("provider").filter(slug=slug, is_active=True).first()


@dataclass(frozen=True)
class IkmReport:
    """A service's IKM over a period as its provider publishes it: both figures, which one is
    official, the respondent count and whether it reaches the provider's minimum sample."""

    result: IkmResult
    policy: IkmPolicy

    @property
    def respondents(self) -> int:
        return self.result.respondents

    @property
    def elements(self):
        return self.result.elements

    @property
    def figures(self) -> tuple[IkmFigure, ...]:
        """Dividing by 9 exactly, then with the printed weight 0.111."""
        return tuple(self.result.figure(method) for method in IkmMethod.values)

    @property
    def official_method(self) -> str:
        return self.policy.official

    @property
    def official(self) -> IkmFigure:
        return self.result.figure(self.policy.official)

    @property
    def value(self):
        return self.official.value

    @property
    def grade(self):
        return self.official.grade

    @property
    def minimum_sample(self) -> int:
        return self.policy.minimum_sample

    @property
    def representative(self) -> bool:
        """False below the minimum sample: the page marks it "belum representatif"."""
        return self.respondents >= self.policy.minimum_sample


_TOTALS = {f"total_{code}": Sum(code) for code in ELEMENTS}


def _result_of(row: Mapping) -> IkmResult:
    return ikm_from_totals(
        respondents=row["respondents"], totals=[row[f"total_{code}"] for code in ELEMENTS]
    )


def survey_ikm(*, service: Service, semester: Semester) -> IkmReport | None:
    """The IKM of a service over a semester, None without answers (one query)."""
    starts, ends = semester.bounds()
    row = SurveyResponse.objects.filter(
        service=service, submitted_at__gte=starts, submitted_at__lt=ends
    ).aggregate(respondents=Count("pk"), **_TOTALS)
    if not row["respondents"]:
        return None
    return IkmReport(result=_result_of(row), policy=ikm_policy(service))


@dataclass(frozen=True)
class SemesterResult:
    service_name: str
    service_slug: str
    semester: Semester
    ikm: IkmReport


def survey_results(
    *,
    service: Service | None = None,
    provider: Provider | None = None,
    provider_ids: Collection[int] | None = None,
) -> list[SemesterResult]:
    """The IKM of every service (or one, or those of one provider, or of the providers
    `provider_ids`: a staff reader's own) in every semester with answers: by service name, the
    latest semester first. Two queries (the totals, the services for their policies), whatever
    the number of answers."""
    queryset = SurveyResponse.objects.all()
    if service is not None:
        queryset = queryset.filter(service=service)
    if provider is not None:
        queryset = queryset.filter(service__provider=provider)
    if provider_ids is not None:
        queryset = queryset.filter(service__provider_id__in=provider_ids)
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
        .values("service", "service__name", "service__slug", "year", "half")
        .annotate(respondents=Count("pk"), **_TOTALS)
        .order_by("service__name", "service__slug", "-year", "-half")
    )
    rows = list(rows)
    services = Service.objects.select_related("provider").in_bulk({row["service"] for row in rows})
    policies = {pk: ikm_policy(service) for pk, service in services.items()}
    return [
        SemesterResult(
            service_name=row["service__name"],
            service_slug=row["service__slug"],
            semester=Semester(row["year"], row["half"]),
            ikm=IkmReport(result=_result_of(row), policy=policies[row["service"]]),
        )
        for row in rows
    ]


def applications_finished(*, user) -> list[Model]:
    """The user's own applications whose service has ended, newest first, each with `answered`
    (whether its survey answer exists). One query."""
    return list(
        applications_with_published_result(user=user).annotate(
            answered=Exists(SurveyResponse.objects.filter(application=OuterRef("pk")))
        )
    )


def complaint_survey_service(complaint: Model) -> Service:
    """The service a complaint's survey answer counts for: its own, else the first active one
    of the provider it went to, else the candidates' online application's."""
    if complaint.service_id is not None:
        return complaint.service
    service = (
        Service.objects.filter(provider_id=complaint.provider_id, is_active=True)
        .order_by("name")
        .first()
    )
    return service or service_get_by_flow(flow=COMPLAINT_DEFAULT_FLOW, active_only=False)


def complaint_survey_state(complaint: Model) -> str:
    """Whether the reporter may answer: "open" while the complaint is being handled,
    "answered" once its survey is filled, else "ready"."""
    if not complaint_finished(complaint):
        return "open"
    if SurveyResponse.objects.filter(complaint=complaint).exists():
        return "answered"
    return "ready"
