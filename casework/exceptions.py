"""Domain errors of the engine's cases; the message is for the person who tried."""

from django.core.exceptions import PermissionDenied


class CaseError(Exception):
    """The action is not possible now (wrong state or step, missing data)."""


class CaseForbidden(PermissionDenied):
    """The person may not act on this case at this step."""
