"""Staff work only the sessions of the providers where they hold the role: the committee of one
provider does not see, open or change another provider's sessions (404, as if they did not
exist), an assessor named on another provider's session where they hold no assessor role is not
its panel, and a person holding the role at both providers works both."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.constants import Role
from portal.models import Service, StaffRole
from registration.constants import ApplicationStatus
from scheduling import workflow
from scheduling.constants import Attendance, Outcome, ResultStatus, SessionStatus
from scheduling.exceptions import NotHeadOfPanel, NotOnPanel, SchedulingError, SessionInvalid
from scheduling.models import ExamSession, Result, Seat
from scheduling.results import result_publish, result_record
from scheduling.services import (
    seat_attendance_mark,
    seat_release,
    seat_take,
    session_save,
    session_transition,
)
from tests.factories import SERVICE_SLUG, ApplicationFactory
from tests.scheduling.test_results import start
from tests.scheduling.test_staff_views import SESSION_LIST_BUDGET

pytestmark = pytest.mark.django_db


@pytest.fixture
def ours():
    """The librarian exam, at Perpusnas, where the default staff fixtures hold their roles."""
    return Service.objects.get(slug=SERVICE_SLUG)


@pytest.fixture
def theirs(other_provider_service):
    return other_provider_service


@pytest.fixture
def their_scheduler(make_user, theirs):
    return make_user("penjadwal-b", Role.SCHEDULER, provider=theirs.provider)


def seat_in(session: ExamSession, actor) -> Seat:
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED, service=session.service)
    return seat_take(session=session, application=application, actor=actor)


@pytest.fixture
def their_session(make_session, theirs, their_scheduler):
    """B's open session with one seat."""
    session = make_session(service=theirs)
    seat_in(session, their_scheduler)
    return session


# --- The committee's pages --------------------------------------------------------------------


def test_the_session_list_shows_only_the_sessions_of_the_schedulers_providers(
    client, scheduler, make_session, their_session, theirs
):
    ours = make_session()
    client.force_login(scheduler)

    response = client.get("/penjadwalan/")

    assert [session.pk for session in response.context["page"]] == [ours.pk]
    choices = response.context["filter"].form.fields["layanan"].queryset
    assert theirs not in choices
    assert "Uji Kompetensi Penyelenggara B" not in response.text
    # Asking for B's service by name is no valid choice: still only A's sessions.
    response = client.get("/penjadwalan/", {"layanan": theirs.slug})
    assert [session.pk for session in response.context["page"]] == [ours.pk]


def test_a_scheduler_at_both_providers_lists_and_opens_both(
    client, make_user, perpusnas, theirs, make_session, their_session
):
    ours = make_session()
    both = make_user("penjadwal-dua", Role.SCHEDULER, provider=[perpusnas, theirs.provider])
    client.force_login(both)

    response = client.get("/penjadwalan/")

    assert {session.pk for session in response.context["page"]} == {ours.pk, their_session.pk}
    for session in (ours, their_session):
        assert client.get(reverse("scheduling_session", args=[session.pk])).status_code == 200


def committee_requests(session: ExamSession, seat: Seat) -> list[tuple[str, str, dict]]:
    """Every committee URL of a session, with a request that would change it if allowed."""
    pk = session.pk
    return [
        ("get", f"/penjadwalan/sesi/{pk}/", {}),
        ("get", f"/penjadwalan/sesi/{pk}/ubah/", {}),
        ("post", f"/penjadwalan/sesi/{pk}/ubah/", {"capacity": "3"}),
        ("post", f"/penjadwalan/sesi/{pk}/status/", {"to": SessionStatus.CLOSED}),
        ("post", f"/penjadwalan/sesi/{pk}/tempatkan/", {"application": seat.application_id}),
        ("post", f"/penjadwalan/sesi/{pk}/kursi/{seat.pk}/pindah/", {"to_session": pk}),
        ("post", f"/penjadwalan/sesi/{pk}/kursi/{seat.pk}/lepas/", {"note": "Dilepas."}),
        ("post", f"/penjadwalan/sesi/{pk}/kehadiran/", {"seat": seat.pk, "attendance": "present"}),
        ("get", f"/penjadwalan/sesi/{pk}/peserta.csv", {}),
        ("get", f"/penjadwalan/sesi/{pk}/daftar-hadir.xlsx", {}),
    ]


def test_every_committee_url_of_another_providers_session_is_not_found(
    client, scheduler, their_session
):
    seat = their_session.seats.get()
    client.force_login(scheduler)

    for method, url, data in committee_requests(their_session, seat):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url)

    seat.refresh_from_db()
    their_session.refresh_from_db()
    assert (seat.is_active, seat.attendance) == (True, "")
    assert (their_session.status, their_session.capacity) == (SessionStatus.OPEN, 10)


def test_the_services_refuse_the_committee_of_another_provider(scheduler, their_session, theirs):
    seat = their_session.seats.get()
    waiting = ApplicationFactory(status=ApplicationStatus.VERIFIED, service=theirs)

    with pytest.raises(SchedulingError):
        session_transition(session=their_session, to=SessionStatus.CLOSED, actor=scheduler)
    with pytest.raises(SchedulingError):
        seat_take(session=their_session, application=waiting, actor=scheduler)
    with pytest.raises(SchedulingError):
        seat_release(seat=seat, actor=scheduler, note="Tidak boleh.")
    their_session.capacity = 3
    with pytest.raises(SchedulingError):
        session_save(session=their_session, fields=["capacity"], actor=scheduler)
    new = ExamSession(service=theirs)  # a new session for B's service, by A's committee
    with pytest.raises(SchedulingError):
        session_save(session=new, fields=[], actor=scheduler)

    their_session.refresh_from_db()
    assert (their_session.status, their_session.capacity) == (SessionStatus.OPEN, 10)
    assert Seat.objects.filter(session=their_session, is_active=True).count() == 1


def test_a_session_cannot_be_moved_to_another_providers_service(scheduler, theirs, make_session):
    ours = make_session(status=SessionStatus.DRAFT)
    ours.service = theirs

    with pytest.raises(SchedulingError):
        session_save(session=ours, fields=["service"], actor=scheduler)

    ours.refresh_from_db()
    assert ours.service.slug == SERVICE_SLUG


def test_the_panel_is_drawn_from_the_assessors_of_the_sessions_provider(
    client, make_user, perpusnas, theirs, their_session, assessor
):
    both = make_user("penjadwal-dua", Role.SCHEDULER, provider=[perpusnas, theirs.provider])
    their_assessor = make_user("asesor-b", Role.ASSESSOR, provider=theirs.provider)
    client.force_login(both)

    form = client.get(reverse("scheduling_session_edit", args=[their_session.pk])).context["form"]

    assert list(form.fields["assessors"].queryset) == [their_assessor]
    with pytest.raises(SessionInvalid) as refused:
        session_save(session=their_session, fields=[], assessors=[assessor], actor=both)
    assert "assessors" in refused.value.errors
    saved = session_save(session=their_session, fields=[], assessors=[their_assessor], actor=both)
    assert list(saved.assessors.all()) == [their_assessor]


def test_the_create_form_offers_only_the_schedulers_services(client, scheduler, theirs, ours):
    theirs.requirements.create(code="ktp", name="Salinan KTP")  # applied for through the portal
    client.force_login(scheduler)

    form = client.get("/penjadwalan/sesi/baru/").context["form"]

    assert list(form.fields["service"].queryset) == [ours]


def test_autofill_offers_and_fills_only_the_schedulers_services(
    client, scheduler, theirs, their_session
):
    theirs.requirements.create(code="ktp", name="Salinan KTP")
    waiting = ApplicationFactory(status=ApplicationStatus.VERIFIED, service=theirs)
    client.force_login(scheduler)

    preview = client.get("/penjadwalan/isi-otomatis/", {"layanan": theirs.slug})
    applied = client.post(
        "/penjadwalan/isi-otomatis/", {"layanan": theirs.slug, "digest": "0" * 64}
    )

    assert preview.context["plan"] is None
    assert theirs not in preview.context["form"].fields["layanan"].queryset
    assert applied.status_code == 302
    assert not Seat.objects.filter(application=waiting).exists()


def counter(response, label: str) -> int:
    text = response.text
    at = text.index(f'<span class="counter__label">{label}</span>')
    number = text.rindex('<span class="counter__number">', 0, at)
    return int(text[number:at].split(">")[1].split("<")[0])


def test_the_staff_home_counts_only_the_schedulers_providers(
    client, scheduler, make_user, perpusnas, theirs, make_session, their_session
):
    ApplicationFactory(status=ApplicationStatus.VERIFIED)
    ApplicationFactory.create_batch(2, status=ApplicationStatus.VERIFIED, service=theirs)
    make_session()
    both = make_user("penjadwal-dua", Role.SCHEDULER, provider=[perpusnas, theirs.provider])

    client.force_login(scheduler)
    mine = client.get("/staf/")
    client.force_login(both)
    all_of_them = client.get("/staf/")

    assert (counter(mine, "Menunggu jadwal"), counter(mine, "Sesi dibuka")) == (1, 1)
    assert (counter(all_of_them, "Menunggu jadwal"), counter(all_of_them, "Sesi dibuka")) == (3, 2)


# --- Assessors --------------------------------------------------------------------------------


@pytest.fixture
def named_elsewhere(their_session, assessor, their_scheduler):
    """B's session, started, naming A's assessor (who holds no assessor role at B) as its
    head and on its panel; its candidate came and has a draft result."""
    their_session.assessors.add(assessor)
    ExamSession.objects.filter(pk=their_session.pk).update(head_assessor=assessor)
    session = start(their_session)
    seat = session.seats.get()
    Seat.objects.filter(pk=seat.pk).update(attendance=Attendance.PRESENT)
    Result.objects.create(seat=seat, outcome=Outcome.PASSED, recorded_by=their_scheduler)
    return session


def test_an_assessor_named_on_another_providers_session_is_not_its_panel(named_elsewhere, assessor):
    session = ExamSession.objects.select_related("service").get(pk=named_elsewhere.pk)
    seat = session.seats.get()

    assert not workflow.is_on_panel(session, assessor)
    assert not workflow.is_head_of_panel(session, assessor)
    assert workflow.HEAD_OF_PANEL not in workflow.session_actor_kinds(session, assessor)
    with pytest.raises(NotOnPanel):
        result_record(seat=seat, actor=assessor, outcome=Outcome.FAILED)
    with pytest.raises(NotHeadOfPanel):
        result_publish(session=session, actor=assessor)
    with pytest.raises(SchedulingError):
        seat_attendance_mark(seat=seat, attendance=Attendance.ABSENT, actor=assessor)
    seat.refresh_from_db()
    assert (seat.attendance, seat.result.outcome) == (Attendance.PRESENT, Outcome.PASSED)
    assert seat.result.status == ResultStatus.DRAFT


def test_an_assessor_named_on_another_providers_session_does_not_see_it(
    client, named_elsewhere, assessor
):
    session = named_elsewhere
    seat = session.seats.get()
    client.force_login(assessor)

    listed = client.get(reverse("results_sessions")).context["sessions"]
    requests = [
        ("get", reverse("results_session", args=[session.pk]), {}),
        ("post", reverse("results_record", args=[session.pk, seat.pk]), {}),
        ("post", reverse("results_publish", args=[session.pk]), {}),
        ("get", reverse("results_session_export", args=[session.pk, "csv"]), {}),
        ("post", reverse("results_amend", args=[seat.result.pk]), {}),
        ("get", f"/penjadwalan/sesi/{session.pk}/peserta.csv", {}),
        ("post", f"/penjadwalan/sesi/{session.pk}/kehadiran/", {"seat": seat.pk}),
    ]

    assert list(listed) == []
    for method, url, data in requests:
        assert getattr(client, method)(url, data).status_code == 404, url
    home = client.get("/staf/")
    assert counter(home, "Sesi menunggu hasil") == 0
    assert counter(home, "Perlu Anda umumkan") == 0


def test_an_assessor_holding_the_role_at_both_providers_works_both(
    client, named_elsewhere, assessor, theirs, make_user
):
    StaffRole.objects.create(user=assessor, provider=theirs.provider, role=Role.ASSESSOR)
    session = ExamSession.objects.select_related("service").get(pk=named_elsewhere.pk)
    client.force_login(assessor)

    listed = client.get(reverse("results_sessions")).context["sessions"]

    assert [s.pk for s in listed] == [session.pk]
    assert client.get(reverse("results_session", args=[session.pk])).status_code == 200
    assessor.__dict__.pop("_portal_roles", None)
    assert workflow.is_head_of_panel(session, assessor)
    assert result_publish(session=session, actor=assessor) == 1
    assert counter(client.get("/staf/"), "Perlu Anda umumkan") == 0


# --- Result exports ---------------------------------------------------------------------------


@pytest.fixture
def their_published(named_elsewhere):
    Result.objects.filter(seat__session=named_elsewhere).update(
        status=ResultStatus.PUBLISHED, published_at=timezone.now()
    )
    return named_elsewhere


@pytest.mark.parametrize("role", [Role.SCHEDULER, Role.ADMINISTRATOR])
def test_result_exports_hold_only_the_readers_providers(client, make_user, their_published, role):
    reader = make_user("pembaca", role)
    client.force_login(reader)
    today = timezone.localdate()
    period = {
        "dari": (today - timedelta(days=7)).isoformat(),
        "sampai": (today + timedelta(days=7)).isoformat(),
        "format": "csv",
    }

    session_export = client.get(reverse("results_session_export", args=[their_published.pk, "csv"]))
    period_export = client.get(reverse("results_period_export"), period)

    assert session_export.status_code == 404
    assert period_export.status_code == 200
    assert "Uji Kompetensi Penyelenggara B" not in period_export.content.decode("utf-8-sig")


def test_the_committee_of_the_sessions_provider_downloads_its_results(
    client, their_scheduler, their_published
):
    client.force_login(their_scheduler)
    # The session began an hour ago: between 00.00 and 01.00 WIB that was yesterday.
    session_day = timezone.localdate(their_published.starts_at)

    session_export = client.get(reverse("results_session_export", args=[their_published.pk, "csv"]))
    period_export = client.get(
        reverse("results_period_export"),
        {"dari": session_day.isoformat(), "sampai": session_day.isoformat(), "format": "csv"},
    )

    assert session_export.status_code == 200
    assert "Uji Kompetensi Penyelenggara B" in period_export.content.decode("utf-8-sig")


@pytest.mark.parametrize("sessions", [1, 30])
def test_the_list_of_a_scheduler_at_both_providers_stays_within_its_budget(
    client, make_user, perpusnas, theirs, make_session, django_assert_max_num_queries, sessions
):
    for number in range(sessions):
        starts_at = timezone.now() + timedelta(days=number + 1)
        make_session(starts_at=starts_at)
        make_session(service=theirs, starts_at=starts_at)
    both = make_user("penjadwal-dua", Role.SCHEDULER, provider=[perpusnas, theirs.provider])
    client.force_login(both)

    with django_assert_max_num_queries(SESSION_LIST_BUDGET):
        response = client.get("/penjadwalan/")

    assert response.context["page"].paginator.count == 2 * sessions
