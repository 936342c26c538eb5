"""The audit trail: every change of state is recorded here, and timelines are read from it."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models

from portal.models import Event


def event_record(
    *,
    subject: models.Model,
    kind: str,
    actor=None,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
) -> Event:
    return Event.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        from_state=from_state,
        to_state=to_state,
        note=note,
    )


def event_list(*, subject: models.Model) -> models.QuerySet[Event]:
    return Event.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    ).select_related("actor")


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a staff page's history (templates/includes/history.html): the event in
    words, and whether it marks a problem."""

    title: str
    event: Event
    problem: bool = False
