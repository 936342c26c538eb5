"""Which state changes a provider may subscribe to, by their public names, and what each is
about: "<object>.<kind>" for every kind the owning apps declare (portal.events) on an
application, a certificate, a complaint or an engine case. The certificate's events are
recorded on its application (certificates.events): here they are the certificate's own."""

from django.db import models

from casework.models import Case
from certificates.models import Certificate
from complaints.models import Complaint
from portal.events import event_kinds
from portal.models import Service
from registration.models import Application

SUBJECTS: dict[type[models.Model], str] = {
    Application: "application",
    Complaint: "complaint",
    Case: "case",
}
CERTIFICATE_KIND_PREFIX = "certificate_"
# Kinds that stay inside the provider's team: a handler opening an anonymous reporter's seal is
# overseen by the complaint supervisor (complaints.seal_views), not announced to other systems.
NOT_OFFERED = {(Complaint, "seal_opened")}


def event_type_of(*, subject: type[models.Model] | models.Model, kind: str) -> str | None:
    """The public name of a kind on a subject, or None when it is not offered."""
    model = subject if isinstance(subject, type) else type(subject)
    name = SUBJECTS.get(model)
    if name is None or (model, kind) in NOT_OFFERED:
        return None
    if model is Application and kind.startswith(CERTIFICATE_KIND_PREFIX):
        return "certificate." + kind.removeprefix(CERTIFICATE_KIND_PREFIX)
    return f"{name}.{kind}"


def event_types() -> list[str]:
    """Every event type a subscription may choose, sorted."""
    names = {event_type_of(subject=kind.subject, kind=kind.kind) for kind in event_kinds()}
    return sorted(name for name in names if name is not None)


def event_type_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in event_types()]


def provider_id_of(subject: models.Model) -> int | None:
    """The provider whose state change this is (a complaint's own; otherwise its service's)."""
    if isinstance(subject, Complaint):
        return subject.provider_id
    field = type(subject)._meta.get_field("service")
    if field.is_cached(subject):
        return subject.service.provider_id
    return (
        Service.objects.filter(pk=subject.service_id).values_list("provider_id", flat=True).first()
    )


def object_of(*, subject: models.Model, event_type: str) -> dict:
    """What the notice is about, by public id only: {"kind": ..., "id": ...}."""
    if event_type.startswith("certificate."):
        public_id = (
            Certificate.objects.filter(application_id=subject.pk)
            .values_list("public_id", flat=True)
            .first()
        )
        if public_id is not None:
            return {"kind": "certificate", "id": str(public_id)}
    return {"kind": SUBJECTS[type(subject)], "id": str(subject.public_id)}
