"""The certificates' bits in their provider's status list (portal.credentials.status): a
certificate is revoked there exactly when its revoked_at is set, the column the public check
reads."""

from certificates.models import Certificate


def certificates_revoked(status_list_id: int) -> list[int]:
    """The revoked certificates' indexes in the list (one query)."""
    return list(
        Certificate.objects.filter(status_list_id=status_list_id, revoked_at__isnull=False)
        .order_by()
        .values_list("status_list_index", flat=True)
    )
