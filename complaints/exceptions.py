"""Why a complaint action was refused. Each carries the Indonesian message shown to the user."""

from django.utils.translation import gettext_lazy as _


class ComplaintError(Exception):
    message = _("Permintaan pengaduan tidak dapat diproses.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class InvalidTransition(ComplaintError):
    message = _("Pengaduan pada status ini tidak dapat diubah seperti itu.")
