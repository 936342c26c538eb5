from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = _("Integrasi")

    def ready(self):
        # The kernel's event_recorded and the complaints' reply signal write delivery rows in
        # the transaction of the change they report.
        from integrations import receivers  # noqa: F401
