"""Every e-mail about an application tells the candidate the same next step as the dashboard,
for each setting of the service that changes it (who puts a verified candidate into a session:
the candidate or the committee). A candidate who trusts the e-mail must not wait for nothing."""

import html

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import TestCase
from django.urls import reverse

from portal.constants import SeatAssignment
from registration import services
from registration.constants import ApplicationStatus
from registration.next_steps import next_step
from scheduling.constants import Outcome
from scheduling.models import Result
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

# What each setting tells a verified candidate, and what it must never tell them.
VERIFIED_SAYS = {
    SeatAssignment.CANDIDATE: ("memilih jadwal ujian", "panitia akan menetapkan"),
    SeatAssignment.COMMITTEE: ("panitia akan menetapkan", "memilih jadwal ujian"),
}


def _dashboard_text(client, application) -> str:
    client.force_login(application.candidate)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return " ".join(html.unescape(response.content.decode()).split())


def _mail_text(application, template: str) -> str:
    """The e-mail as the portal sends it (through the outbox, once the transaction commits)."""
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.application_notify(application=application, template=template, returned=[])
    (message,) = mail.outbox
    return " ".join(message.body.split())


@pytest.mark.parametrize("setting", list(SeatAssignment))
@pytest.mark.parametrize(
    "status",
    [ApplicationStatus.SUBMITTED, ApplicationStatus.RETURNED, ApplicationStatus.VERIFIED],
)
def test_the_mail_and_the_dashboard_say_the_same_next_step(client, setting, status):
    application = ApplicationFactory(submitted=True, status=status)
    application.service.seat_assignment = setting
    application.service.save(update_fields=["seat_assignment"])

    sentence = next_step(application)
    assert sentence
    assert sentence in _mail_text(application, status)
    assert sentence in _dashboard_text(client, application)


@pytest.mark.parametrize("setting", list(SeatAssignment))
def test_a_verified_candidate_is_told_who_puts_them_in_a_session(client, setting):
    application = ApplicationFactory(submitted=True, status=ApplicationStatus.VERIFIED)
    application.service.seat_assignment = setting
    application.service.save(update_fields=["seat_assignment"])
    says, never = VERIFIED_SAYS[setting]

    for text in (_mail_text(application, "verified"), _dashboard_text(client, application)):
        assert says in text
        assert never not in text
    # The sentence the old e-mail sent whatever the setting.
    assert "Kami akan memberi tahu Anda jadwalnya" not in _mail_text(application, "verified")


@pytest.mark.parametrize("setting", list(SeatAssignment))
def test_an_absent_candidate_is_told_the_next_step_of_the_setting(setting):
    """Absent from the exam, the application waits for a session again: the result e-mail says
    who puts the candidate into the next one, as the dashboard does for a verified candidate."""
    application = ApplicationFactory(submitted=True, status=ApplicationStatus.VERIFIED)
    application.service.seat_assignment = setting
    application.service.save(update_fields=["seat_assignment"])
    says, never = VERIFIED_SAYS[setting]

    body = render_to_string(
        "scheduling/email/result_details.txt",
        {"application": application, "result": Result(outcome=Outcome.ABSENT)},
    )
    text = " ".join(body.split())
    assert next_step(application, status=ApplicationStatus.VERIFIED) in text
    assert says in text
    assert never not in text
