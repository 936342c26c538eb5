"""The candidate's session cards and waiting list through the pages, the committee's waiting
list counts, and the publish button's reasons when it is disabled."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from registration.constants import ApplicationStatus
from scheduling.constants import Attendance, OfferStatus, WaitlistStatus
from scheduling.models import Seat, SeatOffer, WaitlistEntry
from scheduling.services import seat_release, seat_take, waitlist_join
from tests.factories import ApplicationFactory
from tests.scheduling.test_results import mark, panel_session

pytestmark = pytest.mark.django_db

PAGE = "/jadwal-ujian/"


def verified():
    return ApplicationFactory(status=ApplicationStatus.VERIFIED)


def seated(session):
    application = verified()
    return seat_take(session=session, application=application, actor=application.candidate)


def page_of(client, application) -> str:
    client.force_login(application.candidate)
    response = client.get(PAGE)
    assert response.status_code == 200
    return response.content.decode()


def test_each_open_session_is_a_card_with_its_button_inside(client, make_session):
    make_session(capacity=4, platform="Zoom")
    page = page_of(client, verified())

    assert '<li class="session-card"' in page
    card = page.split('<li class="session-card"', 1)[1].split("</li>", 1)[0]
    for shown in ("Zoom", "Sisa kursi", "4 dari 4", "Pemesanan ditutup", "Pilih sesi ini", "WIB"):
        assert shown in card
    assert "<table" not in page


def test_the_session_cards_cost_the_same_queries_for_two_or_twelve_sessions(client, make_session):
    application = verified()
    client.force_login(application.candidate)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PAGE).status_code == 200
        return len(captured)

    for _ in range(2):
        make_session()
    few = queries()
    for _ in range(10):
        seated(make_session(capacity=2))
    assert queries() == few


def test_a_candidate_joins_the_waiting_list_when_all_is_full_and_sees_the_place(
    client, make_session
):
    seated(make_session(capacity=1))
    ahead, application = verified(), verified()
    waitlist_join(application=ahead, actor=ahead.candidate)

    assert "Masuk daftar tunggu" in page_of(client, application)
    response = client.post(reverse("exam_waitlist_join"), follow=True)
    client.post(reverse("exam_waitlist_join"))  # the second click

    assert WaitlistEntry.objects.filter(application=application).count() == 1
    assert "Anda di daftar tunggu, urutan ke-2." in response.content.decode()
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Anda di daftar tunggu, urutan ke-2." in dashboard


def test_joining_while_a_seat_is_free_is_refused_with_the_reason(client, make_session):
    make_session(capacity=1)
    client.force_login(verified().candidate)

    response = client.post(reverse("exam_waitlist_join"), follow=True)

    assert "Masih ada sesi dengan kursi kosong" in response.content.decode()
    assert not WaitlistEntry.objects.exists()


def test_the_offer_is_shown_with_its_deadline_and_accepted_once(
    client, make_session, django_capture_on_commit_callbacks
):
    session = make_session(capacity=1)
    holder = seated(session)
    application = verified()
    waitlist_join(application=application, actor=application.candidate)
    with django_capture_on_commit_callbacks(execute=True):
        seat_release(seat=holder, actor=holder.application.candidate)
    offer = SeatOffer.objects.get()

    page = page_of(client, application)
    assert "Kursi tersedia untuk Anda" in page
    assert "Terima paling lambat" in page
    assert "ditetapkan portal" in page
    assert "Kursi tersedia untuk Anda" in client.get(reverse("dashboard")).content.decode()

    first = client.post(reverse("exam_offer_accept"), {"offer": offer.pk}, follow=True)
    second = client.post(reverse("exam_offer_accept"), {"offer": offer.pk}, follow=True)

    assert "tersimpan" in first.content.decode()
    assert "sudah Anda terima" in second.content.decode()
    assert Seat.objects.filter(application=application, is_active=True).count() == 1
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED


def test_someone_elses_offer_is_not_found(client, make_session, django_capture_on_commit_callbacks):
    session = make_session(capacity=1)
    holder = seated(session)
    waiting = verified()
    waitlist_join(application=waiting, actor=waiting.candidate)
    with django_capture_on_commit_callbacks(execute=True):
        seat_release(seat=holder, actor=holder.application.candidate)
    client.force_login(verified().candidate)

    response = client.post(
        reverse("exam_offer_accept"), {"offer": SeatOffer.objects.get().pk}, follow=True
    )

    assert "sudah tidak berlaku" in response.content.decode()
    assert SeatOffer.objects.get().status == OfferStatus.OPEN


def test_leaving_through_the_page(client, make_session):
    seated(make_session(capacity=1))
    application = verified()
    waitlist_join(application=application, actor=application.candidate)
    client.force_login(application.candidate)

    response = client.post(reverse("exam_waitlist_leave"), follow=True)

    assert "Anda keluar dari daftar tunggu." in response.content.decode()
    assert WaitlistEntry.objects.get().status == WaitlistStatus.LEFT


def test_the_committee_sees_the_waiting_list_count(client, make_session, scheduler):
    session = make_session(capacity=1)
    seated(session)
    for _ in range(2):
        application = verified()
        waitlist_join(application=application, actor=application.candidate)
    client.force_login(scheduler)

    listing = client.get(reverse("scheduling_sessions")).content.decode()
    detail = client.get(reverse("scheduling_session", args=[session.pk])).content.decode()

    assert "2 peserta menunggu, 0 sedang ditawari kursi" in listing
    assert "2 peserta menunggu, 0 sedang ditawari kursi" in detail


# The publish button, disabled with what it waits for and who must act ---------------------------


def test_a_panel_member_sees_the_disabled_button_with_who_must_act(
    client, make_session, scheduler, assessor, head_assessor
):
    session, seats = panel_session(
        make_session, scheduler, head=head_assessor, assessors=[assessor]
    )
    mark(seats[:1], Attendance.PRESENT, assessor)
    client.force_login(assessor)

    page = client.get(reverse("results_session", args=[session.pk])).content.decode()

    assert 'disabled aria-describedby="umumkan-menunggu"' in page
    assert "Menunggu: kehadiran 1 peserta belum dicatat — asesor sesi" in page
    assert "Menunggu: hasil 1 peserta yang hadir belum diisi — asesor sesi" in page
    assert "Hanya ketua panel (Bambang Sutrisno) yang dapat mengumumkan." in page
    assert reverse("results_publish", args=[session.pk]) not in page


def test_the_head_sees_only_what_is_missing(
    client, make_session, scheduler, assessor, head_assessor
):
    session, _seats = panel_session(
        make_session, scheduler, head=head_assessor, assessors=[assessor]
    )
    client.force_login(head_assessor)

    page = client.get(reverse("results_session", args=[session.pk])).content.decode()

    assert "Menunggu: kehadiran 2 peserta belum dicatat — asesor sesi" in page
    assert "Hanya ketua panel" not in page


def test_before_the_start_the_button_waits_for_the_session(client, make_session, head_assessor):
    session = make_session(
        head_assessor=head_assessor, starts_at=timezone.now() + timedelta(days=14)
    )
    client.force_login(head_assessor)

    page = client.get(reverse("results_session", args=[session.pk])).content.decode()

    assert "Menunggu: sesi uji dimulai" in page
