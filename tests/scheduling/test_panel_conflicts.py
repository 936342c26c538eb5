"""The committee never seats a candidate before an assessor who conflicts with them
(registration.conflicts), from either side: the session form shows such an assessor disabled
with the candidate and the reason, session_save refuses them whatever is posted, and seating
the candidate (by the committee, by the candidate, or moving a seat) into a session whose panel
conflicts with them is refused with the reason."""

import re

import pytest
from django.urls import reverse

from registration import services as registration
from registration.constants import ApplicationStatus, Relationship
from scheduling.exceptions import PanelConflict, SessionInvalid
from scheduling.models import Seat
from scheduling.services import seat_move, seat_take, session_save
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def declare(staff, *, relative=None, work_unit="", institution=""):
    registration.staff_declaration_save(
        user=staff,
        actor=staff,
        nip="",
        work_unit=work_unit,
        institution=institution,
        relatives=[registration.RelativeInput(nip=relative.nip, relationship=Relationship.CHILD)]
        if relative
        else [],
    )


@pytest.fixture
def seated(make_session, scheduler):
    """An open session without a panel, and a seated candidate."""
    session = make_session()
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    seat = seat_take(session=session, application=application, actor=scheduler)
    return session, seat


def test_session_save_refuses_an_assessor_related_to_a_seated_candidate(
    seated, scheduler, assessor
):
    session, seat = seated
    candidate = seat.application.candidate
    declare(assessor, relative=candidate)

    with pytest.raises(SessionInvalid) as refused:
        session_save(session=session, fields=[], assessors=[assessor], actor=scheduler)

    (message,) = refused.value.errors["assessors"]
    assert "Dewi Lestari tidak dapat menjadi asesor sesi ini" in message
    assert candidate.get_full_name() in message
    assert "kerabat yang dinyatakan (anak)" in message
    assert not session.assessors.exists()


def test_session_save_refuses_an_assessor_of_the_candidates_work_unit(
    seated, scheduler, assessor, head_assessor
):
    session, seat = seated
    profile = seat.application.candidate.profile
    declare(assessor, work_unit=profile.work_unit, institution=profile.institution)

    with pytest.raises(SessionInvalid, match="satu unit kerja"):
        session_save(session=session, fields=[], assessors=[assessor], actor=scheduler)

    # Someone without a conflict sits on the panel as before.
    session_save(session=session, fields=[], assessors=[head_assessor], actor=scheduler)
    assert list(session.assessors.all()) == [head_assessor]


def test_the_form_shows_the_conflicted_assessor_disabled_with_the_reason(
    client, seated, scheduler, assessor, head_assessor
):
    session, seat = seated
    candidate = seat.application.candidate
    declare(assessor, relative=candidate)
    client.force_login(scheduler)

    page = client.get(reverse("scheduling_session_edit", args=[session.pk])).content.decode()

    reason = (
        f"Dewi Lestari — tidak dapat dipilih: konflik kepentingan dengan peserta "
        f"{candidate.get_full_name()} (kerabat yang dinyatakan (anak))"
    )
    assert reason in page
    assert "disabled" in checkbox(page, assessor)
    assert "disabled" not in checkbox(page, head_assessor)


def checkbox(page: str, person) -> str:
    """The panel checkbox of one assessor, as rendered."""
    return re.search(rf'<input type="checkbox" name="assessors" value="{person.pk}"[^>]*>', page)[0]


def test_posting_the_conflicted_assessor_anyway_is_refused_on_the_page(
    client, seated, scheduler, assessor
):
    session, seat = seated
    declare(assessor, relative=seat.application.candidate)
    client.force_login(scheduler)
    url = reverse("scheduling_session_edit", args=[session.pk])
    form = client.get(url).context["form"]
    data = {
        name: value
        for name, value in {**form.initial, **{"service": session.service_id}}.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(
        mode=session.mode,
        platform=session.platform,
        meeting_link=session.meeting_link,
        capacity=session.capacity,
        assessors=[assessor.pk],
        head_assessor=assessor.pk,
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Dewi Lestari tidak dapat menjadi asesor sesi ini" in response.content.decode()
    assert not session.assessors.exists()


def test_the_committee_cannot_seat_a_candidate_before_a_conflicted_assessor(
    client, make_session, scheduler, assessor
):
    session = make_session()
    session.assessors.add(assessor)
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    declare(assessor, relative=application.candidate)

    with pytest.raises(PanelConflict) as refused:
        seat_take(session=session, application=application, actor=scheduler)
    assert "asesor Dewi Lestari memiliki konflik kepentingan dengan peserta" in str(refused.value)
    assert "kerabat yang dinyatakan (anak)" in str(refused.value)

    # The page's assign button says the same.
    client.force_login(scheduler)
    response = client.post(
        reverse("scheduling_seat_assign", args=[session.pk]),
        {"application": application.pk},
        follow=True,
    )
    assert "asesor Dewi Lestari memiliki konflik kepentingan" in response.content.decode()
    assert not Seat.objects.filter(application=application).exists()


def test_the_head_of_panel_counts_too(make_session, scheduler, head_assessor):
    session = make_session(head_assessor=head_assessor)
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    declare(head_assessor, relative=application.candidate)

    with pytest.raises(PanelConflict, match="Bambang Sutrisno"):
        seat_take(session=session, application=application, actor=scheduler)


def test_the_candidate_booking_is_refused_without_naming_the_assessor(make_session, assessor):
    session = make_session()
    session.assessors.add(assessor)
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    declare(assessor, relative=application.candidate)

    with pytest.raises(PanelConflict) as refused:
        seat_take(session=session, application=application, actor=application.candidate)

    assert "konflik kepentingan dengan salah satu asesornya" in str(refused.value)
    assert "Dewi" not in str(refused.value)
    assert not Seat.objects.filter(application=application).exists()


def test_moving_a_seat_into_a_conflicted_panel_is_refused(
    seated, make_session, scheduler, assessor
):
    _session, seat = seated
    target = make_session()
    target.assessors.add(assessor)
    declare(assessor, relative=seat.application.candidate)

    with pytest.raises(PanelConflict, match="Dewi Lestari"):
        seat_move(seat=seat, to_session=target, actor=scheduler)

    seat.refresh_from_db()
    assert seat.session_id == _session.pk
