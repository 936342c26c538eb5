"""The files an institution's services receive (seeds 003, 004: letters, signed copies, proofs,
reports): their rules for portal.uploads and the one way they are checked, naming the form field
a refusal belongs to (a CaseError, so a service's callers catch it as any refusal)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from casework.exceptions import CaseError
from portal.uploads import UploadRejected, upload_clean


@dataclass(frozen=True)
class FileRules:
    """portal.uploads.UploadRules for a document (never a photo)."""

    accepted_kinds: tuple[str, ...]
    max_size_bytes: int
    is_photo: bool = False
    photo_min_width: int = 0
    photo_min_height: int = 0


class FileRefused(CaseError):
    """An uploaded file was refused; `field` is the form field, the message says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def file_clean(file, rules: FileRules, field: str):
    """The file checked and written anew (portal.uploads.CleanFile), or FileRefused naming
    `field`."""
    if file is None:
        raise FileRefused(field, _("Pilih berkas yang akan diunggah."))
    try:
        return upload_clean(file, rules)
    except UploadRejected as exc:
        raise FileRefused(field, exc.message) from exc
