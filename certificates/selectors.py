"""Reads of the certificates app: the candidate's own certificate, the staff queues, the
public look-up by number."""

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from django.db.models import Count, Q, QuerySet, Value

from certificates.constants import CertificateStatus
from certificates.models import Certificate
from portal.catalogue import service_ids_of, services_of
from portal.constants import Role, Stage
from portal.models import ServiceTimeLimit
from portal.precompiled import PrecompiledModels
from portal.roles import provider_scope
from registration.conflicts import conflicted_candidate_ids
from registration.models import Application

# What a list or a certificate page shows next to the certificate, fetched in the same query.
_RELATED = (
    "application__service",
    "application__candidate",
    "application__current_level",
    "application__target_level",
)


def certificate_for_candidate(*, user, public_id: UUID | str) -> Certificate | None:
    """The certificate if it is this user's own; anyone else gets None (the view answers 404,
    as if it did not exist)."""
    if not user.is_authenticated:
        return None
    return (
        Certificate.objects.select_related(*_RELATED)
        .filter(public_id=public_id, application__candidate=user)
        .first()
    )


# From a certificate to the provider whose staff work on it (portal.roles.provider_scope).
PROVIDER_PATH = "application__service__provider"


def certificate_queue(
    *,
    stage: str,
    provider_ids: Collection[int],
    services: Mapping[int, frozenset[int]] | None = None,
    reader=None,
) -> QuerySet[Certificate]:
    """The certificates of these providers waiting at one stage, the most urgent first (revoked
    ones are done). Filtered on the certificate's own service, so that the queue pages through
    the index certificate_queue alone (portal.queues), without the applications. `services`:
    services_of() for the providers, when the caller has read it (else one query more).
    `reader`: leave out the certificates of candidates this staff member conflicts with
    (registration.conflicts)."""
    # The providers' services as a list of ids (portal.catalogue.services_of), not a join.
    if services is None:
        services = services_of(provider_ids)
    certificates = Certificate.objects.filter(
        status=stage, revoked_at__isnull=True, service_id__in=service_ids_of(services, provider_ids)
    )
    if reader is not None:
        certificates = _without_conflicts(certificates, reader)
    return certificates.select_related(*_RELATED).order_by("due_date", "created_at", "pk")


def _without_conflicts(certificates: QuerySet[Certificate], reader) -> QuerySet[Certificate]:
    """`certificates` less those of candidates `reader` conflicts with: the few applications of
    those candidates, a small list PostgreSQL hashes once, checked against the application id
    the index certificate_queue holds (no join to the applications)."""
    conflicted = Application.objects.filter(candidate__in=conflicted_candidate_ids(reader))
    return certificates.exclude(application_id__in=conflicted.values("pk"))


# What a queue row shows (certificates.queue_cells): the certificate's own columns, without the
# application, its service, candidate and levels the certificate_queue's rows join for others.
QUEUE_ROW_FIELDS = (
    "public_id",
    "number",
    "name",
    "nip",
    "level",
    "purpose",
    "correction_request",
    "candidate_confirmed_at",
    "due_date",
)


def certificate_queue_rows() -> QuerySet[Certificate]:
    """The rows of a certificate_queue page, in one query of the shown columns."""
    return Certificate.objects.only(*QUEUE_ROW_FIELDS)


def _staff_scope(user) -> Q:
    """The certificates a member of staff may open: a certificate officer every one of their
    providers; the BKPSDM officer those that need a disposition; the signing official those
    that were numbered (sent to signature) — each at the providers where they hold the role."""
    return (
        provider_scope(user, Role.CERTIFICATE_OFFICER, path=PROVIDER_PATH)
        | Q(needs_disposition=True) & provider_scope(user, Role.BKPSDM_OFFICER, path=PROVIDER_PATH)
        | ~Q(number="") & provider_scope(user, Role.SIGNING_OFFICIAL, path=PROVIDER_PATH)
    )


def certificate_for_staff(*, user, public_id: UUID | str) -> Certificate | None:
    """The certificate if the user's staff roles let them open it (_staff_scope), else None
    (the view answers 404, as if it did not exist)."""
    return (
        Certificate.objects.select_related(*_RELATED, "validated_by", "signed_by", "legalised_by")
        .filter(_staff_scope(user), public_id=public_id)
        .first()
    )


def certificate_list_chosen(
    *, public_ids: Collection[UUID], provider_ids: Collection[int]
) -> list[Certificate]:
    """The ticked certificates of a queue that belong to these providers (any other is left
    out, as if it did not exist), oldest first."""
    return list(
        Certificate.objects.filter(
            public_id__in=public_ids, **{f"{PROVIDER_PATH}__in": provider_ids}
        ).order_by("created_at")
    )


# The public verification page's query, compiled once per process.
_CERTIFICATE_BY_NUMBER = PrecompiledModels(
    lambda number: Certificate.objects.select_related(
        "application__service__provider", "application__target_level", "status_list"
    ).filter(number=number)[:1],
    stand_in="-7654321",
)


def certificate_by_number(*, number: str) -> Certificate | None:
    """The issued certificate with this number, revoked or not, or None when unknown."""
    number = (number or "").strip()
    if not number or "\x00" in number:  # PostgreSQL refuses NUL: no number holds one
        return None
    found = _CERTIFICATE_BY_NUMBER.instances(number)
    return found[0] if found else None


def certificate_stage_counts(
    *,
    scopes: Mapping[str, Collection[int]],
    today=None,
    services: Mapping[int, frozenset[int]] | None = None,
    reader=None,
) -> dict[str, int]:
    """How many certificates wait at each stage of `scopes` (stage -> the providers whose
    certificates count there; revoked ones left out), in one grouped query; with `today`, how
    many of them are past their due date instead. `services`: services_of() for the scopes'
    providers, when the caller has read it (else one query more). `reader`: as
    certificate_queue's, so that a tab counts what its list shows."""
    tallies = certificate_stage_tallies(
        scopes=scopes, today=today, services=services, reader=reader
    )
    return {
        stage: overdue if today is not None else waiting
        for stage, (waiting, overdue) in tallies.items()
    }


def certificate_stage_tallies(
    *,
    scopes: Mapping[str, Collection[int]],
    today=None,
    services: Mapping[int, frozenset[int]] | None = None,
    reader=None,
) -> dict[str, tuple[int, int]]:
    """Per stage of `scopes`, how many certificates wait there and how many of them are past
    their due date on `today` (0 without), in one grouped query. `reader`: leave out the
    certificates of candidates this staff member conflicts with, as certificate_queue does.

    The certificates are read from the index certificate_queue alone (status, service, due
    date, id, and the application for the conflicts), the stages worked at the same providers
    (for most readers, all of them) filtered together on the providers' services (a list of
    ids, as certificate_queue does). Joining every certificate to its application (and its
    service) cost a hash join of every certificate with every application."""
    if services is None:
        services = services_of(frozenset().union(*scopes.values()))
    by_providers: dict[frozenset[int], list[str]] = defaultdict(list)
    for stage, provider_ids in scopes.items():
        by_providers[frozenset(provider_ids)].append(stage)
    in_scope = Q(pk__in=[])
    for provider_ids, stages in by_providers.items():
        in_scope |= Q(status__in=stages, service_id__in=service_ids_of(services, provider_ids))
    certificates = Certificate.objects.filter(in_scope, revoked_at__isnull=True)
    if reader is not None:
        certificates = _without_conflicts(certificates, reader)
    overdue = Count("pk", filter=Q(due_date__lt=today)) if today is not None else Value(0)
    rows = certificates.values("status").annotate(waiting=Count("pk"), overdue=overdue).order_by()
    tallies = {row["status"]: (row["waiting"], row["overdue"]) for row in rows}
    return {stage: tallies.get(stage, (0, 0)) for stage in scopes}


# Where each certificate stage with a time limit starts and ends.
_STAGE_MOMENTS = {
    Stage.DATA_VALIDATION: ("created_at", "validated_at"),
    Stage.ISSUANCE: ("validated_at", "issued_at"),
    Stage.LEGALISATION: ("signed_at", "legalised_at"),
}
STAGES_MEASURED = frozenset(_STAGE_MOMENTS)


def certificate_stage_spans(
    *, stage: str, service, since: datetime
) -> list[tuple[datetime, datetime]]:
    """When the stage (one of STAGES_MEASURED) started and ended for each certificate of the
    service whose stage ended since `since`: its durations, as the standard page measures them."""
    starts, ends = _STAGE_MOMENTS[stage]
    return list(
        Certificate.objects.filter(
            **{"application__service": service, f"{starts}__isnull": False, f"{ends}__gte": since}
        ).values_list(starts, ends)
    )


@dataclass(frozen=True)
class CandidateNextAction:
    """What a candidate who passed does next about their certificate, for the dashboard's
    result card: the stage, whether they still have to confirm the data, and by when (the
    stage's due date, from the service's time limit: `limit_from_source` False when the
    provider set that limit, not the service's source document)."""

    certificate: Certificate
    to_confirm: bool
    due_date: date | None
    limit_from_source: bool


def certificate_next_action(*, application: Application | None) -> CandidateNextAction | None:
    """The certificate's next action for a passed application; None before it has one. Two
    queries at most."""
    if application is None:
        return None
    certificate = (
        Certificate.objects.filter(application=application, revoked_at__isnull=True)
        .select_related("application__service")
        .first()
    )
    if certificate is None:
        return None
    checking = certificate.status == CertificateStatus.DATA_CHECK
    limit = None
    if checking:
        limit = ServiceTimeLimit.objects.filter(
            service_id=application.service_id, stage=Stage.DATA_VALIDATION
        ).first()
    return CandidateNextAction(
        certificate=certificate,
        to_confirm=checking
        and certificate.candidate_confirmed_at is None
        and not certificate.correction_request,
        due_date=certificate.due_date if checking else None,
        limit_from_source=limit is None or limit.from_source,
    )
