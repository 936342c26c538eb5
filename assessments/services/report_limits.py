"""The provider's edit of a report limit (assessments.ReportLimit) in the admin: checked as
every time limit of a standard is (portal.services.time_limit_check), refused unless the editor
administers the service's provider, and marked "ditetapkan penyelenggara" with who and when
once what the standard page shows of it changed."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from assessments.models import ReportLimit
from portal.constants import TextOrigin
from portal.roles import manages_provider
from portal.services import time_limit_check

# What the standard page shows of a report limit: a change makes the row the provider's.
MARKED_FIELDS = (
    "purpose",
    "kind",
    "counts_from",
    "limit_unit",
    "limit_amount",
    "limit_maximum",
    "limit_anchor",
    "limit_event",
)


def report_limit_save(*, row: ReportLimit, actor) -> bool:
    """Save `row`; a new row, or one whose shown fields changed, becomes the provider's, set by
    `actor` now. Returns whether it was marked. PermissionDenied unless `actor` manages the
    service's provider (before and after); ValidationError when the limit does not read as
    one (nothing saved)."""
    time_limit_check(row)
    with transaction.atomic():
        before = (
            ReportLimit.objects.select_for_update()
            .select_related("service")
            .filter(pk=row.pk)
            .first()
            if row.pk
            else None
        )
        providers = [row.service.provider_id] + ([before.service.provider_id] if before else [])
        if not all(manages_provider(actor, provider_id) for provider_id in providers):
            raise PermissionDenied
        marked = before is None or any(
            getattr(before, name) != getattr(row, name) for name in MARKED_FIELDS
        )
        if marked:
            row.origin = TextOrigin.PROVIDER
            row.source_reference = ""
            row.set_by = actor
            row.set_at = timezone.now()
        row.save()
    return marked
