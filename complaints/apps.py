from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _complaint_changed(sender, instance, **kwargs) -> None:
    """The public report's kept figures are computed again, now and once the change is
    committed: a page read in between would otherwise keep the old figures."""
    from complaints.reports import public_report_drop

    public_report_drop()
    transaction.on_commit(public_report_drop, robust=True)


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Pengaduan")

    def ready(self) -> None:
        from complaints.models import Complaint

        uid = "complaints.public_report"
        post_save.connect(_complaint_changed, sender=Complaint, dispatch_uid=uid)
        post_delete.connect(_complaint_changed, sender=Complaint, dispatch_uid=uid)
