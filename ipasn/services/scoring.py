"""The provider's edit of an IP-ASN scoring entry (a dimension, a scoring-table entry or a
category) in the admin: refused unless the editor administers the service's provider (before
and after the edit), saved, and recorded as an event on the entry saying which fields changed
from what to what (the admin's own LogEntry records it too)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ipasn.models import IndexCategory, ScoreRule, ScoringDimension
from portal.events import event_record
from portal.roles import manages_provider

ScoringEntry = ScoringDimension | ScoreRule | IndexCategory

# Fields whose change is recorded (what the index reads, and where it comes from).
RECORDED = {
    ScoringDimension: ("code", "order", "weight", "source", "confirmed", "note"),
    ScoreRule: (
        "dimension",
        "indicator",
        "key",
        "label",
        "points",
        "min_hours",
        "within_years",
        "position_kinds",
        "order",
        "source",
        "confirmed",
        "note",
    ),
    IndexCategory: ("code", "lower", "upper", "source", "confirmed", "note"),
}


def entry_provider_id(entry: ScoringEntry) -> int:
    """The provider of the entry's service."""
    if isinstance(entry, ScoreRule):
        return entry.dimension.service.provider_id
    return entry.service.provider_id


def _shown(entry: ScoringEntry, name: str) -> str:
    value = getattr(entry, name)
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def scoring_entry_changes(before: ScoringEntry | None, after: ScoringEntry) -> list[str]:
    """What changed, one "field: old → new" per field (every recorded field of a new entry)."""
    changes = []
    for name in RECORDED[type(after)]:
        label = str(after._meta.get_field(name).verbose_name)
        new = _shown(after, name)
        if before is None:
            changes.append(f"{label}: {new}")
        elif _shown(before, name) != new:
            changes.append(f"{label}: {_shown(before, name)} → {new}")
    return changes


def scoring_entry_save(*, entry: ScoringEntry, actor) -> list[str]:
    """Save `entry` and record what changed (an event "scoring" on it). Returns the changes
    (empty when nothing changed: nothing recorded). PermissionDenied unless `actor` manages
    the provider of the entry's service, before and after the edit."""
    model = type(entry)
    with transaction.atomic():
        before = (
            model.objects.select_for_update(of=("self",)).filter(pk=entry.pk).first()
            if entry.pk
            else None
        )
        providers = {entry_provider_id(entry)}
        if before is not None:
            providers.add(entry_provider_id(before))
        if not all(manages_provider(actor, provider_id) for provider_id in providers):
            raise PermissionDenied
        changes = scoring_entry_changes(before, entry)
        entry.save()
        if changes:
            event_record(
                subject=entry,
                kind="scoring",
                actor=actor,
                note="; ".join(changes),
            )
    return changes
