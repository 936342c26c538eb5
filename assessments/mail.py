"""Who an engagement's mails go to: the institution's operators, and the staff holding a role at
the provider (or for the one service, for external staff). Each part's sender (cooperation,
intake, settlement) writes its own templates and reads its recipients here."""

from django.contrib.auth import get_user_model
from django.db.models import Q


def operator_addresses(institution) -> list[str]:
    """The e-mails of the institution's active operators."""
    return list(
        institution.operators.filter(is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def staff_addresses(provider_id: int, role, *, service=None) -> list[str]:
    """The e-mails of the active users holding `role` at the provider (rows without a service),
    and, given `service`, of those holding it for that service only."""
    held = Q(staff_roles__service__isnull=True, staff_roles__provider_id=provider_id)
    if service is not None:
        held |= Q(staff_roles__service_id=service.pk)
    return list(
        get_user_model()
        .objects.filter(is_active=True, staff_roles__role=role)
        .filter(held)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
