from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    """The workflow engine's cases: any service whose steps are data (portal.ServiceStep) runs
    here, one Case per person, proposed by an institution or by the person."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "casework"
    verbose_name = _("Layanan berbasis langkah")
