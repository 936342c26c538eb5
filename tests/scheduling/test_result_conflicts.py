"""An assessor never records or corrects the result of a candidate they conflict with
(registration.conflicts): the roster says why instead of offering the form, and the services
refuse with the reason; the rest of the panel works as before."""

import pytest
from django.urls import reverse

from registration import services as registration
from registration.constants import Relationship
from scheduling.constants import Attendance, Outcome
from scheduling.models import Result
from scheduling.results import ResultError, result_amend, result_publish, result_record
from tests.scheduling.test_results import mark, panel_session

pytestmark = pytest.mark.django_db


def declare_relative(staff, candidate):
    registration.staff_declaration_save(
        user=staff,
        actor=staff,
        nip="",
        work_unit="",
        institution="",
        relatives=[registration.RelativeInput(nip=candidate.nip, relationship=Relationship.CHILD)],
    )
    return type(staff).objects.get(pk=staff.pk)


@pytest.fixture
def panel(make_session, scheduler, assessor, head_assessor):
    session, seats = panel_session(
        make_session, scheduler, head=head_assessor, assessors=[assessor]
    )
    mark(seats, Attendance.PRESENT, head_assessor)
    return session, seats


def test_the_service_refuses_a_relatives_result_with_the_reason(panel, assessor):
    _session, (relative, other) = panel
    assessor = declare_relative(assessor, relative.application.candidate)

    with pytest.raises(
        ResultError, match="Konflik kepentingan: kerabat yang dinyatakan \\(anak\\)"
    ):
        result_record(seat=relative, actor=assessor, outcome=Outcome.PASSED)

    assert not Result.objects.filter(seat=relative).exists()
    result_record(seat=other, actor=assessor, outcome=Outcome.PASSED)  # no conflict: as before


def test_the_roster_shows_the_reason_instead_of_the_form(client, panel, assessor):
    session, (relative, other) = panel
    declare_relative(assessor, relative.application.candidate)
    client.force_login(assessor)

    page = client.get(reverse("results_session", args=[session.pk])).content.decode()

    assert reverse("results_record", args=[session.pk, relative.pk]) not in page
    assert reverse("results_record", args=[session.pk, other.pk]) in page
    assert "kerabat yang dinyatakan (anak)" in page


def test_a_post_by_url_is_refused_with_the_reason(client, panel, assessor):
    session, (relative, _other) = panel
    declare_relative(assessor, relative.application.candidate)
    client.force_login(assessor)

    response = client.post(
        reverse("results_record", args=[session.pk, relative.pk]),
        {f"kursi-{relative.pk}-outcome": Outcome.PASSED},
    )

    assert response.status_code == 400
    assert "Konflik kepentingan: kerabat yang dinyatakan (anak)" in response.content.decode()
    assert not Result.objects.filter(seat=relative).exists()


def test_the_head_of_panel_does_not_correct_a_relatives_result(panel, assessor, head_assessor):
    session, (relative, other) = panel
    result_record(seat=relative, actor=assessor, outcome=Outcome.PASSED)
    result_record(seat=other, actor=assessor, outcome=Outcome.FAILED)
    result_publish(session=session, actor=head_assessor)
    head = declare_relative(head_assessor, relative.application.candidate)

    with pytest.raises(ResultError, match="kerabat yang dinyatakan"):
        result_amend(
            result=Result.objects.get(seat=relative),
            actor=head,
            reason="Salah input",
            outcome=Outcome.FAILED,
        )
    assert Result.objects.get(seat=relative).outcome == Outcome.PASSED
