from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from portal.events import event_kinds_collect

        # Every app's declared event kinds (its events.py), read without naming the apps.
        event_kinds_collect()
