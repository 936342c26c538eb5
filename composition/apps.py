from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompositionConfig(AppConfig):
    name = "composition"
    verbose_name = _("Halaman gabungan")

    def ready(self) -> None:
        # Complaints about a session or a certificate are resolved by the apps that own them;
        # complaints sits below those and is told how from here.
        from complaints.constants import AboutKind
        from complaints.subjects import reporter_subjects_register, subject_kind_register
        from composition.complaint_subjects import (
            certificate_label,
            session_label,
            subjects_of_reporter,
        )

        subject_kind_register(AboutKind.SESSION, session_label)
        subject_kind_register(AboutKind.CERTIFICATE, certificate_label)
        reporter_subjects_register(subjects_of_reporter)
