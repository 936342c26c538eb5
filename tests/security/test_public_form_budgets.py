"""Complaints and public survey answers each have their own budget per address: an office behind
one NAT that filed its complaints can still answer the survey, and the other way round. The
shipped budgets leave room for several people of one office."""

import pytest
from django.urls import reverse

import config.settings as shipped
from complaints.models import Complaint
from survey.models import SurveyResponse
from tests.complaints.test_complaint_public import form_data as complaint_data
from tests.factories import SERVICE_SLUG
from tests.survey.test_survey_views import form_data as survey_data

pytestmark = pytest.mark.django_db


def complain(client, number: int) -> int:
    data = complaint_data(subject=f"Jadwal ujian tidak muncul ({number})")
    return client.post(reverse("complaint_new"), data).status_code


def answer_survey(client) -> int:
    return client.post(reverse("survey_public", args=[SERVICE_SLUG]), survey_data()).status_code


def test_using_up_the_complaint_budget_leaves_the_survey_open(client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "complaint_submit": "2/h/ip"}

    complaints = [complain(client, number) for number in range(3)]
    surveys = [answer_survey(client) for _ in range(3)]

    assert complaints == [302, 302, 429]
    assert surveys == [302, 302, 302]
    assert Complaint.objects.count() == 2
    assert SurveyResponse.objects.count() == 3


def test_using_up_the_survey_budget_leaves_the_complaint_form_open(client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "survey_submit": "2/h/ip"}

    surveys = [answer_survey(client) for _ in range(3)]
    complaints = [complain(client, number) for number in range(3)]

    assert surveys == [302, 302, 429]
    assert complaints == [302, 302, 302]
    assert SurveyResponse.objects.count() == 2


def test_the_shipped_budgets_let_one_office_file_several_complaints_and_answers(client, settings):
    settings.PORTAL_RATE_LIMITS = shipped.PORTAL_RATE_LIMITS

    complaints = [complain(client, number) for number in range(8)]
    surveys = [answer_survey(client) for _ in range(25)]

    assert set(complaints) == {302}
    assert set(surveys) == {302}
