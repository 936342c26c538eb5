"""Filling sessions automatically: the preview shows exactly what applying does, longest
waiting first into the soonest session, never beyond capacity, and never twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from portal.models import Service
from registration.constants import ApplicationStatus
from scheduling.autofill import autofill_apply, autofill_plan
from scheduling.constants import SessionStatus
from scheduling.models import ExamSession, Seat
from scheduling.services import seat_take
from tests.factories import SERVICE_SLUG, ApplicationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

AUTOFILL = "/penjadwalan/isi-otomatis/"
STALE = "Data berubah sejak pratinjau; periksa pratinjau yang baru."


@pytest.fixture
def service():
    return Service.objects.get(slug=SERVICE_SLUG)


def waiting(count: int, *, first_verified_days_ago: int = 30) -> list:
    """Verified applications, the first one verified earliest."""
    now = timezone.now()
    return [
        ApplicationFactory(
            status=ApplicationStatus.VERIFIED,
            verified_at=now - timedelta(days=first_verified_days_ago - number),
        )
        for number in range(count)
    ]


def pairs(plan) -> list[tuple[int, int]]:
    return [(p.application.pk, p.session.pk) for p in plan.placements]


def seat_pairs() -> set[tuple[int, int]]:
    return set(Seat.objects.filter(is_active=True).values_list("application_id", "session_id"))


@pytest.fixture
def two_sessions(make_session, scheduler):
    """The later session has 2 free seats; the sooner one 3 seats with 1 taken."""
    now = timezone.now()
    later = make_session(starts_at=now + timedelta(days=20), capacity=2)
    sooner = make_session(
        starts_at=now + timedelta(days=10), capacity=3, status=SessionStatus.CLOSED
    )
    seat_take(
        session=sooner,
        application=ApplicationFactory(status=ApplicationStatus.VERIFIED),
        actor=scheduler,
    )
    return sooner, later


def test_the_plan_fills_the_soonest_session_first_in_verification_order(
    service, two_sessions, make_session
):
    sooner, later = two_sessions
    # Created newest first, so that only verified_at can give the right order.
    applications = list(reversed(waiting(5)))
    oldest_first = sorted(applications, key=lambda a: a.verified_at)
    make_session(status=SessionStatus.DRAFT)  # not accepting: a draft
    make_session(starts_at=timezone.now() - timedelta(hours=1))  # not accepting: started

    plan = autofill_plan(service=service)

    assert pairs(plan) == [
        (oldest_first[0].pk, sooner.pk),
        (oldest_first[1].pk, sooner.pk),
        (oldest_first[2].pk, later.pk),
        (oldest_first[3].pk, later.pk),
    ]
    assert plan.unplaced == [oldest_first[4]]
    assert [(load.session, load.placed) for load in plan.sessions] == [(sooner, 2), (later, 2)]


def test_the_plan_can_be_limited_to_chosen_sessions(service, two_sessions):
    _sooner, later = two_sessions
    applications = waiting(3)

    plan = autofill_plan(service=service, sessions=[later])

    assert pairs(plan) == [(applications[0].pk, later.pk), (applications[1].pk, later.pk)]
    assert plan.unplaced == [applications[2]]


def test_applying_places_exactly_the_previewed_pairs(
    client, scheduler, service, two_sessions, django_capture_on_commit_callbacks
):
    waiting(5)
    before = seat_pairs()
    client.force_login(scheduler)

    preview = client.get(AUTOFILL, {"layanan": service.slug})
    plan = preview.context["plan"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            AUTOFILL, {"layanan": service.slug, "digest": plan.digest}, follow=True
        )

    assert seat_pairs() - before == set(pairs(plan))
    assert len(pairs(plan)) == 4
    assert "4 peserta ditempatkan dan diberi tahu lewat e-mail." in [
        str(m) for m in response.context["messages"]
    ]
    assert len(mail.outbox) == 4
    for sooner_or_later in two_sessions:
        assert sooner_or_later.seats.filter(is_active=True).count() <= sooner_or_later.capacity
    # The page after applying is the new preview: the one left over, no seats for them.
    assert response.context["plan"].placements == []
    assert len(response.context["plan"].unplaced) == 1


def test_the_preview_page_lists_the_plan_and_who_is_left(client, scheduler, service, two_sessions):
    applications = waiting(5)
    client.force_login(scheduler)

    response = client.get(AUTOFILL, {"layanan": service.slug})

    html = response.content.decode()
    assert "4 peserta akan ditempatkan" in html
    assert "1 peserta tetap menunggu jadwal" in html
    assert applications[-1].candidate.profile.full_name in html
    assert f'name="digest" value="{response.context["plan"].digest}"' in html


def test_a_stale_preview_is_refused_and_the_new_one_shown(client, scheduler, service, two_sessions):
    waiting(2)
    client.force_login(scheduler)
    digest = client.get(AUTOFILL, {"layanan": service.slug}).context["plan"].digest
    # Meanwhile someone verified earlier than everyone appears (e.g. a correction).
    newcomer = waiting(1, first_verified_days_ago=90)[0]
    before = seat_pairs()

    response = client.post(AUTOFILL, {"layanan": service.slug, "digest": digest}, follow=True)

    assert seat_pairs() == before
    assert STALE in [str(m) for m in response.context["messages"]]
    assert response.context["plan"].placements[0].application == newcomer


def test_applying_twice_places_nobody_twice(
    client, scheduler, service, two_sessions, django_capture_on_commit_callbacks
):
    waiting(3)
    client.force_login(scheduler)
    digest = client.get(AUTOFILL, {"layanan": service.slug}).context["plan"].digest
    data = {"layanan": service.slug, "digest": digest}

    with django_capture_on_commit_callbacks(execute=True):
        client.post(AUTOFILL, data)
    after_first = seat_pairs()
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(AUTOFILL, data, follow=True)

    assert seat_pairs() == after_first
    assert Seat.objects.filter(is_active=True).count() == 4  # 1 before + 3 placed
    assert len(mail.outbox) == 3
    assert STALE in [str(m) for m in second.context["messages"]]


def test_autofill_apply_refuses_a_digest_of_another_plan(service, two_sessions, scheduler):
    applications = waiting(2)
    digest = autofill_plan(service=service).digest
    seat_take(session=two_sessions[1], application=applications[0], actor=scheduler)

    result = autofill_apply(service=service, digest=digest, actor=scheduler)

    assert result.stale
    assert result.seated == []
    assert pairs(result.plan) == [(applications[1].pk, two_sessions[0].pk)]


def test_autofill_apply_with_chosen_sessions_uses_only_those(service, two_sessions, scheduler):
    sooner, later = two_sessions
    waiting(3)
    digest = autofill_plan(service=service, sessions=[later]).digest

    result = autofill_apply(service=service, digest=digest, actor=scheduler, sessions=[later])

    assert not result.stale
    assert {seat.session for seat in result.seated} == {later}
    assert ExamSession.objects.get(pk=sooner.pk).seats.count() == 1


def test_choosing_sessions_on_the_page_limits_the_preview(client, scheduler, service, two_sessions):
    sooner, later = two_sessions
    waiting(3)
    client.force_login(scheduler)

    response = client.get(AUTOFILL, {"layanan": service.slug, "sesi": [sooner.pk]})

    assert {p.session for p in response.context["plan"].placements} == {sooner}
    offered = list(response.context["form"].fields["sesi"].queryset)
    assert offered == [sooner, later]


def test_with_one_service_holding_exams_the_page_opens_on_its_preview(client, scheduler):
    # The other catalogue entries (seeds 002-004) only publish their standard.
    client.force_login(scheduler)

    response = client.get("/penjadwalan/isi-otomatis/")

    assert response.status_code == 302
    assert response.url == f"/penjadwalan/isi-otomatis/?layanan={SERVICE_SLUG}"


def test_with_several_services_the_scheduler_chooses_first(client, scheduler, service):
    other = ServiceFactory(
        provider=service.provider, name="Uji Kompetensi Arsiparis", slug="uji-kompetensi-arsiparis"
    )
    other.requirements.create(code="ktp", name="Salinan KTP")  # applied for through the portal
    client.force_login(scheduler)

    response = client.get("/penjadwalan/isi-otomatis/")

    assert response.status_code == 200
    assert "— pilih layanan —" in response.text
