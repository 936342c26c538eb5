"""Reads of the registration app: registry, applications, documents and who may see them."""

from dataclasses import dataclass

from django.db.models import QuerySet

from portal.constants import Role
from portal.events import event_list
from portal.models import Event, Requirement
from portal.roles import user_roles
from registration.constants import CLOSED_STATUSES, ApplicationStatus
from registration.models import Application, Document, Librarian
from registration.names import names_match
from registration.nip import normalize_nip


def librarian_get_by_nip(*, nip: str) -> Librarian | None:
    """The registry entry for a NIP as typed (spaces, dots and dashes allowed), or None."""
    return Librarian.objects.select_related("level", "rank").filter(nip=normalize_nip(nip)).first()


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


def application_current(*, candidate, service) -> Application | None:
    """The candidate's open application for a service (not rejected, not failed), if any."""
    return (
        Application.objects.filter(candidate=candidate, service=service)
        .exclude(status__in=CLOSED_STATUSES)
        .select_related("service", "current_level", "target_level", "verifier")
        .first()
    )


def application_list_for_candidate(*, candidate) -> QuerySet[Application]:
    return Application.objects.filter(candidate=candidate).select_related("service", "target_level")


def document_slots(*, application) -> list[tuple[Requirement, Document | None, list[Document]]]:
    """Per requirement of the service: its current document (or None) and all versions."""
    versions: dict[int, list[Document]] = {}
    for document in Document.objects.filter(application=application).order_by("-version"):
        versions.setdefault(document.requirement_id, []).append(document)
    return [
        (
            requirement,
            next((d for d in versions.get(requirement.pk, []) if d.is_current), None),
            versions.get(requirement.pk, []),
        )
        for requirement in Requirement.objects.filter(service_id=application.service_id)
    ]


def document_for_viewer(*, public_id, user) -> Document | None:
    """The document if this user may open it: its candidate, or staff whose work needs it.
    Anyone else gets None, and the view answers 404 as if it did not exist."""
    if not user.is_authenticated:
        return None
    document = (
        Document.objects.select_related("application", "requirement")
        .filter(public_id=public_id)
        .first()
    )
    if document is None:
        return None
    if document.application.candidate_id == user.pk:
        return document
    if user_roles(user) & DOCUMENT_READERS:
        return document
    return None


def application_timeline(*, application) -> QuerySet[Event]:
    return event_list(subject=application)


def application_latest_failed(*, candidate, service) -> Application | None:
    """The candidate's most recent failed application for a service: closed, so
    application_current skips it, but its result stays on the dashboard until a new one starts."""
    return (
        Application.objects.filter(
            candidate=candidate, service=service, status=ApplicationStatus.FAILED
        )
        .select_related("service")
        .order_by("-created_at")
        .first()
    )
