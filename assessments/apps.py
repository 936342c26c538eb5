from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Penilaian kompetensi instansi")
    default_auto_field = "django.db.models.BigAutoField"
