"""The assessors' screens: their sessions only, the roster with result forms, publishing and
amendments through the pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.constants import Role
from registration.constants import ApplicationStatus
from registration.nip import format_nip
from scheduling.constants import Attendance, Outcome, ResultStatus
from scheduling.models import Result, ResultAmendment
from scheduling.results import result_publish, result_record
from tests.scheduling.test_results import mark, panel_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(make_session, scheduler, assessor, head_assessor):
    return panel_session(make_session, scheduler, head=head_assessor, assessors=[assessor])


def session_url(session) -> str:
    return reverse("results_session", args=[session.pk])


def record_data(seat, **values) -> dict:
    return {f"kursi-{seat.pk}-{name}": value for name, value in values.items()}


def test_the_list_shows_only_the_sessions_the_user_assesses_or_heads(
    client, make_session, scheduler, assessor, head_assessor, make_user
):
    assessed, _ = panel_session(make_session, scheduler, head=head_assessor, assessors=[assessor])
    headed, _ = panel_session(make_session, scheduler, head=assessor, seats=1)
    other, _ = panel_session(
        make_session, scheduler, head=head_assessor, assessors=[make_user("x", Role.ASSESSOR)]
    )
    client.force_login(assessor)

    response = client.get(reverse("results_sessions"))

    assert response.status_code == 200
    assert {s.pk for s in response.context["sessions"]} == {assessed.pk, headed.pk}
    page = response.content.decode()
    assert session_url(assessed) in page
    assert session_url(other) not in page
    assert "Ketua panel" in page


def test_the_list_counts_seats_and_results(client, panel, assessor):
    _session, (recorded, present) = panel
    mark([recorded, present], Attendance.PRESENT, assessor)
    result_record(seat=recorded, actor=assessor, outcome=Outcome.PASSED)
    client.force_login(assessor)

    (listed,) = client.get(reverse("results_sessions")).context["sessions"]

    assert (listed.seats_active, listed.seats_present, listed.results_recorded) == (2, 2, 1)
    assert listed.results_missing == 1


def test_the_list_takes_the_same_queries_however_many_sessions(
    client, make_session, scheduler, assessor, head_assessor
):
    client.force_login(assessor)

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("results_sessions")).status_code == 200
        return len(queries)

    panel_session(make_session, scheduler, head=head_assessor, assessors=[assessor])
    one = queries_for_list()
    for _ in range(4):
        panel_session(make_session, scheduler, head=head_assessor, assessors=[assessor])
    five = queries_for_list()

    assert one == five


def test_a_session_the_user_does_not_assess_is_not_found(client, panel, make_user):
    session, _seats = panel
    client.force_login(make_user("asesor-lain", Role.ASSESSOR))

    assert client.get(session_url(session)).status_code == 404


def test_a_scheduler_cannot_open_the_result_screens(client, panel, scheduler):
    session, (seat, _) = panel
    client.force_login(scheduler)

    assert client.get(reverse("results_sessions")).status_code == 403
    response = client.post(
        reverse("results_record", args=[session.pk, seat.pk]),
        record_data(seat, outcome=Outcome.PASSED),
    )
    assert response.status_code == 403
    assert not Result.objects.exists()


def test_the_roster_shows_each_candidate_and_a_form_for_present_ones(client, panel, assessor):
    session, (present, unmarked) = panel
    mark([present], Attendance.PRESENT, assessor)
    client.force_login(assessor)

    response = client.get(session_url(session))

    page = response.content.decode()
    assert format_nip(present.application.candidate.nip) in page
    assert str(present.application.target_level) in page
    assert reverse("results_record", args=[session.pk, present.pk]) in page
    assert reverse("results_record", args=[session.pk, unmarked.pk]) not in page
    assert "Catat kehadiran peserta ini terlebih dahulu" in page
    # Only the head publishes: the button is shown disabled, saying who must act.
    assert reverse("results_publish", args=[session.pk]) not in page
    assert "Hanya ketua panel (Bambang Sutrisno) yang dapat mengumumkan." in page


def test_recording_through_the_page_saves_a_draft_marked_as_such(client, panel, assessor):
    session, (seat, _) = panel
    mark([seat], Attendance.PRESENT, assessor)
    client.force_login(assessor)

    response = client.post(
        reverse("results_record", args=[session.pk, seat.pk]),
        record_data(seat, outcome=Outcome.FAILED, score="45,5", notes="Perlu latihan"),
        follow=True,
    )

    result = Result.objects.get(seat=seat)
    assert (result.outcome, str(result.score), result.status) == ("failed", "45.50", "draft")
    page = response.content.decode()
    assert "Draf hasil disimpan" in page
    assert "Draf" in page
    assert "Perlu latihan" in page


def test_a_refused_record_shows_the_reason_and_keeps_the_input(client, panel, assessor):
    session, (_present, unmarked) = panel
    client.force_login(assessor)

    response = client.post(
        reverse("results_record", args=[session.pk, unmarked.pk]),
        record_data(unmarked, outcome=Outcome.PASSED, notes="Catatan saya"),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Catat dahulu bahwa peserta ini hadir" in page
    assert "Catatan saya" in page
    assert not Result.objects.exists()


def test_an_invalid_score_is_shown_on_the_form(client, panel, assessor):
    session, (seat, _) = panel
    mark([seat], Attendance.PRESENT, assessor)
    client.force_login(assessor)

    response = client.post(
        reverse("results_record", args=[session.pk, seat.pk]),
        record_data(seat, outcome=Outcome.PASSED, score="120"),
    )

    assert response.status_code == 400
    assert "Periksa kembali isian berikut" in response.content.decode()
    assert not Result.objects.exists()


def complete(session, seats, assessor) -> None:
    passed, absent = seats
    mark([passed], Attendance.PRESENT, assessor)
    mark([absent], Attendance.ABSENT, assessor)
    result_record(seat=passed, actor=assessor, outcome=Outcome.PASSED, score=80)


def test_the_head_sees_the_publish_button_with_the_counts(client, panel, assessor, head_assessor):
    session, seats = panel
    complete(session, seats, assessor)
    client.force_login(head_assessor)

    page = client.get(session_url(session)).content.decode()

    assert reverse("results_publish", args=[session.pk]) in page
    assert "hasil 2 peserta: 1 lulus, 0 tidak lulus, dan 1 tidak hadir" in page


def test_the_head_publishes_through_the_page(client, panel, assessor, head_assessor):
    session, seats = panel
    complete(session, seats, assessor)
    client.force_login(head_assessor)

    response = client.post(reverse("results_publish", args=[session.pk]), follow=True)

    page = response.content.decode()
    assert "Hasil 2 peserta diumumkan" in page
    assert set(Result.objects.values_list("status", flat=True)) == {ResultStatus.PUBLISHED}
    assert reverse("results_session_export", args=[session.pk, "xlsx"]) in page


def test_a_refused_publish_is_a_message_not_an_error_page(client, panel, assessor, head_assessor):
    session, _seats = panel
    client.force_login(head_assessor)

    response = client.post(reverse("results_publish", args=[session.pk]), follow=True)

    assert response.status_code == 200
    assert "kehadiran 2 peserta belum dicatat" in response.content.decode()


def test_an_assessor_who_is_not_head_cannot_publish_through_the_page(client, panel, assessor):
    session, seats = panel
    complete(session, seats, assessor)
    client.force_login(assessor)

    response = client.post(reverse("results_publish", args=[session.pk]), follow=True)

    assert "Hanya ketua panel" in response.content.decode()
    assert not Result.objects.filter(status=ResultStatus.PUBLISHED).exists()


@pytest.fixture
def published(panel, assessor, head_assessor):
    session, seats = panel
    complete(session, seats, assessor)
    result_publish(session=session, actor=head_assessor)
    return session, seats


def test_after_publication_the_head_gets_amendment_forms_and_others_read_only(
    client, published, assessor, head_assessor
):
    session, (passed, absent) = published
    result = Result.objects.get(seat=passed)

    client.force_login(assessor)
    read_only = client.get(session_url(session)).content.decode()
    client.force_login(head_assessor)
    response = client.get(session_url(session))
    head_page = response.content.decode()

    amend_url = reverse("results_amend", args=[result.pk])
    assert amend_url not in read_only
    assert reverse("results_record", args=[session.pk, passed.pk]) not in read_only
    assert "Hasil diumumkan" in read_only
    assert "?ralat=" not in read_only
    # The head of panel gets a link per seat; the correction form only for the seat asked.
    assert amend_url not in head_page
    assert f'href="?ralat={passed.pk}#kursi-{passed.pk}"' in head_page
    asked = client.get(session_url(session), {"ralat": passed.pk}).content.decode()
    assert amend_url in asked
    # The absent candidate's closed seat still shows, with its published result.
    assert format_nip(absent.application.candidate.nip) in read_only
    summary = response.context["summary"]
    assert (summary.seats, summary.present, summary.absent, summary.passed) == (2, 1, 1, 1)


def amend_data(result, **values) -> dict:
    return {f"ralat-{result.pk}-{name}": value for name, value in values.items()}


def test_an_amendment_without_reason_is_refused_on_the_form(client, published, head_assessor):
    _session, (passed, _absent) = published
    result = Result.objects.get(seat=passed)
    client.force_login(head_assessor)

    response = client.post(
        reverse("results_amend", args=[result.pk]),
        amend_data(result, outcome=Outcome.FAILED, score="40", reason=" "),
    )

    assert response.status_code == 400
    assert "Tuliskan alasan ralat." in response.content.decode()
    assert not ResultAmendment.objects.exists()


def test_an_amendment_through_the_page_moves_the_application_and_shows_history(
    client, published, head_assessor
):
    _session, (passed, _absent) = published
    result = Result.objects.get(seat=passed)
    client.force_login(head_assessor)

    response = client.post(
        reverse("results_amend", args=[result.pk]),
        amend_data(result, outcome=Outcome.FAILED, score="40", reason="Lembar jawaban tertukar"),
        follow=True,
    )

    passed.application.refresh_from_db()
    assert passed.application.status == ApplicationStatus.FAILED
    page = response.content.decode()
    assert "Riwayat ralat" in page
    assert "Lulus → Tidak lulus" in page
    assert "Nilai: 80 → 40" in page
    assert "Lembar jawaban tertukar" in page


def test_an_assessor_who_is_not_head_cannot_amend(client, published, assessor):
    _session, (passed, _absent) = published
    result = Result.objects.get(seat=passed)
    client.force_login(assessor)

    response = client.post(
        reverse("results_amend", args=[result.pk]),
        amend_data(result, outcome=Outcome.FAILED, reason="Salah"),
    )

    assert response.status_code == 400
    assert "Hanya ketua panel" in response.content.decode()
    assert not ResultAmendment.objects.exists()


def test_amending_a_result_of_another_session_is_not_found(client, published, make_user):
    _session, (passed, _absent) = published
    result = Result.objects.get(seat=passed)
    client.force_login(make_user("asesor-lain", Role.ASSESSOR))

    response = client.post(
        reverse("results_amend", args=[result.pk]),
        amend_data(result, outcome=Outcome.FAILED, reason="Salah"),
    )

    assert response.status_code == 404
