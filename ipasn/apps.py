from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IpasnConfig(AppConfig):
    name = "ipasn"
    verbose_name = _("Laporan IP-ASN")
    default_auto_field = "django.db.models.BigAutoField"
