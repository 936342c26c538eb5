"""Reads of the librarian registry, for other apps (they never query its models directly)."""

from registration.models import Librarian
from registration.nip import normalize_nip


def librarian_get_by_nip(*, nip: str) -> Librarian | None:
    """The registry entry for a NIP as typed (spaces, dots and dashes allowed), or None."""
    return Librarian.objects.select_related("level", "rank").filter(nip=normalize_nip(nip)).first()
