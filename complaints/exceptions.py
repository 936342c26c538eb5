"""Why a complaint action was refused. Each carries the Indonesian message shown to the user."""

from django.utils.translation import gettext_lazy as _


class ComplaintError(Exception):
    """`field` names the input at fault (as complaints.services' argument is named), so a form
    or the intake API can show the message next to it; None when no single input is."""

    message = _("Permintaan pengaduan tidak dapat diproses.")
    field: str | None = None

    def __init__(self, message=None, *, field: str | None = None):
        if message is not None:
            self.message = message
        if field is not None:
            self.field = field
        super().__init__(str(self.message))


class InvalidTransition(ComplaintError):
    message = _("Pengaduan pada status ini tidak dapat diubah seperti itu.")
