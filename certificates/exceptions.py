"""Why a certificate action was refused. Each carries the Indonesian message shown to the user."""

from django.utils.translation import gettext_lazy as _


class CertificateError(Exception):
    message = _("Permintaan sertifikat tidak dapat diproses.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class InvalidTransition(CertificateError):
    message = _("Sertifikat pada tahap ini tidak dapat diubah seperti itu.")
