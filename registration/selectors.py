"""Reads of the registration app: registry, accounts and their claims, applications, documents
and who may see them."""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from portal.catalogue import service_get_by_flow
from portal.constants import OnlineFlow, Role
from portal.events import event_list
from portal.models import Event, Requirement, Service
from portal.precompiled import PrecompiledModels
from portal.roles import holds_role_at
from registration.constants import (
    CLOSED_STATUSES,
    LINK_KINDS,
    REGISTRATION_LINK_VALID,
    ApplicationStatus,
    ClaimStatus,
)
from registration.models import (
    AccountClaim,
    ApplicantSnapshot,
    Application,
    ClaimDocument,
    DispositionRule,
    Document,
    Level,
    Librarian,
    Profile,
    Rank,
    RegistrationMail,
    ServiceLevel,
    ServicePurpose,
    purpose_label,
)
from registration.names import names_match
from registration.nip import format_nip, normalize_nip

# The NIP check page's one query (and the registration's): compiled once per process.
_LIBRARIAN_BY_NIP = PrecompiledModels(
    lambda nip: Librarian.objects.select_related("level", "rank").filter(nip=nip)[:1],
    stand_in="-7654321",
)


def librarian_get_by_nip(*, nip: str) -> Librarian | None:
    """The registry entry for a NIP as typed (spaces, dots and dashes allowed), or None."""
    found = _LIBRARIAN_BY_NIP.instances(normalize_nip(nip))
    return found[0] if found else None


def candidate_rank(*, user) -> Rank | None:
    """The candidate's rank (pangkat/golongan): their profile's, else the registry's for their
    NIP; None when neither records one."""
    profile = Profile.objects.select_related("rank").filter(user_id=user.pk).first()
    if profile is not None:
        return profile.rank
    librarian = librarian_get_by_nip(nip=user.nip) if user.nip else None
    return librarian.rank if librarian is not None else None


def email_address_holder(*, email: str, exclude=None):
    """The account, other than `exclude`, that holds this address in any case: as its address
    or as one of its allauth addresses (verified or not). None when it is free."""
    email = email.strip()
    if not email:
        return None
    User = get_user_model()
    users = User.objects.filter(email__iexact=email)
    addresses = EmailAddress.objects.filter(email__iexact=email)
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
        addresses = addresses.exclude(user_id=exclude.pk)
    return users.first() or User.objects.filter(pk__in=addresses.values("user_id")).first()


def link_token_hash(token: str) -> str:
    """Links are stored by the SHA-256 of their token: the table alone opens nothing."""
    return hashlib.sha256(token.encode()).hexdigest()


def registration_link_get(*, token: str, kind: str) -> RegistrationMail | None:
    """The link mail whose token this is (used or not, expired or not), or None."""
    if kind not in LINK_KINDS:
        return None
    return (
        RegistrationMail.objects.filter(token_hash=link_token_hash(token), kind=kind)
        .select_related("user")
        .first()
    )


def link_expired(link: RegistrationMail) -> bool:
    return link.created_at < timezone.now() - REGISTRATION_LINK_VALID


# --- Account claims, for the verification panel ---------------------------------------------

# Claims the panel still has to decide come first, oldest first.
CLAIM_OPEN_STATUSES = (ClaimStatus.SUBMITTED,)


def claims_provider_id() -> int | None:
    """Whose verifiers decide account claims: a claim is about the librarian registry, which
    belongs to the librarian exam, so the provider of the service candidates apply for online
    (OnlineFlow.CANDIDATE_APPLICATION). None when no service has that flow: then nobody."""
    try:
        return service_get_by_flow(
            flow=OnlineFlow.CANDIDATE_APPLICATION, active_only=False
        ).provider_id
    except Service.DoesNotExist:
        return None


def claim_panel_member(user) -> bool:
    """May `user` see and decide account claims? A verifier at claims_provider_id(); to any
    other verifier the claim pages answer 404 and the staff home counts none."""
    return holds_role_at(user, Role.VERIFIER, claims_provider_id())


def claim_list(*, status: str | None = None) -> QuerySet[AccountClaim]:
    """Claims with what a list row shows, in one query: the registry entry and the account.
    Waiting claims oldest first, decided ones newest first; the id breaks ties, so that a page
    read by ids (portal.queues.queue_page) is stable."""
    claims = AccountClaim.objects.select_related("librarian", "account", "decided_by")
    if status:
        claims = claims.filter(status=status)
    if status in CLAIM_OPEN_STATUSES:
        return claims.order_by("created_at", "pk")
    return claims.order_by("-created_at", "-pk")


def claim_for_panel(*, public_id) -> AccountClaim | None:
    """A claim with its documents and the account's applications (a fixed number of queries)."""
    return (
        AccountClaim.objects.select_related(
            "librarian__level", "librarian__rank", "account__profile", "decided_by"
        )
        .prefetch_related(
            "documents",
            Prefetch(
                "account__applications",
                queryset=Application.objects.select_related("service").order_by("-created_at"),
            ),
        )
        .filter(public_id=public_id)
        .first()
    )


def claim_for_link(*, link: RegistrationMail) -> AccountClaim | None:
    """The claim filed from this link, for the claimant who opens it again."""
    return AccountClaim.objects.filter(link=link).first()


def claim_document_for_panel(*, claim: AccountClaim, public_id) -> ClaimDocument | None:
    return ClaimDocument.objects.filter(claim=claim, public_id=public_id).first()


def claim_timeline(*, claim: AccountClaim) -> QuerySet[Event]:
    return event_list(subject=claim)


def claims_waiting_count() -> int:
    return AccountClaim.objects.filter(status__in=CLAIM_OPEN_STATUSES).count()


@dataclass(frozen=True)
class RegistryNameCheck:
    """The registry's entry for a candidate's NIP next to the name the candidate gave."""

    librarian: Librarian | None
    name: str
    matches: bool


def registry_name_check(*, nip: str | None, name: str) -> RegistryNameCheck:
    """Does `name` (a profile's, without titles) match the registry's name for the NIP, apart
    from case, spaces and titles? The verification panel is told when it does not."""
    librarian = librarian_get_by_nip(nip=nip) if nip else None
    return RegistryNameCheck(
        librarian=librarian,
        name=name,
        matches=librarian is not None and names_match(librarian.name, name),
    )


# Staff roles whose work needs the candidates' documents.
DOCUMENT_READERS = {Role.VERIFIER, Role.CERTIFICATE_OFFICER}


def application_current(*, candidate, service, related: bool = True) -> Application | None:
    """The candidate's open application for a service (not rejected, not failed), if any,
    with its purpose's name, levels, verifier and submitted snapshot. With related=False (the
    dashboard's card: status, reference, dates, note) only its levels come with it (what
    application_missing checks) and its service is `service`: a narrower query, about half
    the ORM's work of the full one."""
    applications = Application.objects.filter(candidate=candidate, service=service).exclude(
        status__in=CLOSED_STATUSES
    )
    if not related:
        application = applications.select_related("current_level", "target_level").first()
        if application is not None:
            application.service = service
        return application
    return (
        with_purpose_name(applications)
        .select_related(
            "service", "current_level", "target_level", "verifier", *applicant_related()
        )
        .first()
    )


def application_current_status(*, candidate, service) -> Application | None:
    """application_current for a page that reads only the application's status and ids (the
    exam schedule): those columns alone, nothing joined; its service is `service`."""
    application = (
        Application.objects.filter(candidate=candidate, service=service)
        .exclude(status__in=CLOSED_STATUSES)
        .only("id", "public_id", "candidate_id", "service_id", "status")
        .first()
    )
    if application is not None:
        application.service = service
    return application


def application_list_for_candidate(*, candidate) -> QuerySet[Application]:
    return Application.objects.filter(candidate=candidate).select_related("service", "target_level")


# document_slots' two queries for every requirement, compiled once per process (the review
# page and the candidate's pages ask them on every request; issue 19).
_SERVICE_REQUIREMENTS = PrecompiledModels(
    lambda service_id: Requirement.objects.filter(service_id=service_id)
)
_APPLICATION_DOCUMENTS = PrecompiledModels(
    lambda application_id: Document.objects.filter(application_id=application_id).order_by(
        "-version"
    )
)


def document_slots(
    *, application, code: str | None = None, requirement: Requirement | None = None
) -> list[tuple[Requirement, Document | None, list[Document]]]:
    """Per requirement of the service (or only the one of `code`, or only `requirement` when
    the caller has loaded it already): its current document (or None) and all versions."""
    if requirement is None and code is None:
        requirements = _SERVICE_REQUIREMENTS.instances(application.service_id)
        documents = _APPLICATION_DOCUMENTS.instances(application.pk)
    else:
        requirements = Requirement.objects.filter(service_id=application.service_id)
        documents = Document.objects.filter(application=application)
    if requirement is not None:
        requirements = [requirement]
        documents = documents.filter(requirement_id=requirement.pk)
    elif code is not None:
        requirements = requirements.filter(code=code)
        documents = documents.filter(requirement__code=code)
    versions: dict[int, list[Document]] = {}
    if not isinstance(documents, list):
        documents = documents.order_by("-version")
    for document in documents:
        versions.setdefault(document.requirement_id, []).append(document)
    return [
        (
            requirement,
            next((d for d in versions.get(requirement.pk, []) if d.is_current), None),
            versions.get(requirement.pk, []),
        )
        for requirement in requirements
    ]


def document_for_viewer(*, public_id, user) -> Document | None:
    """The document if this user may open it: its candidate, or staff whose work needs it, at
    the provider of the application's service. Anyone else gets None, and the view answers 404
    as if it did not exist."""
    if not user.is_authenticated:
        return None
    document = (
        Document.objects.select_related("application__service", "requirement")
        .filter(public_id=public_id)
        .first()
    )
    if document is None:
        return None
    if document.application.candidate_id == user.pk:
        return document
    provider_id = document.application.service.provider_id
    if any(holds_role_at(user, role, provider_id) for role in DOCUMENT_READERS):
        return document
    return None


def application_timeline(*, application) -> QuerySet[Event]:
    return event_list(subject=application)


def application_latest_closed(*, candidate, service) -> Application | None:
    """The candidate's most recent closed application for a service (failed, or rejected at
    verification): application_current skips it, but it stays on the dashboard, with its result
    or the reason it was rejected, until a new one starts."""
    return (
        Application.objects.filter(candidate=candidate, service=service, status__in=CLOSED_STATUSES)
        .select_related("service")
        .order_by("-created_at")
        .first()
    )


# --- The applicant's data as submitted (and verified) ------------------------------------------
#
# What the panel verified is the application's snapshot, not the live profile, which the
# candidate may edit at any time. Every app that prints, signs or exports a candidate's name,
# rank, position or institution reads it through the functions below; contact data (WhatsApp,
# mailing address) stays the profile's.


def applicant_related(prefix: str = "") -> list[str]:
    """select_related() paths that load an application's snapshot in the same query: for a
    query of applications, no prefix; for rows that point at one, the path ("application__")."""
    return [f"{prefix}snapshot__rank", f"{prefix}snapshot__level"]


def applicant_name_order(prefix: str = "") -> str:
    """order_by() path of the applicant's name as submitted (rosters and exports sort by it)."""
    return f"{prefix}snapshot__name"


def applicant_snapshot(*, application: Application) -> ApplicantSnapshot | None:
    """The data the application was last submitted with: once verified, the verified data, fixed
    for good. None only for a draft (the database refuses any other application without one)."""
    return application.snapshot


def applicant_name(application: Application) -> str:
    """The candidate's name with titles as the application carries it. A draft has no snapshot
    yet: then the account's name (never the profile's, which is not what anybody verified)."""
    if application.snapshot is not None:
        return application.snapshot.full_name
    candidate = application.candidate
    return candidate.get_full_name() or candidate.username


@dataclass(frozen=True)
class SnapshotLine:
    """One line of the submitted data on the verifier's page, and what it was before."""

    label: str
    value: str
    previous: str | None = None  # the previous submission's value, when it differs

    @property
    def changed(self) -> bool:
        return self.previous is not None


# The lines of the verifier's page, each read from a snapshot as text.
SNAPSHOT_LINES = (
    (gettext_lazy("Nama dengan gelar"), lambda snapshot: snapshot.full_name),
    (gettext_lazy("NIP"), lambda snapshot: format_nip(snapshot.nip) if snapshot.nip else ""),
    (gettext_lazy("Tempat lahir"), lambda snapshot: snapshot.birth_place),
    (gettext_lazy("Tanggal lahir"), lambda snapshot: date_format(snapshot.birth_date, "j F Y")),
    (gettext_lazy("Jenis kelamin"), lambda snapshot: snapshot.get_sex_display()),
    (gettext_lazy("Pangkat/golongan"), lambda snapshot: str(snapshot.rank)),
    (gettext_lazy("Jabatan terakhir"), lambda snapshot: snapshot.position),
    (gettext_lazy("Jenjang jabatan"), lambda snapshot: str(snapshot.level)),
    (gettext_lazy("Unit kerja"), lambda snapshot: snapshot.work_unit),
    (gettext_lazy("Instansi"), lambda snapshot: snapshot.institution),
)


def snapshot_previous(*, snapshot: ApplicantSnapshot) -> ApplicantSnapshot | None:
    """The submission before this one of the same application (None for the first)."""
    return (
        ApplicantSnapshot.objects.filter(application_id=snapshot.application_id, pk__lt=snapshot.pk)
        .select_related("rank", "level")
        .order_by("-pk")
        .first()
    )


def snapshot_lines(*, snapshot: ApplicantSnapshot) -> list[SnapshotLine]:
    """The submitted data line by line, each marked with its previous value where it changed
    since the previous submission (a resubmission after a return), so the panel sees what the
    candidate changed and checks it against the documents."""
    previous = snapshot_previous(snapshot=snapshot)
    lines = []
    for label, read in SNAPSHOT_LINES:
        value = read(snapshot)
        before = read(previous) if previous is not None else value
        changed = before if before != value else None
        lines.append(SnapshotLine(label=str(label), value=value, previous=changed))
    return lines


def application_submitted_for_candidate(*, candidate) -> Application | None:
    """The candidate's latest application that has been submitted and is still running (not
    rejected, not failed): the one whose data a profile edit no longer changes. Only its
    status and the snapshot's date are read (the profile pages' note says which data a change
    reaches); anything else loads on access."""
    return (
        Application.objects.filter(candidate=candidate, snapshot__isnull=False)
        .exclude(status__in=CLOSED_STATUSES)
        .select_related("snapshot")
        .only("status", "snapshot__submitted_at")
        .order_by("-created_at")
        .first()
    )


def application_verification_spans(*, service, since: datetime) -> list[tuple[datetime, datetime]]:
    """When each application of the service verified since `since` was submitted and verified:
    the verification stage's durations (the standard page measures them). An application
    resubmitted after a return restarts its verification, so this is the last round, the one
    the verification time limit governs."""
    return list(
        Application.objects.filter(
            service=service, submitted_at__isnull=False, verified_at__gte=since
        ).values_list("submitted_at", "verified_at")
    )


# An application's service has ended for the candidate once its result is published:
# scheduling.results moves it to PASSED or FAILED then. A delivered certificate belongs to a
# PASSED application.
RESULT_PUBLISHED = (ApplicationStatus.PASSED, ApplicationStatus.FAILED)


def applications_with_published_result(*, user) -> QuerySet[Application]:
    """The user's own applications whose result was published, newest first, with their
    service: the uses of a service that have ended for the candidate (the satisfaction survey
    asks about these)."""
    return (
        Application.objects.filter(candidate=user, status__in=RESULT_PUBLISHED)
        .select_related("service")
        .order_by("-created_at")
    )


def application_result_published(application: Application) -> bool:
    return application.status in RESULT_PUBLISHED


# --- Per-service data: purposes, levels and the disposition rule ---------------------------


def service_purpose_choices(*, service: Service) -> list[tuple[str, str]]:
    """The purposes a candidate may choose for the service, in order, as (code, name)."""
    return [
        (purpose.code, purpose_label(purpose.code, purpose.name))
        for purpose in ServicePurpose.objects.filter(service=service).order_by("order", "pk")
    ]


def service_purpose_exists(*, service: Service, code: str) -> bool:
    return ServicePurpose.objects.filter(service=service, code=code).exists()


def service_levels(*, service: Service) -> QuerySet[Level]:
    """The levels the service examines, in their order."""
    return Level.objects.filter(service_levels__service=service).order_by("order")


def service_levels_missing(*, service: Service, levels) -> list[Level]:
    """Those of `levels` (None skipped) the service does not examine, in one query."""
    wanted = {level.pk: level for level in levels if level is not None}
    listed = set(
        ServiceLevel.objects.filter(service=service, level_id__in=wanted).values_list(
            "level_id", flat=True
        )
    )
    return [level for pk, level in wanted.items() if pk not in listed]


def with_purpose_name(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """Applications with their purpose's name read in the same query (purpose_name), for
    Application.get_purpose_display on lists."""
    names = ServicePurpose.objects.filter(
        service_id=OuterRef("service_id"), code=OuterRef("purpose")
    ).values("name")[:1]
    return queryset.annotate(purpose_name=Subquery(names))


def disposition_required(*, application: Application) -> bool:
    """Does the application's certificate wait for the disposition official? When its service
    has a rule for its level change (seed 000: Ahli Madya to Ahli Utama only)."""
    if application.current_level_id is None:
        return False
    return DispositionRule.objects.filter(
        service_id=application.service_id,
        from_level_id=application.current_level_id,
        to_level_id=application.target_level_id,
    ).exists()


def disposition_level_changes(*, service_ids) -> set[tuple[int, int, int]]:
    """(service, from level, to level) of every disposition rule of these services, in one
    query: for pages that judge several applications."""
    return set(
        DispositionRule.objects.filter(service_id__in=set(service_ids)).values_list(
            "service_id", "from_level_id", "to_level_id"
        )
    )


# How many known names the declaration form offers (the most used first).
KNOWN_UNITS_OFFERED = 200


def known_work_units(*, field: str = "work_unit") -> list[str]:
    """The work units (or, with field="institution", the agencies) the candidates' profiles
    name most, each once, for the staff declaration's suggestions: a staff member who picks
    the spelling the profiles use is matched by registration.conflicts without guessing."""
    rows = (
        Profile.objects.exclude(**{field: ""})
        .values(field)
        .annotate(uses=Count("pk"))
        .order_by("-uses", field)
        .values_list(field, flat=True)[:KNOWN_UNITS_OFFERED]
    )
    return list(rows)
