"""Writes of the satisfaction survey: one answer per use of a service.

Guarantees: an answer rates a service whose use has ended for the respondent (a published
result, a complaint that reached a final state) or, from the public form, a service as such;
an application is rated only by its own candidate, a complaint only through its tracking code
(survey.selectors says why); each application and each complaint is rated once, even when two
answers arrive at once (one-to-one columns)."""

from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from complaints.selectors import complaint_finished
from portal.models import Service
from registration.selectors import application_result_published
from survey.constants import SurveySource
from survey.exceptions import SurveyAlreadyAnswered, SurveyError, SurveyUnavailable
from survey.ikm import ELEMENTS, SCALE
from survey.models import SurveyResponse
from survey.selectors import complaint_survey_service


def survey_submit(
    *,
    answers: Mapping[str, int],
    service: Service | None = None,
    application: Model | None = None,
    complaint: Model | None = None,
    respondent=None,
    sex: str = "",
    age_band: str = "",
    education: str = "",
    occupation: str = "",
    suggestion: str = "",
) -> SurveyResponse:
    """Record one answer: about an application whose result was published (by `respondent`,
    its candidate), about a complaint that reached a final state (by whoever holds its
    tracking code), or (with only `service`) from the public form. An application or a
    complaint is answered once; the second answer raises SurveyAlreadyAnswered."""
    if sorted(answers) != sorted(ELEMENTS) or any(v not in SCALE for v in answers.values()):
        raise SurveyError(_("Nilailah kesembilan unsur pelayanan, masing-masing 1 sampai 4."))
    if (application is not None) + (complaint is not None) + (service is not None) != 1:
        raise ValueError("give exactly one of service, application and complaint")
    if application is not None:
        if respondent is None or application.candidate_id != respondent.pk:
            raise SurveyUnavailable(
                _("Survei ini hanya dapat diisi oleh peserta yang mengajukan layanan tersebut.")
            )
        if not application_result_published(application):
            raise SurveyUnavailable()
        service, source = application.service, SurveySource.APPLICATION
    elif complaint is not None:
        if not complaint_finished(complaint):
            raise SurveyUnavailable(
                _("Survei dapat diisi setelah pengaduan Anda selesai ditangani.")
            )
        service, source = complaint_survey_service(complaint), SurveySource.COMPLAINT
    else:
        source = SurveySource.PUBLIC
    try:
        # The one-to-one columns refuse a second answer even when two arrive at once.
        with transaction.atomic():
            return SurveyResponse.objects.create(
                service=service,
                source=source,
                application=application,
                complaint=complaint,
                sex=sex,
                age_band=age_band,
                education=education,
                occupation=occupation,
                suggestion=suggestion,
                **answers,
            )
    except IntegrityError:
        raise SurveyAlreadyAnswered() from None
