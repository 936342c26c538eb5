"""The audit trail: every change of state is recorded here, and timelines are read from it.

Every kind of event is declared once, by the app that records it, in its `events.py` as
`EVENT_KINDS` (a list of EventKind): its title for staff and for the candidate, whether the
candidate sees it on their own timeline, and whether it marks a problem. The kernel collects the
declarations when the apps are ready (PortalConfig.ready) without importing any app by name, and
every timeline and history reads its words from them, so no page shows a raw event name.

A kind is declared per subject model: "status" on an application and "status" on an exam
session are two kinds with their own words. event_record refuses a kind nobody declared, always:
the kinds are a closed set known when the code is written, an undeclared one is a programming
error (like a misspelt field name) that every test reaching it reports, and refusing it in
production too keeps the trail from holding rows no page can put into words. The refusal comes
before the row is written, inside the caller's transaction, so nothing half-done is kept.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.dispatch import Signal
from django.utils.functional import Promise
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.models import Event

# A title: words (with %(from)s and %(to)s for the labels of the states, when the kind has
# `states`), or a function of the event for words that depend on more than one state.
Title = str | Promise | Callable[[Event], str]

# Sent by event_record once the row is written, inside the caller's transaction (kwargs: event,
# subject): a later layer (integrations: webhooks, LAPOR!) writes its own rows in the same
# transaction, so that a rolled-back change leaves nothing behind.
event_recorded = Signal()

# What a timeline says of a row whose kind is no longer declared (a row older than a rename).
UNDECLARED_TITLE = _("Peristiwa lain")


class EventKindUndeclared(LookupError):
    """event_record was given a kind no app declares for that subject."""


@dataclass(frozen=True)
class EventKind:
    """One kind of event on one subject model, as timelines tell it.

    `title` is the staff's words; `candidate_title` the candidate's, when they read
    differently ("Peserta meminta perbaikan data" / "Perbaikan data sertifikat diminta").
    `candidate_sees`: shown on the timeline of the person the subject is about (the candidate's
    application page; a reporter's tracking page). `problem`: marks the entry as a problem (a
    return, a rejection, a revocation), or a function of the event deciding it. `states`: the
    choices whose labels fill %(from)s and %(to)s in the titles."""

    subject: type[models.Model]
    kind: str
    title: Title
    candidate_title: Title | None = None
    candidate_sees: bool = False
    problem: bool | Callable[[Event], bool] = False
    states: type[models.Choices] | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.subject._meta.label_lower, self.kind)

    def _words(self, title: Title, event: Event) -> str:
        if callable(title):
            return str(title(event))
        text = str(title)
        if self.states is not None:
            text = text % {
                "from": state_label(self.states, event.from_state),
                "to": state_label(self.states, event.to_state),
            }
        return text

    def title_of(self, event: Event, *, for_candidate: bool = False) -> str:
        if for_candidate and self.candidate_title is not None:
            return self._words(self.candidate_title, event)
        return self._words(self.title, event)

    def is_problem(self, event: Event) -> bool:
        return bool(self.problem(event) if callable(self.problem) else self.problem)


def state_label(states: type[models.Choices], value: str) -> str:
    """The label of a stored state, or the value itself when the choices no longer hold it."""
    try:
        return str(states(value).label)
    except ValueError:
        return value


_declared: dict[tuple[str, str], EventKind] = {}


def event_kinds_collect() -> None:
    """Read every installed app's `events.EVENT_KINDS` (PortalConfig.ready). A kind declared
    twice for one subject stops start-up: its words would depend on which app loaded last."""
    collected: dict[tuple[str, str], EventKind] = {}
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, "events"):
            continue
        module = import_module(f"{config.name}.events")
        for kind in getattr(module, "EVENT_KINDS", ()):
            if kind.key in collected:
                raise ImproperlyConfigured(
                    f"Event kind {kind.kind!r} of {kind.key[0]} is declared twice "
                    f"(again in {config.name}.events)."
                )
            collected[kind.key] = kind
    _declared.clear()
    _declared.update(collected)


def event_kinds() -> list[EventKind]:
    """Every declared kind (the tests walk them)."""
    return list(_declared.values())


def event_kind_get(*, subject: type[models.Model] | models.Model, kind: str) -> EventKind | None:
    return _declared.get((subject._meta.label_lower, kind))


def _kind_of(event: Event) -> EventKind | None:
    # get_for_id is served from ContentType's cache, which event_list has just filled.
    content_type = ContentType.objects.get_for_id(event.content_type_id)
    return _declared.get((f"{content_type.app_label}.{content_type.model}", event.kind))


def event_record(
    *,
    subject: models.Model,
    kind: str,
    actor=None,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
) -> Event:
    if event_kind_get(subject=subject, kind=kind) is None:
        raise EventKindUndeclared(
            f"No app declares the event kind {kind!r} for {subject._meta.label_lower}: add it "
            "to EVENT_KINDS in the recording app's events.py."
        )
    event = Event.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        from_state=from_state,
        to_state=to_state,
        note=note,
    )
    event_recorded.send(sender=type(subject), event=event, subject=subject)
    return event


def event_list(*, subject: models.Model) -> models.QuerySet[Event]:
    return Event.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    ).select_related("actor")


def event_title(event: Event, *, for_candidate: bool = False) -> str:
    """The event in words, for staff or (for_candidate) for the candidate."""
    kind = _kind_of(event)
    if kind is None:
        return gettext(UNDECLARED_TITLE)
    return kind.title_of(event, for_candidate=for_candidate)


def event_is_problem(event: Event) -> bool:
    kind = _kind_of(event)
    return kind is not None and kind.is_problem(event)


def event_candidate_sees(event: Event) -> bool:
    kind = _kind_of(event)
    return kind is not None and kind.candidate_sees


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a staff page's history (templates/includes/history.html): the event in
    words, and whether it marks a problem."""

    title: str
    event: Event
    problem: bool = False


def history_entries(events: Iterable[Event]) -> list[HistoryEntry]:
    """The events as a staff history, in the order given, each in its declared words."""
    return [HistoryEntry(event_title(event), event, event_is_problem(event)) for event in events]
