"""The satisfaction survey's answers (SKM, PermenPANRB 14/2017). Answers are recorded only through
survey.services; the IKM is read through survey.selectors."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from survey.constants import AgeBand, Education, Occupation, Sex, SurveySource


class SurveyResponse(models.Model):
    """One answer to the satisfaction survey (SKM, PermenPANRB 14/2017): the nine elements on a
    scale of 1 to 4, an optional respondent profile, and one answer per use of the service."""

    service = models.ForeignKey(
        "portal.Service", on_delete=models.PROTECT, related_name="survey_responses"
    )
    source = models.CharField(_("sumber"), max_length=16, choices=SurveySource.choices)
    application = models.OneToOneField(
        "registration.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_response",
    )
    complaint = models.OneToOneField(
        "complaints.Complaint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_response",
    )
    u1 = models.PositiveSmallIntegerField(_("persyaratan"))
    u2 = models.PositiveSmallIntegerField(_("sistem, mekanisme, dan prosedur"))
    u3 = models.PositiveSmallIntegerField(_("waktu penyelesaian"))
    u4 = models.PositiveSmallIntegerField(_("biaya/tarif"))
    u5 = models.PositiveSmallIntegerField(_("produk spesifikasi jenis pelayanan"))
    u6 = models.PositiveSmallIntegerField(_("kompetensi pelaksana"))
    u7 = models.PositiveSmallIntegerField(_("perilaku pelaksana"))
    u8 = models.PositiveSmallIntegerField(_("penanganan pengaduan, saran, dan masukan"))
    u9 = models.PositiveSmallIntegerField(_("sarana dan prasarana"))
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices, blank=True)
    age_band = models.CharField(_("usia"), max_length=8, choices=AgeBand.choices, blank=True)
    education = models.CharField(
        _("pendidikan"), max_length=8, choices=Education.choices, blank=True
    )
    occupation = models.CharField(
        _("pekerjaan"), max_length=16, choices=Occupation.choices, blank=True
    )
    suggestion = models.TextField(_("saran"), blank=True)
    submitted_at = models.DateTimeField(_("diisi"), auto_now_add=True, db_index=True)

    class Meta:
        # The table the model had in complaints, where it began: moving it kept its rows
        # (migrations 0001 here and complaints 0002 change only Django's state).
        db_table = "complaints_surveyresponse"
        ordering = ["-submitted_at"]
        verbose_name = _("jawaban survei kepuasan")
        verbose_name_plural = _("jawaban survei kepuasan")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    *(
                        models.Q(**{f"u{n}__gte": 1}) & models.Q(**{f"u{n}__lte": 4})
                        for n in range(1, 10)
                    )
                ),
                name="survey_elements_1_to_4",
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} {self.submitted_at:%Y-%m-%d}"
