"""Writes of a service's standard: whatever a provider edits becomes "ditetapkan penyelenggara",
with who and when.

The admin saves through these functions (portal.admin), so the mark follows the edit whatever
form made it: a text component is compared with the database, not with what a form says it
changed, and the mark is written in the same transaction as the text.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.constants import COMPONENT_FIELDS, TextOrigin
from portal.models import (
    ProviderHours,
    Requirement,
    Service,
    ServiceCompletionLimit,
    ServiceStep,
    ServiceTextSource,
    ServiceTimeLimit,
    TimeLimitFields,
)
from portal.roles import manages_provider

# The fields of a row whose change makes the row the provider's: what the standard page shows
# as the requirement, the promise, the hours (not, say, a requirement's file size limit).
_LIMIT_FIELDS = ("limit_unit", "limit_amount", "limit_maximum", "limit_anchor", "limit_event")

MARKED_ROW_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Requirement: ("name", "required", "provided_by", "fulfilment"),
    ServiceTimeLimit: ("stage", "working_days"),
    ProviderHours: ("weekday", "opens", "closes", "break_starts", "break_ends"),
    # A step is shown whole on the standard page ("Langkah layanan"); what the engine does at
    # it (kind, who acts, the clock) is the standard's promise too.
    ServiceStep: (
        "order",
        "kind",
        "name",
        "actor",
        "product",
        "starts_completion_clock",
        *_LIMIT_FIELDS,
    ),
    ServiceCompletionLimit: _LIMIT_FIELDS,
}


def _changed(before: models.Model | None, after: models.Model, fields) -> bool:
    if before is None:
        return True
    return any(getattr(before, name) != getattr(after, name) for name in fields)


def _manage_check(actor, *provider_ids: int | None) -> None:
    """`actor` (None: the portal itself, e.g. a data migration) manages every one of the
    providers: a provider's administrator changes its own catalogue only, whatever posts."""
    if actor is not None and not all(manages_provider(actor, pk) for pk in provider_ids):
        raise PermissionDenied


def _row_provider_id(row: models.Model) -> int | None:
    return row.provider_id if isinstance(row, ProviderHours) else row.service.provider_id


def service_standard_save(*, service: Service, actor) -> list[str]:
    """Save `service`; every standard component whose text differs from the database's (for a
    new service: every component with text) is marked set by the provider, by `actor`, now.
    Returns the components marked. PermissionDenied unless `actor` manages the service's
    provider, before and after the change."""
    with transaction.atomic():
        before = (
            Service.objects.select_for_update().filter(pk=service.pk).first()
            if service.pk
            else None
        )
        _manage_check(actor, service.provider_id, *([before.provider_id] if before else []))
        service.save()
        now = timezone.now()
        marked = []
        for component, fields in COMPONENT_FIELDS.items():
            has_text = any(getattr(service, name) not in ("", None) for name in fields)
            if before is None and not has_text:
                continue
            if not _changed(before, service, fields):
                continue
            ServiceTextSource.objects.update_or_create(
                service=service,
                component=component,
                defaults={
                    "origin": TextOrigin.PROVIDER,
                    "source_reference": "",
                    "note": "",
                    "set_by": actor,
                    "set_at": now,
                },
            )
            marked.append(component)
    return marked


def time_limit_check(row: TimeLimitFields) -> None:
    """The row's time limit reads as one (TimeLimitFields.clean), and is not half given: a
    maximum or an event without the unit and amount would be silently no limit at all."""
    row.clean()
    if (row.limit_unit == "") != (row.limit_amount is None):
        raise ValidationError(
            _("Isi satuan dan batas waktunya bersama-sama, atau kosongkan keduanya.")
        )
    if row.limit_unit == "" and (row.limit_maximum is not None or row.limit_event):
        raise ValidationError(
            _("Batas waktu maksimum dan peristiwa acuan memerlukan satuan dan batas waktunya.")
        )


def standard_row_save(*, row: models.Model, actor) -> bool:
    """Save a requirement, time limit, hours row, workflow step or completion limit; a new row,
    or one whose shown fields changed, becomes the provider's, set by `actor` now. Returns
    whether it was marked. A step's or completion limit's time limit must read as one
    (TimeLimitFields.clean: ValidationError, nothing saved), whatever form posted it."""
    fields = MARKED_ROW_FIELDS[type(row)]
    if isinstance(row, TimeLimitFields):
        time_limit_check(row)
    with transaction.atomic():
        before = type(row).objects.select_for_update().filter(pk=row.pk).first() if row.pk else None
        _manage_check(actor, _row_provider_id(row), *([_row_provider_id(before)] if before else []))
        marked = _changed(before, row, fields)
        if marked:
            row.origin = TextOrigin.PROVIDER
            row.source_reference = ""
            row.set_by = actor
            row.set_at = timezone.now()
        row.save()
    return marked
