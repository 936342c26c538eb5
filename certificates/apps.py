from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Sertifikat")

    def ready(self) -> None:
        # Scheduling hands passes and published results over through its signals.
        from certificates import checks, receivers
        from certificates.credentials.status import certificates_revoked
        from portal.credentials.status import status_revoked_source_register

        receivers.connect()
        checks.register()
        status_revoked_source_register(certificates_revoked)
