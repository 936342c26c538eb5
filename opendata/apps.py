from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class OpendataConfig(AppConfig):
    name = "opendata"
    verbose_name = "Data terbuka"

    def ready(self):
        from opendata.datasets import ikm_drop
        from survey.models import SurveyResponse

        # A new or removed answer changes its semester's IKM: the kept rows are built again.
        post_save.connect(ikm_drop, sender=SurveyResponse, dispatch_uid="opendata-ikm-save")
        post_delete.connect(ikm_drop, sender=SurveyResponse, dispatch_uid="opendata-ikm-delete")
