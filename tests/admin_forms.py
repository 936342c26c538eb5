"""What the admin's user change form posts for the roles inline (registration.admin.
StaffRoleInline): its management form and one row per role, as a browser would send them."""

from portal.models import StaffRole

PREFIX = "staff_roles"


def staff_roles_post(
    shown=(), *, add=(), delete=(), change: dict | None = None, user=None
) -> dict[str, str]:
    """`shown`: the StaffRole rows the inline shows the poster, in its order (each posted as it
    is, unless deleted or changed); `add`: new (provider, role) rows; `delete`: rows of `shown`
    to delete; `change`: row -> (provider, role) to post in its place."""
    change = change or {}
    rows: list[tuple[StaffRole | None, object, str]] = []
    for row in shown:
        provider, role = change.get(row, (row.provider, row.role))
        rows.append((row, provider, role))
    rows += [(None, provider, role) for provider, role in add]
    data = {
        f"{PREFIX}-TOTAL_FORMS": str(len(rows)),
        f"{PREFIX}-INITIAL_FORMS": str(len(shown)),
        f"{PREFIX}-MIN_NUM_FORMS": "0",
        f"{PREFIX}-MAX_NUM_FORMS": "1000",
    }
    for index, (row, provider, role) in enumerate(rows):
        prefix = f"{PREFIX}-{index}"
        data[f"{prefix}-provider"] = str(getattr(provider, "pk", provider))
        data[f"{prefix}-role"] = str(role)
        if row is not None:
            data[f"{prefix}-id"] = str(row.pk)
            data[f"{prefix}-user"] = str(row.user_id)
        elif user is not None:
            data[f"{prefix}-user"] = str(user.pk)
        if row is not None and row in delete:
            data[f"{prefix}-DELETE"] = "on"
    return data
